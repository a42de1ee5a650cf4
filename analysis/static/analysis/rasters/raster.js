// The raster page's map: the dataset's XYZ tiles (hillshade or elevation) over its footprint.
(function () {
  "use strict";
  const settings = JSON.parse(document.getElementById("raster-page").textContent);
  const map = L.map("raster-map", { zoomControl: true });
  map.fitBounds(settings.bounds);
  L.rectangle(settings.bounds, { color: "#1b5e20", weight: 1, fill: false, interactive: false }).addTo(map);
  let layer = null;

  function show(style) {
    if (layer) {
      map.removeLayer(layer);
    }
    layer = L.tileLayer(settings.tiles[style], { maxZoom: 18, opacity: style === "hillshade" ? 1 : 0.85 });
    layer.addTo(map);
    document.getElementById("raster-map").dataset.style = style;
  }

  const checked = document.querySelector("input[name='raster-style']:checked");
  show(checked ? checked.value : "hillshade");
  document.querySelectorAll("input[name='raster-style']").forEach(function (input) {
    input.addEventListener("change", function () { show(input.value); });
  });
})();
