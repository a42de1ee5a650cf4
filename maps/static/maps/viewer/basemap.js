/* global L */
// The base maps. Offline: today's administrative units from our own server (/viewer/base.geojson),
// drawn as light land with their names, so the map is whole without any tile server. Online (only when
// MAPS_BASE_TILE_URL is set): the outside raster tiles with the same unit outlines and names on top.
import {el} from 'viewer/dom';

const PROVINCE = {color: '#8d6e63', weight: 2.5, dashArray: '8 5', fill: false};
const UNIT_LAND = {color: '#a1887f', weight: 1.2, fillColor: '#fbf8f1', fillOpacity: 1};
const UNIT_OUTLINE = {color: '#6d4c41', weight: 1.5, fill: false};
// Below this zoom the unit names crowd each other out; the outlines say enough.
const LABELS_FROM_ZOOM = 10;

function panes(map) {
    map.createPane('ntm-base').style.zIndex = '250';  // above outside tiles (200), below overlays (400)
    map.createPane('ntm-base-labels').style.zIndex = '550';  // above overlays, below popups
}

function unitsLayer(settings, unitStyle) {
    return L.geoJSON(null, {
        pane: 'ntm-base',
        interactive: false,
        attribution: settings.baseMap.attribution,
        style: (feature) => (feature.properties.level === 'province' ? PROVINCE : unitStyle),
        onEachFeature(feature, layer) {
            if (feature.properties.level !== 'province') {
                // An element, not a string: Leaflet would set a string as HTML, and names come from imports.
                layer.bindTooltip(el('span', {text: feature.properties.name}), {
                    permanent: true, direction: 'center', className: 'ntm-unit-label', pane: 'ntm-base-labels',
                });
            }
        },
    });
}

function labelsFollowZoom(map) {
    const update = () => {
        map.getContainer().classList.toggle('ntm-labels-hidden', map.getZoom() < LABELS_FROM_ZOOM);
    };
    map.on('zoomend', update);
    update();
}

// {title: L.LayerGroup} for the layers control; the first is shown at start.
export function createBaseLayers(map, settings) {
    panes(map);
    const land = unitsLayer(settings, UNIT_LAND);
    const outlines = unitsLayer(settings, UNIT_OUTLINE);
    const loaded = fetch(settings.baseMap.geojson, {credentials: 'same-origin'})
        .then((response) => (response.ok ? response.json() : Promise.reject(new Error(response.statusText))))
        .then((collection) => {
            land.addData(collection);
            outlines.addData(collection);
        });
    const bases = {[settings.messages.baseOffline]: L.layerGroup([land])};
    if (settings.baseMap.tiles) {
        const tiles = L.tileLayer(settings.baseMap.tiles, {
            attribution: settings.baseMap.tilesAttribution, maxZoom: settings.view.maxZoom, maxNativeZoom: 19,
        });
        bases[settings.messages.baseOnline] = L.layerGroup([tiles, outlines]);
    }
    Object.values(bases)[0].addTo(map);
    labelsFollowZoom(map);
    return {bases, loaded};
}
