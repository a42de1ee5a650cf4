/* global L */
// UI: someone saved the zone after the user opened it (412). Both versions are shown: the user's
// unsaved one stays in the editor, the server's is drawn dashed beside it, and the attributes that
// differ are listed. The user then takes the server's version, or overwrites it with theirs by
// sending their version again with the server's new ETag.
import {el} from 'viewer/dom';

const SERVER_BOUNDARY = {color: '#1565c0', weight: 3, dashArray: '10 6', fillColor: '#64b5f6', fillOpacity: 0.12,
    interactive: false, snapIgnore: true, pane: 'ntm-problems'};
const COMPARED = ['name', 'crop', 'variety', 'declared_area_ha', 'holder', 'representative', 'households', 'markets',
    'standards', 'valid_from', 'valid_until', 'status', 'code'];

function shown(value, settings, name) {
    if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) {
        return '—';
    }
    const labels = settings.choices[name];
    if (Array.isArray(value)) {
        return value.map((item) => (labels && labels[item]) || item).join(', ');
    }
    return String((labels && labels[value]) || value);
}

// Attributes compared as values: "4.00" and 4 are the same declared area, list order does not count.
function normal(value) {
    if (Array.isArray(value)) {
        return [...value].sort().join('|');
    }
    if (value === null || value === undefined || value === '') {
        return '';
    }
    return /^-?\d+(\.\d+)?$/.test(String(value)) ? String(Number(value)) : String(value);
}

const same = (a, b) => normal(a) === normal(b);

class Conflict {
    constructor(map, settings, session, {panel}) {
        this.map = map;
        this.settings = settings;
        this.session = session;
        this.panel = panel;
        this.text = panel.querySelector('.ntm-conflict-text');
        this.diff = panel.querySelector('.ntm-conflict-diff');
        this.reload = panel.querySelector('[data-action="reload"]');
        this.overwrite = panel.querySelector('[data-action="overwrite"]');
        this.layer = L.featureGroup().addTo(map);
        this.state = null;
        this.reload.addEventListener('click', () => this.takeServer());
        this.overwrite.addEventListener('click', () => this.keepMine());
    }

    show({mine, theirs, etag, edit}) {
        const {messages, fields} = this.settings;
        this.state = {mine, theirs, etag};
        this.layer.clearLayers();
        if (theirs.geometry) {
            L.geoJSON(theirs.geometry, {style: () => SERVER_BOUNDARY, ...SERVER_BOUNDARY}).addTo(this.layer);
        }
        this.text.textContent = messages.conflictText.replace('%(version)s', theirs.properties.version);
        const rows = COMPARED.filter((name) => !same(mine.properties[name], theirs.properties[name]))
            .map((name) => el('tr', {}, [
                el('th', {scope: 'row', text: fields[name] || name}),
                el('td', {text: shown(mine.properties[name], this.settings, name)}),
                el('td', {text: shown(theirs.properties[name], this.settings, name)}),
            ]));
        this.diff.replaceChildren(...(rows.length ? [
            el('thead', {}, [el('tr', {}, [el('th', {text: ''}), el('th', {text: messages.yourVersion}),
                el('th', {text: messages.serverVersion})])]),
            el('tbody', {}, rows),
        ] : [el('caption', {text: messages.sameAttributes})]));
        // A workflow step cannot be forced onto a version the user has not seen: only reloading helps.
        this.overwrite.hidden = !edit;
        this.panel.hidden = false;
        this.panel.scrollIntoView({block: 'nearest'});
        const bounds = this.layer.getBounds();
        if (bounds.isValid()) {
            this.map.fitBounds(bounds.extend(this.session.drawing.bounds() || bounds), {maxZoom: 18, padding: [60, 60]});
        }
    }

    hide() {
        this.state = null;
        this.layer.clearLayers();
        this.panel.hidden = true;
    }

    takeServer() {
        const {theirs, etag} = this.state;
        this.hide();
        this.session.dirty = false;
        this.session.load(theirs, etag);
    }

    async keepMine() {
        const {etag} = this.state;
        this.hide();
        await this.session.save({etag});
    }
}

export function createConflict(map, settings, session, elements) {
    return new Conflict(map, settings, session, elements);
}
