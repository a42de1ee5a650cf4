"""Check a GeoTIFF before anything is done with it: what it is, where it is, how big it is.

Every check reads only the header (never the cells), so a refused file costs nothing; the caller
converts it only once `raster_inspect` has returned. Files are opened from a local path only:
GDAL's virtual paths (/vsicurl/, /vsizip/ …) and URLs are refused, whatever the name says.
"""

import math
from dataclasses import dataclass
from pathlib import Path

import pyproj
import rasterio
from django.conf import settings
from django.contrib.gis.db.models import Extent
from django.contrib.gis.geos import Polygon
from django.utils.translation import gettext as _
from pyproj.exceptions import CRSError, ProjError
from rasterio.errors import RasterioIOError
from rasterio.io import DatasetReader
from rasterio.warp import transform_bounds

from analysis.dem import PLEIKU_BOUNDS, Bounds
from analysis.errors import AnalysisError
from analysis.models import RasterKind
from analysis.rasters.terrain import CellSize
from layers.selectors import unit_current_communes

# Little- and big-endian TIFF, classic and BigTIFF.
TIFF_MAGIC = (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")


class RasterRefused(AnalysisError):
    """A raster cannot be accepted (or used) as it is; nothing was stored. The message says why."""


@dataclass(frozen=True)
class RasterFacts:
    """What the header says: size, CRS (as stored in RasterDataset.crs), cell size in metres,
    nodata, the footprint in EPSG:4326 and whether the file is flagged synthetic."""

    width: int
    height: int
    crs: str
    resolution_m: float
    nodata: float | None
    footprint: Polygon
    is_synthetic: bool


def raster_local_path(path: Path) -> Path:
    """`path` resolved, if it names an existing local file; RasterRefused for virtual paths and URLs."""
    text = str(path)
    if text.startswith("/vsi") or "://" in text or not path.is_file():
        raise RasterRefused(_("%(path)s is not a local file.") % {"path": text})
    return path.resolve()


def raster_inspect(*, path: Path, kind: str = RasterKind.DEM) -> RasterFacts:
    """The file's facts, or RasterRefused naming the first check it fails: not a GeoTIFF, too large,
    several bands for a DEM, no CRS or one without a transformation to EPSG:4326, not over Pleiku."""
    local = raster_local_path(path)
    _check_bytes(local)
    try:
        with rasterio.open(local, driver="GTiff") as source:
            return _facts(source, kind=kind)
    except RasterioIOError as error:
        raise RasterRefused(_("%(name)s cannot be read as a GeoTIFF: %(error)s")
                            % {"name": path.name, "error": error}) from None


def _check_bytes(path: Path) -> None:
    size = path.stat().st_size
    if size > settings.RASTER_MAX_BYTES:
        raise RasterRefused(
            _("%(name)s is %(size).0f MiB; rasters of at most %(limit).0f MiB are accepted.")
            % {"name": path.name, "size": size / 2**20, "limit": settings.RASTER_MAX_BYTES / 2**20}
        )
    with path.open("rb") as file:
        if file.read(4) not in TIFF_MAGIC:
            raise RasterRefused(_("%(name)s is not a GeoTIFF (its content is not TIFF).") % {"name": path.name})


def _facts(source: DatasetReader, *, kind: str) -> RasterFacts:
    if kind == RasterKind.DEM and source.count != 1:
        raise RasterRefused(_("An elevation model has one band; this file has %(count)d.") % {"count": source.count})
    cells = source.width * source.height
    if cells > settings.RASTER_MAX_CELLS:
        raise RasterRefused(
            _("The raster has %(cells)s cells (%(width)d × %(height)d); at most %(limit)s are accepted. "
              "Resample it to a coarser resolution or clip it to Pleiku.")
            % {"cells": f"{cells:,}", "width": source.width, "height": source.height,
               "limit": f"{settings.RASTER_MAX_CELLS:,}"}
        )
    crs = raster_crs(source)
    footprint = raster_footprint(source, crs)
    area = area_of_interest()
    if not footprint.intersects(Polygon.from_bbox(area)):
        raise RasterRefused(
            _("The raster (%(raster)s) does not cover the area of interest, Pleiku's wards and communes "
              "(%(area)s, longitude/latitude).")
            % {"raster": _box_text(footprint.extent), "area": _box_text(area)}
        )
    return RasterFacts(
        width=source.width, height=source.height, crs=_crs_text(crs),
        resolution_m=raster_cell_size(source, crs).metres(1)[1], nodata=source.nodata,
        footprint=footprint, is_synthetic=source.tags().get("SYNTHETIC", "").upper() == "YES",
    )


def raster_crs(source: DatasetReader) -> pyproj.CRS:
    """The raster's CRS, if it is geographic or projected and PROJ can transform it to EPSG:4326."""
    if source.crs is None:
        raise RasterRefused(_("The raster has no coordinate reference system; assign one (e.g. EPSG:9218) "
                              "with gdal_edit.py -a_srs and upload it again."))
    try:
        crs = pyproj.CRS.from_wkt(source.crs.to_wkt())
        if not (crs.is_geographic or crs.is_projected):
            raise CRSError(crs.type_name)
        pyproj.Transformer.from_crs(crs, 4326, always_xy=True)
    except (CRSError, ProjError):
        raise RasterRefused(
            _("The raster's coordinate reference system (%(crs)s) has no transformation to longitude/latitude "
              "(EPSG:4326); reproject it to a national or UTM grid first.") % {"crs": source.crs.to_string()[:80]}
        ) from None
    return crs


def raster_footprint(source: DatasetReader, crs: pyproj.CRS) -> Polygon:
    """The raster's bounds as an EPSG:4326 rectangle (densified edges, so curved grids are covered)."""
    try:
        west, south, east, north = transform_bounds(crs.to_wkt(), "EPSG:4326", *source.bounds, densify_pts=21)
    except (CRSError, ProjError, ValueError):
        west = math.nan
    if not all(math.isfinite(value) for value in (west, south, east, north)):
        raise RasterRefused(_("The raster's bounds cannot be transformed to longitude/latitude."))
    return Polygon.from_bbox((west, south, east, north))


def raster_cell_size(source: DatasetReader, crs: pyproj.CRS) -> CellSize:
    """The cell size for terrain derivatives: metres, or degrees with the top row's latitude."""
    if crs.is_geographic:
        return CellSize(source.transform.a, source.transform.e, geographic=True,
                        top_lat=source.transform.f + source.transform.e / 2)
    factor = crs.axis_info[0].unit_conversion_factor if crs.axis_info else 1.0
    return CellSize(source.transform.a * factor, source.transform.e * factor)


def area_of_interest() -> Bounds:
    """The current wards' and communes' extent, or the fixed Pleiku box before any are loaded."""
    extent = unit_current_communes().aggregate(extent=Extent("geometry"))["extent"]
    if extent is None:
        return PLEIKU_BOUNDS
    return extent[0], extent[1], extent[2], extent[3]


def _crs_text(crs: pyproj.CRS) -> str:
    authority = crs.to_authority()
    return ":".join(authority) if authority else crs.to_proj4()[:400]


def _box_text(box: tuple[float, ...]) -> str:
    return ", ".join(f"{value:.3f}" for value in box)

