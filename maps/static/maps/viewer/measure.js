/* global L */
// The measuring tool: click to add points, double-click or Esc to finish, Esc again to clear. Lengths
// are great-circle distances (Leaflet's haversine); areas are computed on the sphere of the WGS 84
// ellipsoid's area (authalic radius), within about 0.3 % of the ellipsoid at Pleiku's latitude —
// far below what a hand-clicked outline can claim. Numbers follow the reader's locale (vi-VN: 1.234,5).
import {el} from 'viewer/dom';
import {formatArea, formatLength} from 'viewer/format';

const AUTHALIC_RADIUS_M = 6371007.2;
const SAME_POINT_PX = 4;  // the two clicks of a double-click land on one point: count it once
const SHAPE = {color: '#e65100', weight: 3, dashArray: '6 6', fillColor: '#ffb74d', fillOpacity: 0.25,
    interactive: false};

export function sphericalArea(latlngs) {
    // The spherical-excess sum of Chamberlain & Duquette, "Some algorithms for polygons on a sphere" (2007).
    const rad = Math.PI / 180;
    let sum = 0;
    latlngs.forEach((point, i) => {
        const next = latlngs[(i + 1) % latlngs.length];
        sum += (next.lng - point.lng) * rad * (2 + Math.sin(point.lat * rad) + Math.sin(next.lat * rad));
    });
    return latlngs.length < 3 ? 0 : Math.abs(sum * AUTHALIC_RADIUS_M * AUTHALIC_RADIUS_M / 2);
}

export function pathLength(map, latlngs) {
    return latlngs.slice(1).reduce((total, point, i) => total + map.distance(latlngs[i], point), 0);
}

class Measure {
    constructor(map, settings, state) {
        this.map = map;
        this.settings = settings;
        this.state = state;  // state.measuring keeps popups shut while points are being clicked
        this.mode = null;
        this.drawing = false;
        this.points = [];
        this.group = L.layerGroup().addTo(map);
        map.on('click', (event) => this.add(event.latlng));
        map.on('dblclick', () => this.finish());
        document.addEventListener('keydown', (event) => {
            if (event.key === 'Escape') {
                return this.drawing ? this.finish() : this.clear();
            }
            return null;
        });
    }

    toggle(mode) {
        const again = this.mode === mode;
        this.clear();
        if (!again) {
            this.mode = mode;
            this.drawing = true;
            this.state.measuring = true;
            this.map.doubleClickZoom.disable();
            this.map.getContainer().classList.add('ntm-measuring');
            this.say(this.settings.messages.measureHint);
        }
        for (const button of this.buttons) {
            button.setAttribute('aria-pressed', String(button.dataset.mode === this.mode));
        }
    }

    add(latlng) {
        if (!this.drawing) {
            return;
        }
        const last = this.points[this.points.length - 1];
        const pixel = (point) => this.map.latLngToContainerPoint(point);
        if (last && pixel(last).distanceTo(pixel(latlng)) < SAME_POINT_PX) {
            return;
        }
        this.points.push(latlng);
        this.draw();
    }

    draw() {
        this.group.clearLayers();
        const closed = this.mode === 'area' && this.points.length > 2;
        this.group.addLayer(closed ? L.polygon(this.points, SHAPE) : L.polyline(this.points, SHAPE));
        for (const point of this.points) {
            this.group.addLayer(L.circleMarker(point, {...SHAPE, radius: 4, fillOpacity: 1}));
        }
        this.say(this.result());
    }

    result() {
        const {messages, locale} = this.settings;
        if (this.mode === 'area') {
            const area = sphericalArea(this.points);
            return this.points.length < 3 ? messages.measureHint : `${messages.area}: ${formatArea(locale, area)}`;
        }
        const length = pathLength(this.map, this.points);
        return this.points.length < 2 ? messages.measureHint : `${messages.length}: ${formatLength(locale, length)}`;
    }

    finish() {
        if (!this.drawing) {
            return;
        }
        this.drawing = false;
        this.state.measuring = false;
        this.map.getContainer().classList.remove('ntm-measuring');
        // After this double-click is handled, so that it does not zoom as well.
        setTimeout(() => this.map.doubleClickZoom.enable(), 0);
    }

    clear() {
        this.finish();
        this.mode = null;
        this.points = [];
        this.group.clearLayers();
        this.say('');
    }

    say(text) {
        this.output.textContent = text;
        this.output.hidden = !text;
        this.clearButton.hidden = !text || text === this.settings.messages.measureHint;
    }
}

function control(measure, settings) {
    const {messages} = settings;
    const box = L.control({position: 'topleft'});
    box.onAdd = () => {
        const button = (mode, title) => el('button', {
            type: 'button', className: `ntm-tool ntm-tool-${mode}`, title, 'aria-label': title,
            'aria-pressed': 'false', 'data-mode': mode, onclick: () => measure.toggle(mode),
        });
        measure.buttons = [button('distance', messages.measureDistance), button('area', messages.measureArea)];
        measure.output = el('p', {className: 'ntm-measure-output', role: 'status', hidden: true});
        measure.clearButton = el('button', {type: 'button', className: 'ntm-measure-clear', hidden: true,
            text: messages.clear, onclick: () => measure.clear()});
        const panel = el('div', {className: 'ntm-measure'}, [
            el('div', {className: 'leaflet-bar'}, measure.buttons), measure.output, measure.clearButton]);
        L.DomEvent.disableClickPropagation(panel);
        return panel;
    };
    return box;
}

export function createMeasure(map, settings, state) {
    const measure = new Measure(map, settings, state);
    control(measure, settings).addTo(map);
    return measure;
}
