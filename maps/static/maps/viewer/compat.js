/* global L */
// Leaflet.VectorGrid 1.3.0 calls L.DomEvent.fakeStop when a feature drawn on a canvas tile is clicked,
// and Leaflet 1.8 removed that function, so the first click throws. The fix upstream
// (Leaflet/Leaflet.VectorGrid#288) is merged but not released. fakeStop only marked the DOM event as
// handled (`_stopped`), a mark Leaflet 1.9 still honours when it hands a click to its layers, so this
// restores exactly the old behaviour. The viewer draws with SVG tiles, which never call it; the shim
// keeps a canvas renderer (faster for dense parcels) a one-line change.
'use strict';
if (window.L && L.DomEvent && typeof L.DomEvent.fakeStop !== 'function') {
    L.DomEvent.fakeStop = function (event) {
        event._stopped = true;
        return this;
    };
}
