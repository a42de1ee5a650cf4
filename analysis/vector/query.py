"""What the vector analyses share: our tables' quoted names, SQL results as data frames, and the
administrative unit a planner names in a parameter.

Table names come from our own models and are quoted by the database backend; every value a user
gives travels as a query parameter.
"""

from collections.abc import Mapping
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
from django.db import connection
from django.db.models import Model
from django.utils.translation import gettext as _

from analysis.spec import AnalysisRefused
from layers.models import (
    AdminUnit,
    AdminUnitSuccession,
    CultivationZone,
    OCOPProducer,
    OCOPProduct,
    Parcel,
    TourismSite,
)
from layers.models.measures import AREA_GRID_SRID


def _quoted(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def tables() -> dict[str, str]:
    """The quoted names of the tables the analyses read, by short name, to format into SQL text."""
    return {
        "parcel": _quoted(Parcel),
        "zone": _quoted(CultivationZone),
        "zone_unit": _quoted(CultivationZone.units.through),
        "unit": _quoted(AdminUnit),
        "succession": _quoted(AdminUnitSuccession),
        "producer": _quoted(OCOPProducer),
        "product": _quoted(OCOPProduct),
        "product_zone": _quoted(OCOPProduct.source_zones.through),
        "site": _quoted(TourismSite),
        "srid": str(AREA_GRID_SRID),
    }


def frame_query(template: str, params: Mapping[str, Any]) -> pd.DataFrame:
    """Run `template` (SQL whose {names} are `tables()` keys) with `params`; the rows as a data frame."""
    with connection.cursor() as cursor:
        cursor.execute(template.format(**tables()), params)
        columns = [column.name for column in cursor.description]
        return pd.DataFrame.from_records(cursor.fetchall(), columns=columns)


def features_from(frame: pd.DataFrame, wkb_column: str) -> gpd.GeoDataFrame:
    """`frame` with its WKB column (EPSG:4326, from ST_AsBinary) turned into a geometry column."""
    geometry = shapely.from_wkb([bytes(value) for value in frame[wkb_column]])
    return gpd.GeoDataFrame(frame.drop(columns=[wkb_column]), geometry=geometry, crs="EPSG:4326")


def features_concat(parts: list[gpd.GeoDataFrame]) -> gpd.GeoDataFrame | None:
    """One layer of all the non-empty parts (a `kind` column tells them apart), or None if all are empty."""
    present = [part for part in parts if not part.empty]
    if not present:
        return None
    return gpd.GeoDataFrame(pd.concat(present, ignore_index=True), geometry="geometry", crs="EPSG:4326")


def unit_by_key(key: str, *, param: str = "unit") -> AdminUnit:
    """The unit whose slug or GSO code is `key`: today's unit when a code was reused across the
    2025 reform, else the most recent former one. Refuses, naming `param`, when there is none."""
    text = key.strip()
    unit = AdminUnit.objects.filter(slug=text).first()
    if unit is None:
        by_code = AdminUnit.objects.filter(code=text).order_by("-valid_to")
        unit = by_code.filter(valid_to__isnull=True).first() or by_code.first()
    if unit is None:
        raise AnalysisRefused(
            _("Parameter %(name)s: no administrative unit has the code or key %(value)r.")
            % {"name": param, "value": text}
        )
    return unit


def hectares(square_metres: pd.Series) -> pd.Series:
    return (square_metres.astype(float) / 10_000.0).round(4)
