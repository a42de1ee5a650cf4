/* global L */
// Rendering: what the zone is drawn against. The offline base map (today's units, from the viewer's
// /viewer/base.geojson) with the user's own units picked out; the zones the user may see and, from
// zoom 15, the parcels, both fetched for the visible area as GeoJSON, so that Geoman can snap new
// vertices to their edges (layers with `snapIgnore: false` are snapped to but never edited).
import {el} from 'viewer/dom';

const UNIT = {color: '#a1887f', weight: 1.2, fillColor: '#fbf8f1', fillOpacity: 1};
const OWN_UNIT = {color: '#2e7d32', weight: 3, fillColor: '#f1f8e9', fillOpacity: 1};
const PROVINCE = {color: '#8d6e63', weight: 2.5, dashArray: '8 5', fill: false};
const PARCEL = {color: '#8d6e63', weight: 1, fillColor: '#d7ccc8', fillOpacity: 0.25};
const PARCEL_SELECTED = {color: '#e65100', weight: 2.5, fillColor: '#ffb74d', fillOpacity: 0.55};
const ZONE_STATUS_STYLE = {
    draft: {color: '#546e7a', dashArray: '6 4', fillColor: '#b0bec5', fillOpacity: 0.25},
    submitted: {color: '#1565c0', fillColor: '#90caf9', fillOpacity: 0.3},
    approved: {color: '#1b5e20', fillColor: '#66bb6a', fillOpacity: 0.35},
    suspended: {color: '#ef6c00', fillColor: '#ffcc80', fillOpacity: 0.3},
    revoked: {color: '#757575', dashArray: '2 4', fillColor: '#e0e0e0', fillOpacity: 0.2},
};
const LABELS_FROM_ZOOM = 10;
const MAX_FEATURES = 2000;
const RELOAD_DELAY_MS = 250;

function createPanes(map) {
    map.createPane('ntm-base').style.zIndex = '250';
    map.createPane('ntm-base-labels').style.zIndex = '550';
    map.createPane('ntm-context').style.zIndex = '350';  // below the zone being edited (overlayPane, 400)
}

function baseLayer(map, settings) {
    const own = new Set(settings.units.map((unit) => unit.code));
    const layer = L.geoJSON(null, {
        pane: 'ntm-base', interactive: false, snapIgnore: true,
        style(feature) {
            if (feature.properties.level === 'province') {
                return PROVINCE;
            }
            return own.has(feature.properties.code) ? OWN_UNIT : UNIT;
        },
        onEachFeature(feature, path) {
            if (feature.properties.level !== 'province') {
                const owned = own.has(feature.properties.code);
                path.bindTooltip(el('span', {text: feature.properties.name}), {
                    permanent: true, direction: 'center', pane: 'ntm-base-labels',
                    className: owned ? 'ntm-unit-label ntm-unit-label-own' : 'ntm-unit-label',
                });
            }
        },
    }).addTo(map);
    const update = () => map.getContainer().classList.toggle('ntm-labels-hidden', map.getZoom() < LABELS_FROM_ZOOM);
    map.on('zoomend', update);
    update();
    return layer;
}

function bboxOf(map) {
    const bounds = map.getBounds().pad(0.25);
    return [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()].map((v) => v.toFixed(6));
}

// A GeoJSON layer refilled for the visible area whenever the map stops moving (zoom >= minZoom).
class AreaLayer {
    constructor(map, {minZoom, load, options}) {
        this.map = map;
        this.minZoom = minZoom;
        this.load = load;
        this.layer = L.geoJSON(null, {pane: 'ntm-context', snapIgnore: false, ...options}).addTo(map);
        this.controller = null;
        this.timer = null;
        this.waiting = null;
        this.release = null;
        this.pending = Promise.resolve();
        map.on('moveend', () => this.schedule());
    }

    // Refill once the map has stopped moving for a moment; `pending` settles when that refill has.
    schedule() {
        clearTimeout(this.timer);
        if (!this.waiting) {
            this.waiting = new Promise((resolve) => { this.release = resolve; });
            this.pending = this.waiting;
        }
        this.timer = setTimeout(() => {
            const release = this.release;
            this.waiting = null;
            release(this.refresh());
        }, RELOAD_DELAY_MS);
    }

    refresh() {
        if (this.controller) {
            this.controller.abort();
        }
        if (this.map.getZoom() < this.minZoom) {
            this.layer.clearLayers();
            this.pending = Promise.resolve();
            return this.pending;
        }
        const controller = new AbortController();
        this.controller = controller;
        this.pending = this.load(bboxOf(this.map), controller.signal).then((collection) => {
            if (this.controller === controller && collection) {
                this.layer.clearLayers();
                this.layer.addData(collection);
            }
        }).catch((error) => {
            if (error.name !== 'AbortError') {
                throw error;
            }
        });
        return this.pending;
    }
}

// Zones the user may see, around the one being edited (which the drawing layer shows instead).
function zonesLayer(map, api, settings, handlers) {
    const statusLabels = settings.choices.status;
    const area = new AreaLayer(map, {
        minZoom: settings.context.zonesMinZoom,
        load: async (bbox, signal) => {
            const answer = await api.listZones({bbox: bbox.join(','), limit: String(1000)}, signal);
            if (!answer.ok) {
                return null;
            }
            const hidden = handlers.editingId();
            answer.body.features = answer.body.features.filter((feature) => feature.id !== hidden);
            return answer.body;
        },
        options: {
            // The class lets parcels under a zone be chosen (editor.css: no clicks on zones meanwhile).
            style: (feature) => ({weight: 2, className: 'ntm-context-zone',
                ...(ZONE_STATUS_STYLE[feature.properties.status] || {})}),
            onEachFeature(feature, path) {
                const p = feature.properties;
                const title = [p.code, p.name].filter(Boolean).join(' – ');
                path.bindTooltip(el('span', {}, [
                    el('strong', {text: title}), ' · ', statusLabels[p.status] || p.status]), {sticky: true});
                path.on('click', (event) => {
                    if (!handlers.busy()) {
                        L.DomEvent.stop(event);
                        handlers.openZone(feature.id);
                    }
                });
            },
        },
    });
    return area;
}

// Parcels from zoom 15; in selection mode a click adds or removes one from the selection.
function parcelsLayer(map, api, settings, selection) {
    return new AreaLayer(map, {
        minZoom: settings.context.parcelsMinZoom,
        load: async (bbox, signal) => {
            const answer = await api.items('parcels', bbox, MAX_FEATURES, signal);
            return answer.ok ? answer.body : null;
        },
        options: {
            style: (feature) => (selection.has(feature.id) ? PARCEL_SELECTED : PARCEL),
            onEachFeature(feature, path) {
                const p = feature.properties;
                path.bindTooltip(`${p.sheet_number ?? '?'}/${p.parcel_number ?? '?'}`, {sticky: true});
                path.on('click', (event) => {
                    if (selection.active) {
                        L.DomEvent.stop(event);
                        selection.toggle(feature.id);  // restyles the parcels
                    }
                });
            },
        },
    });
}

class ParcelSelection {
    constructor() {
        this.active = false;
        this.ids = new Set();
        this.listeners = [];
    }

    has(id) {
        return this.ids.has(id);
    }

    toggle(id) {
        if (this.ids.has(id)) {
            this.ids.delete(id);
        } else {
            this.ids.add(id);
        }
        this.listeners.forEach((listener) => listener(this));
    }

    clear() {
        this.ids.clear();
        this.listeners.forEach((listener) => listener(this));
    }

    onChange(listener) {
        this.listeners.push(listener);
    }
}

// {base, zones, parcels, selection, loaded, reloadZones()}; `handlers` = {openZone(id), editingId(), busy()}.
export function createContext(map, api, settings, handlers) {
    createPanes(map);
    const base = baseLayer(map, settings);
    const loaded = api.baseMap().then((answer) => {
        if (answer.ok) {
            base.addData(answer.body);
        }
    });
    const selection = new ParcelSelection();
    const parcels = parcelsLayer(map, api, settings, selection);
    const zones = zonesLayer(map, api, settings, handlers);
    selection.onChange(() => parcels.layer.setStyle((feature) => (selection.has(feature.id) ? PARCEL_SELECTED : PARCEL)));
    map.whenReady(() => {
        zones.refresh();
        parcels.refresh();
    });
    return {
        base, zones, parcels, selection, loaded,
        reloadZones: () => zones.refresh(),
        settled: () => Promise.all([zones, parcels].flatMap((area) => [area.pending, area.waiting]).filter(Boolean)),
    };
}
