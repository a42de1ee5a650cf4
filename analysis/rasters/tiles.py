"""XYZ PNG tiles of a stored raster (a COG) with rio-tiler, in one of three styles.

"hillshade" draws a grey band as it is; "elevation" stretches the band over the raster's own range
and colours it with rio-tiler's terrain ramp; "classes" colours suitability classes 1–4 (S1 … N);
"result" (an analysis's raster) is "classes" for a file tagged CLASSES, "elevation" otherwise.
"""

from functools import lru_cache
from pathlib import Path

import numpy as np
import rasterio
from rio_tiler.colormap import cmap
from rio_tiler.errors import TileOutsideBounds
from rio_tiler.io import Reader

from analysis.rasters.suitability import CLASS_COLOURS

STYLES = ("hillshade", "elevation", "classes", "result")
# The range is read from an overview this many cells across at most, not from the full grid.
RANGE_SAMPLE_CELLS = 512


def raster_tile_png(path: Path, z: int, x: int, y: int, *, style: str) -> bytes | None:
    """The 256 × 256 PNG of tile z/x/y (Web Mercator) of the raster at `path`, drawn in `style`;
    None when the tile lies outside the raster. ValueError for an unknown style."""
    if style not in STYLES:
        raise ValueError(f"unknown tile style {style!r}; one of {', '.join(STYLES)}")
    try:
        with Reader(str(path)) as reader:
            image = reader.tile(x, y, z, indexes=1)
            if style == "result":
                style = "classes" if "CLASSES" in reader.dataset.tags() else "elevation"
    except TileOutsideBounds:
        return None
    if style == "elevation":
        low, high = _value_range(str(path), path.stat().st_mtime_ns)
        return image.rescale(in_range=((low, high),)).render(img_format="PNG", colormap=cmap.get("terrain"))
    if style == "classes":
        image.array = image.array.astype("uint8")
        return image.render(img_format="PNG", colormap=CLASS_COLOURS)
    return image.render(img_format="PNG")


@lru_cache(maxsize=64)
def _value_range(path: str, _mtime_ns: int) -> tuple[float, float]:
    """The band's minimum and maximum, from a small overview (cached per file version)."""
    with rasterio.open(path) as source:
        scale = max(1, max(source.width, source.height) // RANGE_SAMPLE_CELLS)
        sample = source.read(1, masked=True, out_shape=(max(1, source.height // scale), max(1, source.width // scale)))
    if sample.count() == 0:
        return 0.0, 1.0
    low, high = float(np.ma.min(sample)), float(np.ma.max(sample))
    return low, high if high > low else low + 1.0
