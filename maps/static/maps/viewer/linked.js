/* global L */
// Layers another page of the platform hands to the viewer in its address, e.g. an analysis result:
//   /?geojson=/analysis/runs/<id>/features.geojson&xyz=/analysis/runs/<id>/tiles/{z}/{x}/{y}.png&title=…
// Only paths on this site are followed (the server decides who may read them, with the reader's own
// session), and every value from the address or the data reaches the page as text.
import {el} from 'viewer/dom';

const LINKED_STYLE = {color: '#6a1b9a', weight: 2, fillColor: '#ce93d8', fillOpacity: 0.35, radius: 6};
const TITLE_CHARS = 120;

// "/analysis/…" yes; "//host/…", "/\host", "https://…", "javascript:…" no.
export function sitePath(value) {
    return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : null;
}

// Leaflet's layer switcher writes a layer's name as HTML: hand it the title escaped.
function asHtmlText(text) {
    const holder = document.createElement('span');
    holder.textContent = text;
    return holder.innerHTML;
}

function featurePopup(title, properties) {
    const rows = Object.entries(properties || {})
        .filter(([, value]) => value !== null && typeof value !== 'object')
        .map(([name, value]) => el('tr', {}, [el('th', {scope: 'row', text: name}), el('td', {text: String(value)})]));
    return el('article', {className: 'ntm-popup'}, [
        el('h2', {className: 'ntm-popup-title', text: title}),
        el('table', {className: 'ntm-popup-properties'}, [el('tbody', {}, rows)]),
    ]);
}

function notice(map, text) {
    const control = L.control({position: 'bottomright'});
    control.onAdd = () => el('p', {className: 'ntm-linked-notice', role: 'status', text});
    control.addTo(map);
}

function addFeatures(map, switcher, path, title, settings) {
    fetch(path, {credentials: 'same-origin', headers: {Accept: 'application/geo+json'}})
        .then((response) => (response.ok ? response.json() : Promise.reject(new Error(String(response.status)))))
        .then((data) => {
            const layer = L.geoJSON(data, {
                style: LINKED_STYLE,
                pointToLayer: (feature, latlng) => L.circleMarker(latlng, LINKED_STYLE),
                onEachFeature: (feature, featureLayer) => featureLayer.bindPopup(
                    () => featurePopup(title, feature.properties)),
            }).addTo(map);
            switcher.addOverlay(layer, asHtmlText(title));
            const bounds = layer.getBounds();
            if (bounds.isValid()) {
                map.fitBounds(bounds, {maxZoom: 16, animate: false});
            }
            map.getContainer().dataset.linkedFeatures = String(layer.getLayers().length);
        })
        .catch(() => notice(map, settings.messages.linkedFailed));
}

export function addLinkedLayers(map, switcher, settings) {
    const params = new URLSearchParams(window.location.search);
    const title = (params.get('title') || settings.messages.linkedLayer).slice(0, TITLE_CHARS);
    const raster = sitePath(params.get('xyz'));
    if (raster) {
        const layer = L.tileLayer(raster, {opacity: 0.75, maxZoom: settings.view.maxZoom}).addTo(map);
        switcher.addOverlay(layer, asHtmlText(`${title} · raster`));
    }
    const features = sitePath(params.get('geojson'));
    if (features) {
        addFeatures(map, switcher, features, title, settings);
    }
}
