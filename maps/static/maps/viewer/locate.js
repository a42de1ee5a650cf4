/* global L */
// "Show my location": the browser's position, with its accuracy drawn as a circle; a message says so
// when the browser cannot or may not tell (no GPS, permission refused, plain http).
import {el, toast} from 'viewer/dom';
import {formatNumber} from 'viewer/format';

const STYLE = {color: '#1565c0', weight: 2, fillColor: '#42a5f5', fillOpacity: 0.15, interactive: false};

export function createLocate(map, settings) {
    const {messages, locale} = settings;
    const found = L.layerGroup().addTo(map);
    map.on('locationfound', (event) => {
        found.clearLayers();
        found.addLayer(L.circle(event.latlng, {...STYLE, radius: event.accuracy}));
        found.addLayer(L.circleMarker(event.latlng, {...STYLE, radius: 6, fillOpacity: 1}));
        toast(map.getContainer(), messages.youAreHere.replace('%(metres)s', formatNumber(locale, event.accuracy, 0)));
    });
    map.on('locationerror', () => toast(map.getContainer(), messages.locateFailed, {error: true}));
    const box = L.control({position: 'topleft'});
    box.onAdd = () => {
        const button = el('button', {type: 'button', className: 'ntm-tool ntm-tool-locate', title: messages.locate,
            'aria-label': messages.locate, onclick: () => {
                toast(map.getContainer(), messages.locating, {seconds: 10});
                map.locate({setView: true, maxZoom: 16, enableHighAccuracy: true, timeout: 10000});
            }});
        const bar = el('div', {className: 'leaflet-bar'}, [button]);
        L.DomEvent.disableClickPropagation(bar);
        return bar;
    };
    return box.addTo(map);
}
