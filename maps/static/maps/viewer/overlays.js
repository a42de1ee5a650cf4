/* global L */
// One vector-tile overlay per registry layer the reader may read, from /tiles/{layer}/{z}/{x}/{y}.pbf,
// styled from the registry (a palette picks the fill by a property, e.g. zones by crop). Each layer
// has its own pane inside the overlay pane, in registry order, so points stay above polygons.

// The property that carries the tile's feature id (the row's primary key, see maps/tiles/sql.py).
export const FEATURE_ID = 'mvt_id';

const HIGHLIGHT = {color: '#ff6f00', weight: 4, opacity: 1, fillOpacity: 0.55};

// The registry's fill suits areas; a point drawn that pale is hard to find. A layer of points and areas
// (tourism sites) gets a middle strength, since the style cannot tell which one it is drawing.
const POINT_FILL_OPACITY = {point: 0.85, any: 0.7};

function featureStyle(spec) {
    const s = spec.style;
    const point = spec.geometry !== 'polygon';
    return (properties) => ({
        color: s.color,
        weight: point ? Math.max(s.weight, 1.5) : s.weight,
        opacity: 1,
        fill: true,
        fillColor: (s.by && s.palette[properties[s.by]]) || s.fillColor,
        fillOpacity: point ? Math.max(s.fillOpacity, POINT_FILL_OPACITY[spec.geometry]) : s.fillOpacity,
        radius: s.radius,
    });
}

function highlightStyle(spec) {
    const base = featureStyle(spec);
    return (properties) => ({...base(properties), ...HIGHLIGHT, radius: spec.style.radius + 3});
}

function grid(map, spec, index, settings) {
    const pane = `ntm-layer-${spec.id}`;
    const element = map.createPane(pane, map.getPane('overlayPane'));
    element.style.zIndex = String(10 + index);
    // A point near a tile's edge lives in that tile only; its circle may overhang the tile's SVG.
    // Areas must stay clipped: the outline of their buffer strip would show as a line across them.
    element.classList.toggle('ntm-points-pane', spec.geometry === 'point');
    return L.vectorGrid.protobuf(spec.tiles, {
        pane,
        // SVG tiles let clicks beside a feature through to the map (measuring, closing popups);
        // an interactive canvas tile would swallow every click on it.
        rendererFactory: L.svg.tile,
        interactive: true,
        vectorTileLayerStyles: {[spec.id]: featureStyle(spec)},
        // VectorGrid hands a click only the feature's properties; the tile's feature id is copied
        // into them here, where VectorGrid asks for it, so a popup can link to the feature's page.
        getFeatureId: (feature) => {
            feature.properties[FEATURE_ID] = feature.id;
            return feature.id;
        },
        minZoom: spec.minZoom,
        maxNativeZoom: spec.maxZoom,
        maxZoom: settings.view.maxZoom,
        fetchOptions: {credentials: 'same-origin'},
    });
}

// {named: {title: layer}, specs: [...], byId: Map, highlight(layerId, featureId), visibleSpecs()}
export function createOverlays(map, settings, onFeatureClick) {
    const byId = new Map();
    const named = {};
    settings.layers.forEach((spec, index) => {
        const layer = grid(map, spec, index, settings);
        layer.on('click', (event) => onFeatureClick(spec, event.layer.properties || {}, event.latlng));
        if (spec.visible) {
            layer.addTo(map);
        }
        byId.set(spec.id, {spec, layer});
        named[spec.title] = layer;
    });
    let highlighted = null;

    function highlight(layerId, featureId) {
        const entry = byId.get(layerId);
        if (highlighted) {
            highlighted.layer.resetFeatureStyle(highlighted.featureId);
        }
        highlighted = null;
        if (!entry) {
            return;
        }
        entry.layer.addTo(map);  // a found feature is shown even if its layer was switched off
        entry.layer.setFeatureStyle(featureId, highlightStyle(entry.spec));
        highlighted = {layer: entry.layer, featureId};
    }

    const visibleSpecs = () => settings.layers.filter((spec) => map.hasLayer(byId.get(spec.id).layer));
    return {named, byId, highlight, visibleSpecs};
}
