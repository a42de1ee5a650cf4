/* global L */
// The public map: reads the one settings blob the server wrote into the page and assembles the map
// from the other modules. No other request is needed before the map draws.
import {createBaseLayers} from 'viewer/basemap';
import {createLegend} from 'viewer/legend';
import {addLinkedLayers} from 'viewer/linked';
import {createLocate} from 'viewer/locate';
import {createMeasure} from 'viewer/measure';
import {createOverlays} from 'viewer/overlays';
import {popupContent} from 'viewer/popup';
import {createSearch} from 'viewer/search';

const NARROW_PX = 720;

function readSettings() {
    return JSON.parse(document.getElementById('ntm-viewer-settings').textContent);
}

function createMap(settings) {
    const {view, messages} = settings;
    const map = L.map('ntm-map', {
        center: view.center, zoom: view.zoom, minZoom: view.minZoom, maxZoom: view.maxZoom, zoomControl: false,
    });
    L.control.zoom({position: 'topleft', zoomInTitle: messages.zoomIn, zoomOutTitle: messages.zoomOut}).addTo(map);
    L.control.scale({position: 'bottomleft', metric: true, imperial: false, maxWidth: 160}).addTo(map);
    return map;
}

// A feature's popup, unless a measurement is being clicked in. It pans clear of the tools on the left
// and of the layer switcher and legend on the right.
function popupOpener(map, settings, state) {
    const padding = window.innerWidth < NARROW_PX ? {}
        : {autoPanPaddingTopLeft: [60, 16], autoPanPaddingBottomRight: [290, 16]};
    return (spec, properties, latlng) => {
        if (!state.measuring) {
            const popup = L.popup({maxWidth: 340, ...padding}).setLatLng(latlng)
                .setContent(popupContent(spec, properties, settings)).openOn(map);
            // Leaflet names its close button in English; say it in the page's language.
            popup.getElement()?.querySelector('.leaflet-popup-close-button')
                ?.setAttribute('aria-label', settings.messages.close);
        }
    };
}

function start() {
    const settings = readSettings();
    const map = createMap(settings);
    const state = {measuring: false};
    const {bases, loaded} = createBaseLayers(map, settings);
    const overlays = createOverlays(map, settings, popupOpener(map, settings, state));
    const collapsed = window.innerWidth < NARROW_PX;
    const switcher = L.control.layers(bases, overlays.named, {position: 'topright', collapsed}).addTo(map);
    switcher.getContainer().querySelector('.leaflet-control-layers-toggle')
        ?.setAttribute('title', settings.messages.layers);
    addLinkedLayers(map, switcher, settings);
    createLocate(map, settings);
    createMeasure(map, settings, state);
    createLegend(map, overlays, settings);
    createSearch(map, overlays, settings);
    // For the browser tests and the console; `ready` settles when the base map has loaded.
    window.ntmViewer = {map, overlays, settings, ready: loaded};
}

start();
