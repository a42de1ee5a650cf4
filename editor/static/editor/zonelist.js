// UI: the zones the user works on, to open one. Extension staff see the zones of their units (approved
// zones elsewhere are public and not theirs to edit); approvers and administrators see every zone.
// Filtered by status on the server and by name or code as the user types.
import {el} from 'viewer/dom';
import {formatNumber} from 'viewer/format';

const LIMIT = 1000;
// Work first: what waits for someone, then what is in force, then the rest.
const STATUS_ORDER = {draft: 0, submitted: 1, suspended: 2, approved: 3, revoked: 4};

function fold(text) {
    return String(text || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/gi, 'd').toLowerCase();
}

class ZoneList {
    constructor(settings, api, {list, status, search, count, onOpen}) {
        this.settings = settings;
        this.api = api;
        this.list = list;
        this.status = status;
        this.search = search;
        this.count = count;
        this.onOpen = onOpen;
        this.features = [];
        this.currentId = null;
        this.loading = Promise.resolve();
        status.addEventListener('change', () => this.refresh());
        search.addEventListener('input', () => this.draw());
    }

    mine(feature) {
        if (this.settings.user.decider) {
            return true;
        }
        const own = new Set(this.settings.units.map((unit) => unit.id));
        return (feature.properties.units || []).some((unit) => own.has(unit.id));
    }

    refresh() {
        const query = {limit: String(LIMIT)};
        if (this.status.value) {
            query.status = this.status.value;
        }
        this.count.textContent = this.settings.messages.loading;
        this.loading = this.api.listZones(query).then((answer) => {
            if (!answer.ok) {
                this.features = [];
                this.count.textContent = this.settings.messages.listFailed;
                this.list.replaceChildren();
                return;
            }
            this.features = answer.body.features.filter((feature) => this.mine(feature)).sort((a, b) => (
                (STATUS_ORDER[a.properties.status] ?? 9) - (STATUS_ORDER[b.properties.status] ?? 9)
                || String(b.properties.updated_at).localeCompare(String(a.properties.updated_at))));
            this.draw();
        });
        return this.loading;
    }

    draw() {
        const {messages, choices, locale} = this.settings;
        const wanted = fold(this.search.value.trim());
        const shown = this.features.filter((feature) => !wanted
            || fold(`${feature.properties.name} ${feature.properties.code || ''}`).includes(wanted));
        this.count.textContent = messages.zonesShown.replace('%(count)s', formatNumber(locale, shown.length, 0));
        this.list.replaceChildren(...shown.map((feature) => {
            const p = feature.properties;
            const area = typeof p.area_ha === 'number' ? `${formatNumber(locale, p.area_ha, 2)} ha` : '';
            const units = (p.units || []).map((unit) => unit.name).join(', ');
            return el('li', {}, [el('button', {
                type: 'button', className: 'ntm-zone-item', 'data-zone-id': String(feature.id),
                'aria-current': feature.id === this.currentId ? 'true' : null,
                onclick: () => this.onOpen(feature.id),
            }, [
                el('span', {className: 'ntm-zone-item-head'}, [
                    el('span', {className: 'ntm-zone-item-name', text: p.name || `#${feature.id}`}),
                    el('span', {className: `ntm-badge ntm-status-${p.status}`, text: choices.status[p.status] || p.status}),
                ]),
                el('span', {className: 'ntm-zone-item-meta',
                    text: [p.code || messages.noCode, choices.crop[p.crop] || p.crop, area, units]
                        .filter(Boolean).join(' · ')}),
            ])]);
        }));
    }

    setCurrent(id) {
        this.currentId = id;
        this.list.querySelectorAll('.ntm-zone-item').forEach((button) => {
            if (button.dataset.zoneId === String(id)) {
                button.setAttribute('aria-current', 'true');
            } else {
                button.removeAttribute('aria-current');
            }
        });
    }
}

export function createZoneList(settings, api, elements) {
    return new ZoneList(settings, api, elements);
}
