"""Terrain derivatives of an elevation grid (pure numpy): slope, aspect, aspect classes, hillshade.

Gradients follow Horn (1981): a 3 × 3 weighted difference, the same as GDAL's `gdaldem`. A cell
whose window touches nodata is nodata (NaN) in every derivative; along the raster's edges the grid is
extended linearly, so an inclined plane keeps its slope up to the border. Cell sizes are metres for a
projected raster; for a geographic one (degrees) they are converted row by row from the latitude.
"""

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Grid = NDArray[np.float64]

# Metres per degree of latitude and (at the equator) of longitude on the WGS 84 ellipsoid, to first order.
METRES_PER_DEGREE_LAT = 110_574.0
METRES_PER_DEGREE_LON = 111_320.0
# Below this slope (degrees) a cell has no meaningful aspect.
FLAT_DEGREES = 0.5
FLAT = -1.0
# Aspect classes, clockwise from north; 0 is flat (and nodata in class rasters is 255).
ASPECT_CLASSES = ("flat", "N", "NE", "E", "SE", "S", "SW", "W", "NW")
CLASS_NODATA = 255


@dataclass(frozen=True)
class CellSize:
    """The grid's cell size: `x` and `y` in metres (projected), or in degrees with `geographic` set,
    the top row's centre at latitude `top_lat` and rows running south."""

    x: float
    y: float
    geographic: bool = False
    top_lat: float = 0.0

    def metres(self, rows: int) -> tuple[Grid, float]:
        """Cell width per row (a column vector, metres) and cell height (metres)."""
        if not self.geographic:
            return np.full((rows, 1), abs(self.x)), abs(self.y)
        latitudes = self.top_lat - abs(self.y) * np.arange(rows)
        widths = abs(self.x) * METRES_PER_DEGREE_LON * np.cos(np.radians(latitudes))
        return widths.reshape(rows, 1), abs(self.y) * METRES_PER_DEGREE_LAT


def _padded(elevation: Grid) -> Grid:
    """The grid with one extra cell on every side, extended linearly (2·edge − inner)."""
    grid = np.pad(elevation, 1, mode="edge")
    if elevation.shape[0] > 1:
        grid[0, :] = 2 * grid[1, :] - grid[2, :]
        grid[-1, :] = 2 * grid[-2, :] - grid[-3, :]
    if elevation.shape[1] > 1:
        grid[:, 0] = 2 * grid[:, 1] - grid[:, 2]
        grid[:, -1] = 2 * grid[:, -2] - grid[:, -3]
    return grid


def gradients(elevation: NDArray[np.floating], cell: CellSize) -> tuple[Grid, Grid]:
    """dz/dx (towards east) and dz/dy (towards north), unitless, by Horn's method; NaN at nodata.

    `elevation` is north-up with NaN for nodata.
    """
    z = _padded(np.asarray(elevation, dtype=np.float64))
    rows = elevation.shape[0]
    width, height = cell.metres(rows)

    def shifted(dr: int, dc: int) -> Grid:
        return z[1 + dr:1 + dr + rows, 1 + dc:1 + dc + elevation.shape[1]]

    east = shifted(-1, 1) + 2 * shifted(0, 1) + shifted(1, 1)
    west = shifted(-1, -1) + 2 * shifted(0, -1) + shifted(1, -1)
    north = shifted(-1, -1) + 2 * shifted(-1, 0) + shifted(-1, 1)
    south = shifted(1, -1) + 2 * shifted(1, 0) + shifted(1, 1)
    # Horn's window skips the centre cell, so a nodata centre is masked explicitly.
    centre = np.where(np.isfinite(elevation), 1.0, np.nan)
    return centre * (east - west) / (8 * width), centre * (north - south) / (8 * height)


def slope_degrees(elevation: NDArray[np.floating], cell: CellSize) -> Grid:
    """Slope in degrees (0 flat, 45 for a rise of one metre per metre); NaN where nodata."""
    return slope_and_aspect(elevation, cell)[0]


def aspect_degrees(elevation: NDArray[np.floating], cell: CellSize) -> Grid:
    """The direction the slope faces, degrees clockwise from north (0–360); FLAT (−1) on flat cells,
    NaN where nodata. A surface rising towards the east faces west (270°)."""
    return slope_and_aspect(elevation, cell)[1]


def slope_and_aspect(elevation: NDArray[np.floating], cell: CellSize) -> tuple[Grid, Grid]:
    """slope_degrees and aspect_degrees from one pass of Horn's gradients."""
    dx, dy = gradients(elevation, cell)
    slope = np.degrees(np.arctan(np.hypot(dx, dy)))
    aspect = np.degrees(np.arctan2(-dx, -dy)) % 360.0
    aspect[slope < FLAT_DEGREES] = FLAT
    return slope, aspect


def aspect_classes(aspect: Grid) -> NDArray[np.uint8]:
    """Aspect as classes 1–8 (N, NE, … NW, each 45° wide, centred on its direction), 0 flat,
    CLASS_NODATA where the aspect is NaN."""
    valid = np.isfinite(aspect)
    safe = np.where(valid, aspect, 0.0)
    classes = (np.floor(((safe + 22.5) % 360.0) / 45.0) + 1).astype(np.uint8)
    classes[safe == FLAT] = 0
    classes[~valid] = CLASS_NODATA
    return classes


def hillshade(elevation: NDArray[np.floating], cell: CellSize, *, azimuth: float = 315.0,
              altitude: float = 45.0) -> NDArray[np.uint8]:
    """Shaded relief lit from `azimuth` (degrees from north) at `altitude` above the horizon,
    1–255 (0 is nodata)."""
    dx, dy = gradients(elevation, cell)
    slope = np.arctan(np.hypot(dx, dy))
    aspect = np.arctan2(-dx, -dy)
    zenith, sun = math.radians(90.0 - altitude), math.radians(azimuth)
    shade = np.cos(zenith) * np.cos(slope) + np.sin(zenith) * np.sin(slope) * np.cos(sun - aspect)
    scaled = np.rint(1 + 254 * np.clip(shade, 0.0, 1.0))
    return np.where(np.isfinite(shade), scaled, 0).astype(np.uint8)
