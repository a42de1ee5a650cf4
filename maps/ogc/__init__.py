"""OGC API – Features (Part 1 Core with GeoJSON, Part 2 CRS) over the layer registry, under /ogc/."""
