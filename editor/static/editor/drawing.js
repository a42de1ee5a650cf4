/* global L */
// Rendering: the boundary being edited, drawn and changed with Leaflet-Geoman (free). Each part of a
// multipart zone is one L.Polygon in `group` (holes are its inner rings, made with the cut tool), so
// every part can be edited on its own; getGeometry() gathers them into one MultiPolygon. Only these
// layers are editable (Geoman's opt-in mode); the context layers are there to snap to.
import {el} from 'viewer/dom';
import {formatNumber} from 'viewer/format';
import {sphericalArea} from 'viewer/measure';

const EDIT_STYLE = {color: '#d84315', weight: 3, fillColor: '#ff8a65', fillOpacity: 0.3};
const READ_ONLY_STYLE = {color: '#1b5e20', weight: 3, fillColor: '#81c784', fillOpacity: 0.3};
const COORDINATE_DECIMALS = 8;  // about 1 mm: snapped vertices keep the coordinates they snapped to
const SNAP_DISTANCE_PX = 15;

const toLatLngs = (ring) => ring.map(([lng, lat]) => ({lat, lng}));

function polygonArea(rings) {
    const [outer, ...holes] = rings.map(toLatLngs);
    return Math.max(0, sphericalArea(outer) - holes.reduce((sum, hole) => sum + sphericalArea(hole), 0));
}

// Square metres on the sphere of equal area (as the viewer measures); the server's figure, measured in
// the VN-2000 plane, differs by a few parts in a thousand.
export function geometryAreaM2(geometry) {
    if (!geometry) {
        return 0;
    }
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    return polygons.reduce((sum, rings) => sum + polygonArea(rings), 0);
}

export function formatHectares(locale, squareMetres) {
    return `${formatNumber(locale, squareMetres / 10000, 2)} ha`;
}

function polygonsOf(geometry) {
    if (!geometry) {
        return [];
    }
    if (geometry.type === 'Polygon') {
        return [geometry.coordinates];
    }
    return geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
}

function collectPolygons(layer, into) {
    if (layer instanceof L.LayerGroup) {
        layer.eachLayer((child) => collectPolygons(child, into));
    } else if (layer instanceof L.Polygon) {
        into.push(...polygonsOf(layer.toGeoJSON(COORDINATE_DECIMALS).geometry));
    }
    return into;
}

function geomanTexts(messages) {
    return messages.geoman;
}

function areaControl(map) {
    const box = L.control({position: 'bottomleft'});
    const output = el('output', {className: 'ntm-area-output', 'aria-live': 'polite'});
    box.onAdd = () => {
        const panel = el('div', {className: 'ntm-area leaflet-bar'}, [output]);
        L.DomEvent.disableClickPropagation(panel);
        return panel;
    };
    box.addTo(map);
    return output;
}

class Drawing {
    constructor(map, settings, onChange) {
        this.map = map;
        this.settings = settings;
        this.onChange = onChange;
        this.editable = true;
        this.group = L.featureGroup().addTo(map);
        this.output = areaControl(map);
        this.drawingPart = null;  // vertices of the polygon being drawn, with the cursor
        this.minimumHa = null;
        map.pm.setGlobalOptions({
            layerGroup: this.group, snappable: true, snapDistance: SNAP_DISTANCE_PX, allowSelfIntersection: true,
            pathOptions: {...EDIT_STYLE, pmIgnore: false}, templineStyle: {color: '#d84315'},
            hintlineStyle: {color: '#d84315', dashArray: '5 5'}, exitModeOnEscape: true,
        });
        this.listen();
        this.showArea();
    }

    listen() {
        const map = this.map;
        map.on('pm:create', () => this.changed());
        map.on('pm:remove', () => this.changed());
        // A cut may leave a group of parts in place of the polygon: split it back into one layer per part.
        map.on('pm:cut', () => setTimeout(() => this.setGeometry(this.getGeometry(), {quiet: false}), 0));
        this.group.on('pm:edit pm:change pm:vertexremoved pm:dragend', () => this.changed());
        map.on('pm:drawstart', ({shape, workingLayer}) => {
            this.drawingPart = {shape, layer: workingLayer, cursor: null};
        });
        map.on('pm:drawend', () => {
            this.drawingPart = null;
            this.showArea();
        });
        map.on('mousemove', (event) => {
            if (this.drawingPart) {
                this.drawingPart.cursor = event.latlng;
                this.showArea();
            }
        });
    }

    // The area of the parts drawn so far and of the one being drawn, if any.
    areaM2() {
        let area = geometryAreaM2(this.getGeometry());
        const part = this.drawingPart;
        if (part && part.layer) {
            const latlngs = part.shape === 'Rectangle' ? part.layer.getLatLngs()[0] || []
                : [...part.layer.getLatLngs(), ...(part.cursor ? [part.cursor] : [])];
            if (latlngs.length > 2) {
                area += sphericalArea(latlngs);
            }
        }
        return area;
    }

    // The area drawn, and whether it is below the minimum for the chosen crop (`minimumHa()`, in ha).
    showArea() {
        const {messages, locale} = this.settings;
        const area = this.areaM2();
        const minimum = this.minimumHa ? this.minimumHa() : null;
        const below = Boolean(minimum && area > 0 && area / 10000 < minimum);
        const hint = below ? ` (${messages.belowMinimum.replace('%(minimum)s', formatNumber(locale, minimum, 2))})` : '';
        this.output.textContent = `${messages.drawnArea}: ${formatHectares(locale, area)}${hint}`;
        this.output.classList.toggle('ntm-area-low', below);
    }

    changed() {
        this.showArea();
        this.onChange(this.getGeometry());
    }

    getGeometry() {
        const polygons = collectPolygons(this.group, []);
        return polygons.length ? {type: 'MultiPolygon', coordinates: polygons} : null;
    }

    // Replace the boundary (null: none). `quiet` keeps it from counting as the user's change.
    setGeometry(geometry, {quiet = true} = {}) {
        this.group.clearLayers();
        const style = this.editable ? EDIT_STYLE : READ_ONLY_STYLE;
        for (const rings of polygonsOf(geometry)) {
            const latlngs = rings.map((ring) => L.GeoJSON.coordsToLatLngs(ring.slice(0, -1)));
            this.group.addLayer(L.polygon(latlngs, {...style, pmIgnore: !this.editable}));
        }
        if (quiet) {
            this.showArea();
        } else {
            this.changed();
        }
    }

    setEditable(editable) {
        this.stopModes();
        this.editable = editable;
        if (editable && !this.map.pm.controlsVisible()) {
            this.map.pm.addControls(this.controlOptions());
        } else if (!editable) {
            this.map.pm.removeControls();
        }
        this.setGeometry(this.getGeometry());
    }

    controlOptions() {
        return {
            position: 'topleft', drawMarker: false, drawCircleMarker: false, drawPolyline: false, drawCircle: false,
            drawText: false, rotateMode: false, dragMode: false, drawPolygon: true, drawRectangle: true,
            editMode: true, cutPolygon: true, removalMode: true,
        };
    }

    stopModes() {
        const pm = this.map.pm;
        pm.disableDraw();
        if (pm.globalEditModeEnabled()) {
            pm.disableGlobalEditMode();
        }
        if (pm.globalRemovalModeEnabled()) {
            pm.disableGlobalRemovalMode();
        }
        if (pm.globalCutModeEnabled()) {
            pm.disableGlobalCutMode();
        }
    }

    // True while a Geoman tool is in use: clicks then belong to it, not to the context layers.
    busy() {
        const pm = this.map.pm;
        return pm.globalDrawModeEnabled() || pm.globalEditModeEnabled() || pm.globalRemovalModeEnabled()
            || pm.globalCutModeEnabled();
    }

    bounds() {
        return this.group.getLayers().length ? this.group.getBounds() : null;
    }
}

export function createDrawing(map, settings, onChange) {
    L.PM.setOptIn(true);
    map.pm.setLang(settings.language, geomanTexts(settings.messages), 'en');
    const drawing = new Drawing(map, settings, onChange);
    map.pm.addControls(drawing.controlOptions());
    return drawing;
}
