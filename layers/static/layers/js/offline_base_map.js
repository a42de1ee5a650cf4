/* global ol, MapWidget */
// The admin map widget's offline base map: outlines and names of today's administrative units,
// loaded as GeoJSON from our own server, so editing a zone never needs a tile server. It also starts
// each widget from the JSON options its template holds (layers/widgets/offline_map.html), as Django's
// template would with an inline script the Content-Security-Policy refuses.
'use strict';
const ntmOfflineBaseMap = (function() {
    const outline = {
        province: new ol.style.Stroke({color: '#5d4037', width: 3, lineDash: [8, 4]}),
        unit: new ol.style.Stroke({color: '#c62828', width: 1.5})
    };

    function label(feature) {
        return new ol.style.Text({
            text: feature.get('name'),
            font: '600 12px system-ui, sans-serif',
            fill: new ol.style.Fill({color: '#7f1d1d'}),
            stroke: new ol.style.Stroke({color: '#ffffff', width: 3}),
            overflow: true
        });
    }

    // The province is only context: a dashed line, no label, so it never hides its communes.
    function style(feature) {
        if (feature.get('level') === 'province') {
            return new ol.style.Style({stroke: outline.province});
        }
        return new ol.style.Style({stroke: outline.unit, text: label(feature)});
    }

    function layer(url) {
        return new ol.layer.Vector({
            className: 'ntm-base-map',
            source: new ol.source.Vector({url: url, format: new ol.format.GeoJSON()}),
            style: style,
            declutter: true
        });
    }

    // OpenLayers' default blue hairline is lost among the unit outlines; the edited geometry is the
    // subject of the page, so it gets a bold outline, a light fill and a visible point.
    const edited = new ol.style.Style({
        stroke: new ol.style.Stroke({color: '#1565c0', width: 3}),
        fill: new ol.style.Fill({color: 'rgba(21, 101, 192, 0.25)'}),
        image: new ol.style.Circle({
            radius: 7,
            fill: new ol.style.Fill({color: '#1565c0'}),
            stroke: new ol.style.Stroke({color: '#ffffff', width: 2})
        })
    });

    // Django's widget zooms until the geometry fills the map, which hides the unit boundaries that
    // say where it is. Frame it with a margin instead: at least 1.5 km, or the geometry's own size.
    function frame(widget) {
        // The widget's source has no spatial index, so it cannot tell its extent itself.
        const extent = ol.extent.createEmpty();
        widget.featureOverlay.getSource().getFeatures().forEach(function(feature) {
            ol.extent.extend(extent, feature.getGeometry().getExtent());
        });
        if (ol.extent.isEmpty(extent)) {
            return;
        }
        const size = Math.max(ol.extent.getWidth(extent), ol.extent.getHeight(extent));
        widget.map.getView().fit(ol.extent.buffer(extent, Math.max(size, 1500)));
    }

    function attach(widget) {
        widget.featureOverlay.setStyle(edited);
        frame(widget);
    }

    // The widget stays reachable under Django's global name (geodjango_<field>), as with its template.
    function start(wrapper) {
        const options = JSON.parse(document.getElementById(wrapper.dataset.ntmMapWidget).textContent);
        options.base_layer = layer(options.base_map_url);
        const widget = new MapWidget(options);
        window[options.module] = widget;
        attach(widget);
    }

    document.addEventListener('DOMContentLoaded', function() {
        document.querySelectorAll('[data-ntm-map-widget]').forEach(start);
    });

    return {layer: layer, attach: attach};
})();
