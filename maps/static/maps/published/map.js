/* global L */
// Draws a published map (its MapDocument, handed over by the page in #ntm-published-data): base map,
// layers with their symbols, popups and the legend. Every text of the document is user text, so it
// enters the page only through textContent and attributes, never as markup.
(function () {
    'use strict';

    const data = JSON.parse(document.getElementById('ntm-published-data').textContent);
    const doc = data.document;

    function node(tag, className, text) {
        const element = document.createElement(tag);
        if (className) {
            element.className = className;
        }
        if (text !== undefined && text !== null) {
            element.textContent = String(text);
        }
        return element;
    }

    // Leaflet's attribution control takes HTML; the credit is text, so it goes in escaped.
    function asHtml(text) {
        return node('span', '', text).innerHTML;
    }

    function pin(symbol) {
        const mark = node('span', 'ntm-pin ntm-pin-' + symbol.icon);
        mark.style.backgroundColor = symbol.color;
        return mark;
    }

    function markerIcon(symbol) {
        const size = 2 * symbol.radius + 10;
        // A new element each time: Leaflet moves, not copies, an element given as `html`.
        return L.divIcon({html: pin(symbol), className: 'ntm-pin-holder', iconSize: [size, size]});
    }

    function pathStyle(symbol) {
        return {color: symbol.color, fillColor: symbol.fill_color, weight: symbol.weight,
                fillOpacity: symbol.kind === 'line' ? 0 : symbol.fill_opacity, opacity: 0.9};
    }

    function popup(properties) {
        const box = node('div', 'ntm-pub-popup');
        box.append(node('h3', 'ntm-pub-popup-title', properties.title));
        const list = node('dl', 'ntm-pub-popup-rows');
        for (const [label, value] of properties.rows) {
            if (label) {
                list.append(node('dt', '', label));
            }
            list.append(node('dd', label ? '' : 'ntm-pub-popup-text', value));
        }
        box.append(list);
        return box;
    }

    function drawLayer(map, layer) {
        const symbols = new Map(layer.symbols.map((symbol) => [symbol.key, symbol]));
        const symbolOf = (feature) => symbols.get(feature.properties.symbol) || layer.symbols[0];
        return L.geoJSON(layer.features, {
            style: (feature) => pathStyle(symbolOf(feature)),
            pointToLayer: (feature, latlng) => L.marker(latlng, {
                icon: markerIcon(symbolOf(feature)), title: feature.properties.title,
            }),
            onEachFeature: (feature, drawn) => drawn.bindPopup(() => popup(feature.properties), {maxWidth: 320}),
        }).addTo(map);
    }

    function usedSymbols(layer) {
        const used = new Set(layer.features.features.map((feature) => feature.properties.symbol));
        return layer.symbols.filter((symbol) => used.has(symbol.key));
    }

    function swatch(symbol) {
        if (symbol.kind === 'point') {
            return pin(symbol);
        }
        const mark = node('span', 'ntm-pub-swatch ntm-pub-swatch-' + symbol.kind);
        mark.style.borderColor = symbol.color;
        mark.style.backgroundColor = symbol.kind === 'polygon' ? symbol.fill_color : 'transparent';
        return mark;
    }

    function legendEntry(map, layer, drawn) {
        const section = node('section', 'ntm-pub-legend-layer');
        const toggle = node('input');
        toggle.type = 'checkbox';
        toggle.checked = true;
        toggle.addEventListener('change', () => (toggle.checked ? drawn.addTo(map) : drawn.remove()));
        const heading = node('label', 'ntm-pub-legend-title');
        heading.append(toggle, ' ', node('span', '', layer.title));
        const rows = node('ul', 'ntm-pub-legend-rows');
        for (const symbol of usedSymbols(layer)) {
            const row = node('li', 'ntm-pub-legend-row');
            row.append(swatch(symbol), node('span', '', symbol.label));
            rows.append(row);
        }
        section.append(heading, rows);
        return section;
    }

    function drawBase(map) {
        if (doc.base_tiles) {
            L.tileLayer(doc.base_tiles, {maxZoom: 19}).addTo(map);
        }
        // Our own unit outlines: the whole base map offline, the commune borders over outside tiles.
        const units = L.geoJSON(null, {
            interactive: false,
            style: {color: '#8d6e63', weight: 1.2, fillColor: '#fbf8f1', fillOpacity: doc.base_tiles ? 0 : 1},
        }).addTo(map);
        fetch(data.baseMap, {credentials: 'same-origin'})
            .then((response) => (response.ok ? response.json() : null))
            .then((collection) => collection && units.addData(collection).bringToBack());
    }

    const container = document.getElementById('ntm-published-map');
    const map = L.map(container, {center: doc.centre, zoom: doc.zoom, maxZoom: 19});
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(asHtml(doc.attribution));
    drawBase(map);
    const legend = document.getElementById('ntm-published-legend');
    for (const layer of doc.layers) {
        const drawn = drawLayer(map, layer);
        if (legend) {
            legend.append(legendEntry(map, layer, drawn));
        }
    }
    container.dataset.ready = '1';
}());
