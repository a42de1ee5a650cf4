/* global L */
// The composer's preview map: panning and zooming it sets the map's centre and zoom fields, and
// typing in those fields moves it. The units' outlines are the only base (no outside request).
(function () {
    'use strict';

    const container = document.getElementById('ntm-compose-preview');
    const fields = {
        lat: document.querySelector('[data-view="lat"]'),
        lon: document.querySelector('[data-view="lon"]'),
        zoom: document.querySelector('[data-view="zoom"]'),
    };
    if (!container || !fields.lat || !fields.lon || !fields.zoom) {
        return;
    }
    const number = (field, fallback) => (Number.isFinite(parseFloat(field.value)) ? parseFloat(field.value) : fallback);
    const map = L.map(container, {
        center: [number(fields.lat, 13.98), number(fields.lon, 108.0)], zoom: number(fields.zoom, 12),
        minZoom: Number(fields.zoom.min) || 8, maxZoom: Number(fields.zoom.max) || 18,
    });
    const units = L.geoJSON(null, {interactive: false, style: {color: '#6d4c41', weight: 1.2, fillColor: '#fbf8f1', fillOpacity: 1}})
        .addTo(map);
    fetch(container.dataset.baseMap, {credentials: 'same-origin'})
        .then((response) => (response.ok ? response.json() : null))
        .then((collection) => collection && units.addData(collection));

    map.on('moveend', () => {
        const centre = map.getCenter();
        fields.lat.value = centre.lat.toFixed(6);
        fields.lon.value = centre.lng.toFixed(6);
        fields.zoom.value = String(map.getZoom());
    });
    for (const field of Object.values(fields)) {
        field.addEventListener('change', () => {
            map.setView([number(fields.lat, 13.98), number(fields.lon, 108.0)], number(fields.zoom, 12));
        });
    }
}());
