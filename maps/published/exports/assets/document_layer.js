/* Draws one layer of a MapDocument. Every string in `data` was escaped by the server for HTML
   (popups and tooltips are HTML in Leaflet), so nothing here builds markup from raw user text. */
window.ntmDocumentLayer = function (data, styles) {
  "use strict";
  function styleOf(feature) {
    return styles[feature.properties.symbol];
  }
  return L.geoJSON(data, {
    style: styleOf,
    pointToLayer: function (feature, latlng) {
      var style = styleOf(feature);
      if (style.iconHtml) {
        var size = 2 * style.radius + 6;
        return L.marker(latlng, {icon: L.divIcon({
          className: "ntm-icon", html: style.iconHtml, iconSize: [size, size],
        })});
      }
      return L.circleMarker(latlng, style);
    },
    onEachFeature: function (feature, layer) {
      layer.bindPopup(feature.properties.popup, {maxWidth: 320});
      layer.bindTooltip(feature.properties.tip);
    },
  });
};

/* Fits the map to what it shows, then raises the flag the print renderer waits for: once the map
   has its view and (if there is one) the base map's tiles in view have loaded or failed. */
window.ntmMapFinish = function (map, layers, bounds, tiles) {
  "use strict";
  // A box drawn over the map (the print legend, the preview's title band) keeps the features clear
  // of the side it stands on.
  function fitOptions(box) {
    var far = [24, 24];
    if (box && box.getAttribute("data-map-avoid") === "right") {
      far = [box.offsetWidth + 32, 24];
    } else if (box) {
      far = [24, box.offsetHeight + 24];
    }
    return {paddingTopLeft: [24, 24], paddingBottomRight: far, maxZoom: 17, animate: false};
  }
  var group = L.featureGroup(layers);
  var fitted = bounds ? L.latLngBounds(bounds) : group.getBounds();
  if (fitted.isValid()) {
    // No animation: a print must never be captured halfway through a zoom.
    map.fitBounds(fitted, fitOptions(document.querySelector("[data-map-avoid]")));
  }
  function ready() {
    window.requestAnimationFrame(function () {
      document.documentElement.setAttribute("data-map-ready", "1");
    });
  }
  if (!tiles) {
    map.whenReady(ready);
    return;
  }
  tiles.once("load", ready);
  // Tiles that never answer (a print renderer offline) must not keep the page from printing.
  window.setTimeout(ready, 8000);
};
