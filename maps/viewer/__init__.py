"""The public map at `/`: one page, one JSON settings blob, Leaflet and vector tiles from our server."""
