/* global L */
// The run page: while the run is queued or running, poll its status and move the progress bar; once
// it has ended, reload to show the result. A finished run's map draws the platform's communes and
// zones (vector tiles) beneath the result's features (GeoJSON) and raster (XYZ tiles).
(function () {
    'use strict';

    const POLL_MS = 1500;
    const settings = JSON.parse(document.getElementById('run-settings').textContent);

    function poll() {
        fetch(settings.statusUrl, {credentials: 'same-origin', cache: 'no-store'})
            .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
            .then((status) => {
                if (status.finished) {
                    window.location.reload();
                    return;
                }
                document.getElementById('run-progress-bar').value = status.progress;
                document.getElementById('run-note').textContent = status.note;
                document.getElementById('run-status').textContent = status.statusLabel;
                window.setTimeout(poll, POLL_MS);
            })
            .catch(() => window.setTimeout(poll, POLL_MS * 4));
    }

    function contextLayer(map, layer) {
        const style = {color: layer.color, fillColor: layer.fillColor, weight: 1, fill: true, fillOpacity: 0.15};
        return L.vectorGrid.protobuf(layer.tiles, {
            rendererFactory: L.svg.tile,
            vectorTileLayerStyles: {[layer.id]: style},
            maxNativeZoom: 18,
            fetchOptions: {credentials: 'same-origin'},
        }).addTo(map);
    }

    function popup(feature) {
        // Properties are user data: built as text nodes, never as HTML.
        const list = document.createElement('dl');
        Object.entries(feature.properties || {}).forEach(([key, value]) => {
            const term = document.createElement('dt');
            term.textContent = key;
            const detail = document.createElement('dd');
            detail.textContent = value === null ? '—' : String(value);
            list.append(term, detail);
        });
        return list;
    }

    function drawMap(element) {
        const map = L.map(element, {maxZoom: 19});
        const control = L.control.layers(null, {}).addTo(map);
        settings.context.forEach((layer) => control.addOverlay(contextLayer(map, layer), layer.title));
        if (settings.rasterTiles) {
            const raster = L.tileLayer(settings.rasterTiles, {opacity: 0.75, maxZoom: 19}).addTo(map);
            control.addOverlay(raster, settings.labels.raster);
        }
        const b = settings.bounds;
        if (b) {
            map.fitBounds([[b[1], b[0]], [b[3], b[2]]], {maxZoom: 17});
        } else {
            map.setView([13.98, 108.0], 11);
        }
        if (settings.featuresUrl) {
            fetch(settings.featuresUrl, {credentials: 'same-origin'})
                .then((response) => response.json())
                .then((data) => {
                    const layer = L.geoJSON(data, {
                        style: {className: 'run-feature', color: '#d84315', weight: 2, fillOpacity: 0.35},
                        pointToLayer: (feature, latlng) => L.circleMarker(latlng, {className: 'run-feature', radius: 6}),
                        onEachFeature: (feature, shape) => shape.bindPopup(() => popup(feature)),
                    }).addTo(map);
                    control.addOverlay(layer, settings.labels.features);
                    element.dataset.features = String(data.features.length);
                });
        }
    }

    if (!settings.status.finished) {
        window.setTimeout(poll, POLL_MS);
    }
    const element = document.getElementById('run-map');
    if (element) {
        drawMap(element);
    }
}());
