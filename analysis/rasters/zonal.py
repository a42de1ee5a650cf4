"""Terrain of a DEM window and its zonal statistics over features, with exactextract.

The DEM is read once for the features' extent; slope and aspect are derived in memory; the features
are reprojected to the raster's CRS (the raster is never resampled) and every statistic comes from
one exactextract pass that weighs each cell by the fraction of it a feature covers.
"""

import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import rasterio
import shapely
from django.conf import settings
from django.utils.translation import gettext as _
from exactextract import Operation, exact_extract
from exactextract._exactextract import Feature
from exactextract.feature import FeatureSource
from exactextract.raster import NumPyRasterSource
from numpy.typing import NDArray
from rasterio.transform import Affine
from rasterio.warp import transform_bounds
from rasterio.windows import Window, from_bounds

from analysis.dem import Bounds
from analysis.rasters.grids import elevation_read
from analysis.rasters.terrain import CLASS_NODATA, CellSize, Grid, aspect_classes, slope_and_aspect
from analysis.rasters.validate import RasterRefused, raster_cell_size, raster_crs

# What one window cell costs a run at its peak: the float64 elevation, slope, aspect and gradient
# grids with numpy's temporaries (about ten arrays of 8 bytes), with room for the interpreter.
BYTES_PER_CELL = 96
STATISTICS = ("elevation_mean", "elevation_min", "elevation_max", "slope_mean", "slope_max", "aspect_majority",
              "coverage")


@dataclass(frozen=True)
class TerrainGrids:
    """Elevation, slope and aspect classes of one window of a DEM, with its georeferencing."""

    elevation: Grid
    slope: Grid
    aspect_class: NDArray[np.uint8]
    transform: Affine
    crs: pyproj.CRS
    cell: CellSize

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        height, width = self.elevation.shape
        left, top = self.transform.c, self.transform.f
        return left, top + self.transform.e * height, left + self.transform.a * width, top

    @property
    def cell_area(self) -> float:
        """In the CRS's units (m² or degrees²)."""
        return abs(self.transform.a * self.transform.e)

    @property
    def cell_area_m2(self) -> float:
        """In square metres, at the window's middle row for a geographic raster."""
        widths, height = self.cell.metres(self.elevation.shape[0])
        return float(widths[len(widths) // 2, 0]) * height


def dem_window(path: Path, bounds: Bounds) -> Window:
    """The window of the DEM at `path` covering `bounds` (EPSG:4326) plus one cell, clipped to the DEM.

    RasterRefused when the DEM does not reach the bounds or the window exceeds window_max_cells().
    """
    with rasterio.open(path) as source:
        crs = raster_crs(source)
        inner = transform_bounds("EPSG:4326", crs.to_wkt(), *bounds, densify_pts=21)
        exact = from_bounds(*inner, transform=source.transform)
        left, top = math.floor(exact.col_off) - 1, math.floor(exact.row_off) - 1
        right = math.ceil(exact.col_off + exact.width) + 1
        bottom = math.ceil(exact.row_off + exact.height) + 1
        grown = Window(left, top, right - left, bottom - top)
        try:
            clipped = grown.intersection(Window(0, 0, source.width, source.height))
        except rasterio.errors.WindowError:
            clipped = Window(0, 0, 0, 0)
    if clipped.width <= 0 or clipped.height <= 0:
        raise RasterRefused(_("The elevation model does not cover the chosen features."))
    cells, limit = int(clipped.width) * int(clipped.height), window_max_cells()
    if cells > limit:
        raise RasterRefused(
            _("The features span %(cells)s cells of the elevation model; at most %(limit)s fit in one run. "
              "Choose one administrative unit or a coarser elevation model.")
            % {"cells": f"{cells:,}", "limit": f"{limit:,}"}
        )
    return clipped


def window_max_cells() -> int:
    """The most cells one run may read: RASTER_MAX_CELLS, or fewer if the run's memory limit
    (ANALYSIS_MEMORY_LIMIT_MB) cannot hold that many."""
    return min(settings.RASTER_MAX_CELLS, settings.ANALYSIS_MEMORY_LIMIT_MB * 2**20 // BYTES_PER_CELL)


def terrain_read(path: Path, window: Window) -> TerrainGrids:
    """Elevation of `window` of the DEM at `path`, with its slope (degrees) and aspect classes."""
    with rasterio.open(path) as source:
        crs = raster_crs(source)
        cell = raster_cell_size(source, crs)
        elevation = elevation_read(source, window)
        # Built directly: rasterio's window_transform multiplies Affines with the deprecated `*`.
        whole = source.transform
        transform = Affine(whole.a, whole.b, whole.c + whole.a * window.col_off + whole.b * window.row_off,
                           whole.d, whole.e, whole.f + whole.d * window.col_off + whole.e * window.row_off)
    if cell.geographic:
        cell = CellSize(cell.x, cell.y, geographic=True, top_lat=transform.f + transform.e / 2)
    slope, aspect = slope_and_aspect(elevation, cell)
    return TerrainGrids(elevation=elevation, slope=slope, aspect_class=aspect_classes(aspect),
                        transform=transform, crs=crs, cell=cell)


def zonal_statistics(grids: TerrainGrids, features: gpd.GeoDataFrame) -> pd.DataFrame:
    """One row per feature (same order, `feature_id` kept): STATISTICS; NaN where no valid cell lies
    under the feature. `coverage` is the fraction of the feature's area over valid cells."""
    projected = features.geometry.to_crs(grids.crs)
    source = WkbFeatureSource(features["feature_id"].tolist(), shapely.to_wkb(projected.values).tolist(),
                              srs_wkt=grids.crs.to_wkt())
    elevation, slope, aspect = _sources(grids)
    ops = [
        Operation("mean", "elevation_mean", elevation), Operation("min", "elevation_min", elevation),
        Operation("max", "elevation_max", elevation), Operation("mean", "slope_mean", slope),
        Operation("max", "slope_max", slope), Operation("majority", "aspect_majority", aspect),
        Operation("count", "cells", elevation),
    ]
    table = exact_extract([elevation, slope, aspect], source, ops, include_cols=["feature_id"], output="pandas")
    area = projected.area.to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        coverage = np.where(area > 0, table["cells"].to_numpy() * grids.cell_area / area, 0.0)
    table["coverage"] = np.clip(coverage, 0.0, 1.0)
    return table.drop(columns=["cells"])


class _WkbFeature(Feature):  # type: ignore[misc]
    def __init__(self, feature_id: int, wkb: bytes) -> None:
        super().__init__()
        self.feature_id, self.wkb = feature_id, wkb

    def geometry(self) -> bytes:
        return self.wkb

    def get(self, _name: str) -> int:
        return self.feature_id

    def fields(self) -> list[str]:
        return ["feature_id"]


class WkbFeatureSource(FeatureSource):  # type: ignore[misc]
    """Features as (id, WKB) pairs. exactextract's GeoDataFrame source turns every geometry into GeoJSON
    text and back; handing it WKB made from the whole column at once is about five times faster."""

    def __init__(self, feature_ids: list[int], wkbs: list[bytes], *, srs_wkt: str) -> None:
        super().__init__()
        self.feature_ids, self.wkbs, self.wkt = feature_ids, wkbs, srs_wkt

    def count(self) -> int:
        return len(self.feature_ids)

    def __iter__(self) -> Iterator[_WkbFeature]:
        for feature_id, wkb in zip(self.feature_ids, self.wkbs, strict=True):
            yield _WkbFeature(feature_id, wkb)

    def srs_wkt(self) -> str:
        return self.wkt


def _sources(grids: TerrainGrids) -> tuple[NumPyRasterSource, NumPyRasterSource, NumPyRasterSource]:
    wkt = grids.crs.to_wkt()
    left, bottom, right, top = grids.bounds
    box = {"xmin": left, "ymin": bottom, "xmax": right, "ymax": top, "srs_wkt": wkt}
    return (
        NumPyRasterSource(grids.elevation, name="elevation", **box),  # type: ignore[arg-type]
        NumPyRasterSource(grids.slope, name="slope", **box),  # type: ignore[arg-type]
        NumPyRasterSource(grids.aspect_class, name="aspect", nodata=CLASS_NODATA, **box),  # type: ignore[arg-type]
    )
