"""Raster datasets: GeoTIFF upload to COG, terrain derivatives, zonal statistics, XYZ tiles."""
