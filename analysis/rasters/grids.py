"""Read an elevation band into memory as a float grid, and write the derived shaded relief."""

import dataclasses
from pathlib import Path

import numpy as np
import rasterio
from rasterio.io import DatasetReader
from rasterio.windows import Window

from analysis.cog import cog_write
from analysis.rasters.terrain import Grid, hillshade
from analysis.rasters.validate import raster_cell_size, raster_crs

HILLSHADE_NODATA = 0
# The hillshade is computed in strips of this many rows, so an upload's memory stays small whatever
# the raster's size (the uint8 result is the only whole-raster array).
STRIP_ROWS = 1024


def elevation_read(source: DatasetReader, window: Window | None = None) -> Grid:
    """Band 1 (of `window`, or whole) as float64 with NaN where the band is nodata or masked."""
    band = source.read(1, window=window, masked=True).astype(np.float64)
    return np.ma.filled(band, np.nan)


def hillshade_write(dem_path: Path, out: Path, *, strip_rows: int = STRIP_ROWS) -> None:
    """Write the shaded relief of the DEM at `dem_path` to `out` as a grey COG (0 = nodata)."""
    with rasterio.open(dem_path) as source:
        cell = raster_cell_size(source, raster_crs(source))
        shade = np.zeros((source.height, source.width), dtype=np.uint8)
        for top in range(0, source.height, strip_rows):
            # One row of overlap on each side, so Horn's window sees true neighbours across strips.
            first, last = max(top - 1, 0), min(top + strip_rows + 1, source.height)
            strip_cell = dataclasses.replace(cell, top_lat=cell.top_lat - abs(cell.y) * first)
            strip = hillshade(elevation_read(source, Window(0, first, source.width, last - first)), strip_cell)
            rows = min(strip_rows, source.height - top)
            shade[top:top + rows] = strip[top - first:top - first + rows]
        tags = {key: value for key, value in source.tags().items() if key in {"SYNTHETIC", "GENERATOR", "SEED"}}
        cog_write(out, shade, transform=source.transform, crs=source.crs, tags=tags,
                  nodata=HILLSHADE_NODATA, description="hillshade (azimuth 315°, altitude 45°)")
