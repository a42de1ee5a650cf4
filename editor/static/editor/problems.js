/* global L */
// Rendering: what the server found wrong, in the panel and on the map. Each error or warning is listed
// with its message (as text); one that has a place is drawn there too: a point (where the boundary
// crosses itself) as a red marker, an area (an overlap, the part outside one's units) hatched red,
// or amber for a warning. Clicking an entry shows its place.
import {el} from 'viewer/dom';

const POINT = {radius: 9, weight: 3, color: '#ffffff', fillOpacity: 1};
const AREA = {weight: 2.5, dashArray: null};

function problemLayer(problem, severity) {
    const colour = severity === 'error' ? '#c62828' : '#f9a825';
    // GeoJSON's `style` is applied to points too, after pointToLayer: one function styles both.
    const style = (feature) => (feature.geometry.type === 'Point'
        ? {...POINT, fillColor: colour, className: `ntm-problem-point ntm-problem-${severity}`}
        : {...AREA, color: colour, className: `ntm-problem-area ntm-problem-${severity}`});
    const options = {pane: 'ntm-problems', interactive: false, snapIgnore: true};
    return L.geoJSON({type: 'Feature', geometry: problem.geometry, properties: {}}, {
        ...options, style,
        pointToLayer: (feature, latlng) => L.circleMarker(latlng, {...options, ...style(feature)}),
    });
}

class Problems {
    constructor(map, settings, {panel, fieldMarker}) {
        this.map = map;
        this.settings = settings;
        this.panel = panel;
        this.fieldMarker = fieldMarker;  // marks the form's fields named by problems
        map.createPane('ntm-problems').style.zIndex = '640';  // over the zone and its vertices' lines
        this.layers = L.featureGroup().addTo(map);
    }

    clear() {
        this.layers.clearLayers();
        this.panel.replaceChildren();
        this.panel.hidden = true;
        this.panel.className = 'ntm-feedback';
        this.fieldMarker([]);
    }

    // {errors, warnings} as the API sends them; `title` heads the list; `kind`: error, warning or ok.
    show({errors = [], warnings = []}, {title, kind, extra = []} = {}) {
        this.clear();
        const severity = kind || (errors.length ? 'error' : warnings.length ? 'warning' : 'ok');
        const items = [
            ...errors.map((problem) => this.item(problem, 'error')),
            ...warnings.map((problem) => this.item(problem, 'warning')),
        ];
        this.panel.className = `ntm-feedback ntm-feedback-${severity}`;
        const list = items.length ? [el('ul', {className: 'ntm-problem-list'}, items)] : [];
        this.panel.append(el('p', {className: 'ntm-feedback-title', text: title || ''}), ...list, ...extra);
        this.panel.hidden = false;
        this.fieldMarker([...errors, ...warnings]);
        this.panel.scrollIntoView({block: 'nearest'});
    }

    item(problem, severity) {
        const layer = problem.geometry ? problemLayer(problem, severity).addTo(this.layers) : null;
        const children = [el('span', {className: 'ntm-problem-message', text: problem.message})];
        if (problem.field && this.settings.fields[problem.field]) {
            children.unshift(el('strong', {className: 'ntm-problem-field', text: `${this.settings.fields[problem.field]}: `}));
        }
        if (layer) {
            children.push(el('button', {
                type: 'button', className: 'ntm-link', text: this.settings.messages.showOnMap,
                onclick: () => this.reveal(layer),
            }));
        }
        return el('li', {className: `ntm-problem ntm-problem-${severity}`, 'data-code': problem.code}, children);
    }

    reveal(layer) {
        const bounds = layer.getBounds();
        if (bounds.isValid()) {
            this.map.fitBounds(bounds, {maxZoom: 18, padding: [80, 80]});
        }
    }

    // Shows the first problem with a place when it is off screen.
    revealFirst() {
        const first = this.layers.getLayers()[0];
        if (first && !this.map.getBounds().intersects(first.getBounds())) {
            this.reveal(first);
        }
    }
}

export function createProblems(map, settings, elements) {
    return new Problems(map, settings, elements);
}
