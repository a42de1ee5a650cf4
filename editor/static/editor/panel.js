// UI: the head of the side panel (the zone's status, code, name, version and units), the main
// actions (new, check, save) and short notices. Everything shown comes in as text.
import {el, toast} from 'viewer/dom';
import {formatNumber} from 'viewer/format';

function byId(id) {
    return document.getElementById(id);
}

class Panel {
    constructor(settings, map) {
        this.settings = settings;
        this.map = map;
        this.status = byId('ntm-zone-status');
        this.code = byId('ntm-zone-code');
        this.title = byId('ntm-zone-title');
        this.meta = byId('ntm-zone-meta');
        this.dirty = byId('ntm-zone-dirty');
        this.save = byId('ntm-save');
        this.check = byId('ntm-check');
        this.page = document.body;
    }

    render(session) {
        const {messages, choices} = this.settings;
        const zone = session.zone;
        const properties = zone ? zone.feature.properties : {};
        const status = properties.status || 'new';
        this.status.textContent = zone ? choices.status[status] || status : messages.newZone;
        this.status.className = `ntm-badge ntm-status-${status}`;
        this.code.textContent = properties.code ? `${messages.code}: ${properties.code}` : (zone ? messages.noCode : '');
        this.code.hidden = !zone;
        this.title.textContent = properties.name || (zone ? `#${zone.id}` : messages.newZone);
        this.meta.replaceChildren(...this.metaParts(zone));
        this.dirty.hidden = !session.dirty;
        this.save.disabled = !session.editable;
        this.check.disabled = !session.editable;
        this.save.classList.toggle('ntm-attention', session.dirty);
    }

    metaParts(zone) {
        const {messages, locale} = this.settings;
        if (!zone) {
            return [el('span', {text: this.settings.user.canCreate ? messages.newZoneHint : messages.cannotCreate})];
        }
        const p = zone.feature.properties;
        const parts = [`${messages.version} ${p.version}`];
        if (p.units && p.units.length) {
            parts.push(p.units.map((unit) => unit.name).join(', '));
        }
        if (typeof p.area_ha === 'number') {
            parts.push(`${formatNumber(locale, p.area_ha, 2)} ha`);
        }
        return [el('span', {text: parts.join(' · ')})];
    }

    // The area and units the server measured, under a check's result.
    checkSummary(result) {
        const {messages, locale} = this.settings;
        const parts = [];
        if (typeof result.area_ha === 'number') {
            parts.push(`${messages.serverArea}: ${formatNumber(locale, result.area_ha, 2)} ha`);
        }
        if (result.units && result.units.length) {
            parts.push(`${messages.units}: ${result.units.map((unit) => unit.name).join(', ')}`);
        }
        return parts.length ? [el('p', {className: 'ntm-feedback-note', text: parts.join(' · ')})] : [];
    }

    busy(flag) {
        this.page.classList.toggle('ntm-busy', flag);
        this.page.setAttribute('aria-busy', String(flag));
    }

    toast(text) {
        toast(this.map.getContainer(), text);
    }

    // A notice about the last answer must not linger next to the next one.
    hideToast() {
        const box = this.map.getContainer().querySelector('.ntm-toast');
        if (box) {
            box.hidden = true;
        }
    }
}

export function createPanel(settings, map) {
    return new Panel(settings, map);
}
