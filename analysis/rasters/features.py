"""The zones or parcels a terrain analysis runs over, read from PostGIS in one query each."""

import math

import geopandas as gpd
import shapely
from django.contrib.gis.db.models import Extent
from django.contrib.gis.db.models.functions import AsWKB
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from analysis.dem import Bounds
from analysis.rasters.validate import RasterRefused
from layers.models import AdminUnit, CultivationZone, Parcel

# The columns each target brings beside its id and boundary.
_COLUMNS = {
    "zones": ("code", "name", "crop", "status"),
    "parcels": ("sheet_number", "parcel_number", "land_use", "unit__code"),
}


def unit_for_analysis(*, key: str) -> AdminUnit:
    """The unit with this slug, or the current unit with this GSO code; RasterRefused otherwise."""
    unit = AdminUnit.objects.filter(Q(slug=key) | Q(code=key, valid_to__isnull=True)).order_by("valid_to").first()
    if unit is None:
        raise RasterRefused(_("No administrative unit has the key or code %(key)r.") % {"key": key})
    return unit


def features_queryset(*, target: str, unit: AdminUnit | None) -> QuerySet[CultivationZone] | QuerySet[Parcel]:
    """The mapped zones (any status) or the parcels, inside `unit` when given."""
    if target == "zones":
        zones = CultivationZone.objects.filter(geometry__isnull=False)
        return zones.filter(units=unit) if unit is not None else zones
    parcels = Parcel.objects.all()
    return parcels.filter(unit=unit) if unit is not None else parcels


def features_extent(*, target: str, unit: AdminUnit | None) -> Bounds:
    """The features' extent in EPSG:4326, from the database alone; RasterRefused when there are none."""
    extent = features_queryset(target=target, unit=unit).aggregate(extent=Extent("geometry"))["extent"]
    if extent is None:
        raise _no_features()
    return extent[0], extent[1], extent[2], extent[3]


def features_read(*, target: str, unit: AdminUnit | None) -> gpd.GeoDataFrame:
    """The features as a GeoDataFrame in EPSG:4326: `feature_id`, the target's columns, geometry."""
    columns = _COLUMNS[target]
    rows = features_queryset(target=target, unit=unit).order_by("pk").values_list(
        "pk", *columns, AsWKB("geometry")
    )
    records = list(rows)
    data = {"feature_id": [row[0] for row in records]}
    for index, name in enumerate(columns, start=1):
        data[name.replace("unit__code", "unit_code")] = [row[index] for row in records]
    return gpd.GeoDataFrame(data, geometry=shapely.from_wkb([bytes(row[-1]) for row in records]), crs="EPSG:4326")


def features_bounds(features: gpd.GeoDataFrame) -> Bounds:
    """The features' extent in EPSG:4326; RasterRefused when there are none."""
    if features.empty:
        raise _no_features()
    west, south, east, north = (float(value) for value in features.total_bounds)
    if not all(math.isfinite(value) for value in (west, south, east, north)):
        raise RasterRefused(_("The features have no usable boundaries."))
    return west, south, east, north


def _no_features() -> RasterRefused:
    return RasterRefused(_("No features to analyse: the chosen unit has no zones or parcels of that kind."))
