"""Write an elevation array as a Cloud-Optimised GeoTIFF flagged as synthetic."""

from pathlib import Path

import numpy as np
import rasterio
import rasterio.shutil
from numpy.typing import NDArray
from rasterio.crs import CRS
from rasterio.io import MemoryFile
from rasterio.transform import Affine

NODATA = -9999.0
BLOCK_SIZE = 512
# Overviews halve until the coarsest fits in this many cells across, but there is always one.
SMALLEST_OVERVIEW = 256


def synthetic_tags(*, seed: int) -> dict[str, str]:
    """The tags that tell any reader the raster is generated, not surveyed, and how to regenerate it."""
    return {"SYNTHETIC": "YES", "GENERATOR": "ntm-geoplatform synthetic_dem", "SEED": str(seed)}


def overview_count(width: int, height: int) -> int:
    """How many 2× overviews to build: until the coarsest is under SMALLEST_OVERVIEW cells across."""
    count, side = 1, max(width, height) // 2
    while side > SMALLEST_OVERVIEW:
        count, side = count + 1, side // 2
    return count


def cog_write(
    path: Path, elevation: NDArray[np.float32], *, transform: Affine, crs: CRS, tags: dict[str, str],
) -> None:
    """Write `elevation` to `path` as a tiled (512), deflated COG with overviews, nodata and `tags`.

    The file appears whole or not at all: it is written beside `path` and renamed into place.
    """
    height, width = elevation.shape
    profile = {
        "driver": "GTiff", "width": width, "height": height, "count": 1, "dtype": "float32",
        "crs": crs, "transform": transform, "nodata": NODATA,
    }
    partial = path.with_name(f".{path.name}.partial")
    try:
        with MemoryFile() as memory, memory.open(**profile) as source:
            source.write(elevation, 1)
            source.update_tags(**tags)
            source.set_band_description(1, "elevation (m), synthetic")
            rasterio.shutil.copy(
                source, partial, driver="COG", BLOCKSIZE=BLOCK_SIZE, COMPRESS="DEFLATE", PREDICTOR="YES",
                OVERVIEWS="IGNORE_EXISTING", OVERVIEW_COUNT=overview_count(width, height), RESAMPLING="AVERAGE",
            )
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
