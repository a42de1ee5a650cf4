// The small map of a site page and the producers' map of the OCOP showcase. Settings come from the
// page's JSON blob; every text from the data goes in as text (textContent), never as markup.
(function () {
    'use strict';

    const settingsElement = document.getElementById('ntm-sitemap-settings');
    const container = document.getElementById('ntm-sitemap');
    if (!settingsElement || !container || typeof L === 'undefined') {
        return;
    }
    const settings = JSON.parse(settingsElement.textContent);
    const map = L.map(container, {scrollWheelZoom: false});
    const siteStyle = {color: '#0d47a1', fillColor: '#42a5f5', weight: 2, fillOpacity: 0.35, radius: 8};

    function baseMap() {
        if (settings.tiles) {
            L.tileLayer(settings.tiles, {attribution: settings.tilesAttribution, maxZoom: 19}).addTo(map);
        }
        fetch(settings.base, {credentials: 'same-origin'})
            .then((response) => (response.ok ? response.json() : null))
            .then((units) => {
                if (units) {
                    L.geoJSON(units, {
                        interactive: false,
                        style: {color: '#9e9e9e', weight: 1, fillOpacity: 0},
                        attribution: settings.baseAttribution,
                    }).addTo(map).bringToBack();
                }
            })
            .catch(() => {});  // the base map is a backdrop: the features stand without it
    }

    function text(tag, value, className) {
        const element = document.createElement(tag);
        element.textContent = value;
        if (className) {
            element.className = className;
        }
        return element;
    }

    function producerPopup(properties) {
        const box = document.createElement('div');
        box.append(text('strong', properties.name));
        box.append(text('div', '★'.repeat(properties.stars), 'trace-stars'));
        const list = document.createElement('ul');
        (properties.products || []).forEach((name) => list.append(text('li', name)));
        box.append(list);
        if (properties.illustrative) {
            box.append(text('em', settings.messages.illustrative));
        }
        return box;
    }

    function drawProducers(collection) {
        const colours = settings.starColours;
        document.querySelectorAll('.sites-swatch[data-stars]').forEach((swatch) => {
            swatch.style.backgroundColor = colours[swatch.dataset.stars];
        });
        return L.geoJSON(collection, {
            pointToLayer: (feature, latlng) => L.circleMarker(latlng, {
                radius: 8, weight: 1.5, color: '#ffffff', fillOpacity: 0.95,
                fillColor: colours[String(feature.properties.stars)],
                className: 'sites-producer-marker',
            }),
            onEachFeature: (feature, layer) => layer.bindPopup(() => producerPopup(feature.properties)),
        });
    }

    function draw() {
        if (settings.site) {
            return L.geoJSON(settings.site, {
                style: siteStyle,
                pointToLayer: (feature, latlng) => L.circleMarker(latlng, {...siteStyle, className: 'sites-site-marker'}),
            });
        }
        return drawProducers(settings.producers || {type: 'FeatureCollection', features: []});
    }

    baseMap();
    const layer = draw().addTo(map);
    const bounds = layer.getBounds();
    if (bounds.isValid()) {
        map.fitBounds(bounds, {maxZoom: 15, padding: [24, 24]});
    } else {
        map.setView([13.98, 108.0], 11);  // Pleiku, when there is nothing to show
    }
})();
