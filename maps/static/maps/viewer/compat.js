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

// Leaflet.VectorGrid draws a point feature as a CircleMarker placed in its tile's pixels, with no
// latlng of its own. Leaflet 1.9 asks a clicked circle of radius ≤ 10 px for its latlng, so a click on
// a tourism site or a producer threw before any popup opened. Such a feature answers with its centre:
// its pixel in the tile (_point) plus the tile's corner in the map's pixel space (tile coordinate ×
// tile size, as L.GridLayer places tiles), at the tile's zoom.
if (window.L && L.CircleMarker) {
    const ownLatLng = L.CircleMarker.prototype.getLatLng;
    L.CircleMarker.prototype.getLatLng = function () {
        const tile = this._renderer;
        if (this._latlng === undefined && this._point && tile && tile._map && typeof tile.getCoord === 'function') {
            const coord = tile.getCoord();
            return tile._map.unproject(coord.scaleBy(tile._size).add(this._point), coord.z);
        }
        return ownLatLng.call(this);
    };
}
