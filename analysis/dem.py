"""A seeded synthetic DEM of Pleiku's relief, since no public DEM is available offline.

`synthetic_dem` is a pure function: the same bounds, resolution and seed give the same array, and a
cell's height depends only on where it is and on the seed (not on the box asked for). The output is
illustrative, never a survey; analysis.cog flags it so in the file it writes.
"""

import math

import numpy as np
import pyproj
from numpy.typing import NDArray
from rasterio.crs import CRS
from rasterio.transform import Affine
from rasterio.warp import transform, transform_bounds

from analysis import relief
from analysis.errors import DemError

Bounds = tuple[float, float, float, float]  # min lon, min lat, max lon, max lat (EPSG:4326)

DEM_EPSG = 9218  # VN-2000 / TM-3 108-30, Gia Lai's official metric grid (layers.crs.GIA_LAI_TM3)
PLEIKU_BOUNDS: Bounds = (107.85, 13.85, 108.20, 14.15)
BIEN_HO_LON_LAT = (108.00, 14.05)
# 20,000 × 20,000 float32 cells would be 1.6 GB before the float64 working arrays; this keeps a
# run within a few GB of memory (e.g. the Pleiku box at 5 m).
MAX_CELLS = 60_000_000
# Streams are placed over the Pleiku box plus this margin, so that they do not move with the request.
STREAM_REGION_MARGIN_M = 10_000.0


def synthetic_dem(*, bounds: Bounds, resolution_m: float, seed: int) -> tuple[NDArray[np.float32], Affine, CRS]:
    """Elevations (metres, float32, north-up, no nodata) covering `bounds`, in EPSG:9218.

    The grid is snapped outward to multiples of `resolution_m`, so it covers the whole box.
    Raises DemError for bounds outside EPSG:9218's area or a grid over MAX_CELLS.
    """
    crs = CRS.from_epsg(DEM_EPSG)
    affine, width, height = dem_grid(bounds=bounds, resolution_m=resolution_m)
    xs = affine.c + resolution_m * (np.arange(width) + 0.5)
    ys = affine.f - resolution_m * (np.arange(height) + 0.5)
    centre = _project(BIEN_HO_LON_LAT)
    surface = relief.plateau(xs, ys, seed=seed)
    streams = relief.streams_across(_stream_region(), seed=seed)
    surface -= relief.valleys(xs, ys, streams, crater=centre)
    surface = relief.crater(surface, xs, ys, centre=centre, seed=seed)
    return surface.astype(np.float32), affine, crs


def dem_grid(*, bounds: Bounds, resolution_m: float) -> tuple[Affine, int, int]:
    """The north-up EPSG:9218 grid (transform, width, height) covering `bounds`, checked for size."""
    check_bounds(bounds)
    if not (math.isfinite(resolution_m) and resolution_m > 0):
        raise DemError(f"Resolution {resolution_m!r} m is not a positive number of metres.")
    xmin, ymin, xmax, ymax = transform_bounds("EPSG:4326", f"EPSG:{DEM_EPSG}", *bounds, densify_pts=21)
    left, bottom = math.floor(xmin / resolution_m), math.floor(ymin / resolution_m)
    right, top = math.ceil(xmax / resolution_m), math.ceil(ymax / resolution_m)
    width, height = right - left, top - bottom
    if width * height > MAX_CELLS:
        raise DemError(
            f"A {width:,} × {height:,} grid ({width * height:,} cells) exceeds the limit of {MAX_CELLS:,} "
            f"cells; choose a coarser resolution than {resolution_m} m or smaller bounds."
        )
    # Built directly: rasterio's from_origin multiplies Affines with the deprecated `*`.
    return Affine(resolution_m, 0.0, left * resolution_m, 0.0, -resolution_m, top * resolution_m), width, height


def check_bounds(bounds: Bounds) -> None:
    """Raise DemError unless `bounds` is a non-empty lon/lat box inside EPSG:9218's area of use."""
    if len(bounds) != 4 or not all(math.isfinite(value) for value in bounds):
        raise DemError(f"Bounds {bounds!r} are not four finite numbers minlon,minlat,maxlon,maxlat.")
    min_lon, min_lat, max_lon, max_lat = bounds
    if not (min_lon < max_lon and min_lat < max_lat):
        raise DemError(f"Bounds {bounds!r} are empty: each minimum must be below its maximum.")
    area = pyproj.CRS.from_epsg(DEM_EPSG).area_of_use
    assert area is not None  # EPSG records every projected CRS's area of use
    if min_lon < area.west or min_lat < area.south or max_lon > area.east or max_lat > area.north:
        raise DemError(
            f"Bounds {bounds!r} leave EPSG:{DEM_EPSG}'s area of use ({area.west}, {area.south}, "
            f"{area.east}, {area.north}); a DEM there would need another projection."
        )


def _project(lon_lat: tuple[float, float]) -> tuple[float, float]:
    xs, ys = transform("EPSG:4326", f"EPSG:{DEM_EPSG}", [lon_lat[0]], [lon_lat[1]])
    return float(xs[0]), float(ys[0])


def _stream_region() -> tuple[float, float, float, float]:
    xmin, ymin, xmax, ymax = transform_bounds("EPSG:4326", f"EPSG:{DEM_EPSG}", *PLEIKU_BOUNDS, densify_pts=21)
    margin = STREAM_REGION_MARGIN_M
    return xmin - margin, ymin - margin, xmax + margin, ymax + margin
