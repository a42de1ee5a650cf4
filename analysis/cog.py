"""Write Cloud-Optimised GeoTIFFs: an array (a synthetic DEM, a hillshade, classes) or an uploaded file."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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
    path: Path, elevation: NDArray[Any], *, transform: Affine, crs: CRS, tags: dict[str, str],
    nodata: float = NODATA, description: str = "elevation (m), synthetic", resampling: str = "AVERAGE",
) -> None:
    """Write `elevation` (any array: heights, shades, classes) to `path` as a tiled (512), deflated
    COG with overviews, `nodata`, `tags` and the band `description`; classes want `resampling="MODE"`.

    The file appears whole or not at all: it is written beside `path` and renamed into place.
    """
    height, width = elevation.shape
    profile = {
        "driver": "GTiff", "width": width, "height": height, "count": 1, "dtype": elevation.dtype.name,
        "crs": crs, "transform": transform, "nodata": nodata,
    }
    with MemoryFile() as memory, memory.open(**profile) as source:
        source.write(elevation, 1)
        source.update_tags(**tags)
        source.set_band_description(1, description)
        with _replacing(path) as partial:
            _copy_as_cog(source, partial, width=width, height=height, resampling=resampling)


def cog_convert(source_path: Path, path: Path) -> None:
    """Copy the GeoTIFF at `source_path` (a local file) to `path` as a COG, keeping its tags and nodata."""
    with rasterio.open(source_path) as source, _replacing(path) as partial:
        _copy_as_cog(source, partial, width=source.width, height=source.height, resampling="AVERAGE")


def _copy_as_cog(source: Any, partial: Path, *, width: int, height: int, resampling: str) -> None:
    rasterio.shutil.copy(
        source, partial, driver="COG", BLOCKSIZE=BLOCK_SIZE, COMPRESS="DEFLATE", PREDICTOR="YES",
        OVERVIEWS="IGNORE_EXISTING", OVERVIEW_COUNT=overview_count(width, height), RESAMPLING=resampling,
    )


@contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """A temporary name beside `path`, renamed to `path` when the block succeeds and removed otherwise."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        yield partial
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
