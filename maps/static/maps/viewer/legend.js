/* global L */
// The legend: one entry per overlay on the map, drawn from the registry's styles, with the palette's
// values under their translated names; redrawn when an overlay is switched or the zoom changes.
import {el} from 'viewer/dom';
import {capfirst} from 'viewer/format';

// Swatches show the fill at full strength: a 14-pixel square at the map's 45 % would read as grey.
function swatch(kind, color, fill) {
    return el('span', {
        className: `ntm-swatch ntm-swatch-${kind}`, style: {borderColor: color, backgroundColor: fill},
        'aria-hidden': 'true',
    });
}

function entry(spec, zoom, messages) {
    const s = spec.style;
    const kind = spec.geometry === 'point' ? 'point' : 'polygon';
    const hidden = zoom < spec.minZoom;
    const title = el('div', {className: 'ntm-legend-layer'}, [
        swatch(kind, s.color, s.fillOpacity > 0 ? s.fillColor : 'transparent'),
        el('span', {text: spec.title}),
        hidden ? el('small', {className: 'ntm-legend-hint', text: ` (${messages.zoomInToSee})`}) : null,
    ]);
    const values = spec.legend.map((item) => el('li', {}, [
        swatch(kind, s.color, item.color), el('span', {text: capfirst(item.label)}),
    ]));
    return el('li', {className: hidden ? 'ntm-legend-item ntm-legend-off' : 'ntm-legend-item', 'data-layer': spec.id},
        [title, values.length ? el('ul', {className: 'ntm-legend-values'}, values) : null]);
}

// On a phone the legend would hide half the map: there it starts folded.
const NARROW_PX = 720;

export function createLegend(map, overlays, settings) {
    const control = L.control({position: 'bottomright'});
    let list;
    control.onAdd = () => {
        list = el('ul', {className: 'ntm-legend-list'});
        const box = el('details', {className: 'ntm-legend leaflet-bar', open: window.innerWidth >= NARROW_PX},
            [el('summary', {text: settings.messages.legend}), list]);
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
    };
    const update = () => {
        list.replaceChildren(...overlays.visibleSpecs().map((spec) => entry(spec, map.getZoom(), settings.messages)));
    };
    control.addTo(map);
    const overlayLayers = new Set([...overlays.byId.values()].map((item) => item.layer));
    // layeradd fires for every popup, label and measured point too; only overlays change the legend.
    map.on('layeradd layerremove', (event) => { if (overlayLayers.has(event.layer)) { update(); } });
    map.on('zoomend', update);
    update();
    return control;
}
