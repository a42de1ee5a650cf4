/* global L */
// UI: the zone's versions as a timeline, newest first: what was done, by whom, when, why and what
// changed. Choosing a version draws its boundary, dashed, over the current one; approvers can restore
// it (a revert, recorded as a new version).
import {el} from 'viewer/dom';
import {capfirst, formatDate} from 'viewer/format';

const OLD_BOUNDARY = {color: '#6a1b9a', weight: 3, dashArray: '8 6', fillColor: '#ce93d8', fillOpacity: 0.15,
    interactive: false, snapIgnore: true, pane: 'ntm-history'};

function timeText(locale, iso) {
    const time = new Date(iso);
    const clock = new Intl.DateTimeFormat(locale, {hour: '2-digit', minute: '2-digit'}).format(time);
    return `${formatDate(locale, iso)} ${clock}`;
}

class History {
    constructor(map, settings, api, {section, list, onRevert}) {
        this.map = map;
        this.settings = settings;
        this.api = api;
        this.section = section;
        this.list = list;
        this.onRevert = onRevert;
        this.zone = null;
        this.loadedFor = null;
        map.createPane('ntm-history').style.zIndex = '630';
        this.layer = L.featureGroup().addTo(map);
        section.addEventListener('toggle', () => this.refresh());
    }

    // Called whenever another zone (or another version of it) is loaded.
    reset(zone) {
        this.zone = zone;
        this.loadedFor = null;
        this.layer.clearLayers();
        this.list.replaceChildren();
        this.section.hidden = !zone;
        this.refresh();
    }

    async refresh() {
        const zone = this.zone;
        const key = zone ? `${zone.id}:${zone.feature.properties.version}` : null;
        if (!zone || !this.section.open || this.loadedFor === key) {
            return;
        }
        this.loadedFor = key;
        this.list.replaceChildren(el('li', {className: 'ntm-muted', text: this.settings.messages.loading}));
        const answer = await this.api.history(zone.id);
        if (this.zone !== zone) {
            return;
        }
        if (!answer.ok) {
            this.list.replaceChildren(el('li', {className: 'ntm-muted', text: this.settings.messages.historyFailed}));
            return;
        }
        const versions = [...answer.body.versions].reverse();
        this.list.replaceChildren(...versions.map((version) => this.entry(version, zone)));
    }

    entry(version, zone) {
        const {messages, locale, fields} = this.settings;
        const current = version.version === zone.feature.properties.version;
        const changed = version.changed.map((name) => fields[name] || name).join(', ');
        const details = [
            el('span', {className: 'ntm-history-when', text: timeText(locale, version.at)}),
            version.user ? el('span', {className: 'ntm-history-who', text: version.user}) : null,
        ];
        const item = el('li', {className: current ? 'ntm-history-item ntm-history-current' : 'ntm-history-item'}, [
            el('button', {type: 'button', className: 'ntm-history-select', 'aria-pressed': 'false',
                onclick: () => this.select(item, version, zone)}, [
                el('span', {className: 'ntm-history-title',
                    text: `${messages.version} ${version.version} · ${capfirst(version.action_label)}`}),
                el('span', {className: 'ntm-history-meta'}, details),
            ]),
            version.reason ? el('p', {className: 'ntm-history-reason', text: `${messages.reason}: ${version.reason}`}) : null,
            changed ? el('p', {className: 'ntm-history-changed', text: `${messages.changed}: ${changed}`}) : null,
        ]);
        return item;
    }

    select(item, version, zone) {
        const pressed = item.querySelector('.ntm-history-select');
        const again = pressed.getAttribute('aria-pressed') === 'true';
        this.list.querySelectorAll('.ntm-history-select').forEach((b) => b.setAttribute('aria-pressed', 'false'));
        this.list.querySelectorAll('.ntm-history-revert').forEach((button) => button.remove());
        this.layer.clearLayers();
        if (again) {
            return;
        }
        pressed.setAttribute('aria-pressed', 'true');
        if (version.geometry) {
            const old = L.geoJSON(version.geometry, {style: () => OLD_BOUNDARY, ...OLD_BOUNDARY}).addTo(this.layer);
            this.map.fitBounds(old.getBounds().extend(this.layer.getBounds()), {maxZoom: 18, padding: [60, 60]});
        }
        const restorable = this.settings.user.decider && version.version !== zone.feature.properties.version;
        if (restorable) {
            item.append(el('button', {type: 'button', className: 'ntm-button ntm-history-revert',
                text: this.settings.messages.revertButton, onclick: () => this.onRevert(version.version)}));
        }
    }
}

export function createHistory(map, settings, api, elements) {
    return new History(map, settings, api, elements);
}
