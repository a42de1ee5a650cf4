"""Figures per administrative unit — zones by crop and status, households, OCOP products by stars
and group — for the units before and after the 2025 reform, side by side.

A unit with a boundary receives the mapped zones that overlap it (with the overlapping area, and
the zone's households in proportion) and the producers located inside it. A unit without a
boundary (most pre-2025 units) receives what the records declare: the zones that list it among
their units and the producers registered under it. Every row says which method placed it.
"""

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
from django.utils.translation import gettext as _

from analysis.spec import Chart, Progress, Result
from analysis.vector.query import features_from, frame_query, hectares
from layers.models import UnitLevel

GEOMETRY = "geometry"
DECLARED = "declared"
STARS = (3, 4, 5)

# The units asked for: one unit with everything that merged into it (recursively), or all of them.
_SCOPE_SQL = """
WITH RECURSIVE chosen(id) AS (
    SELECT %(unit_id)s::bigint
    UNION
    SELECT s.predecessor_id FROM {succession} AS s JOIN chosen AS c ON s.successor_id = c.id
), scoped AS (
    SELECT u.id, u.geometry FROM {unit} AS u
    WHERE u.level = ANY(%(levels)s)
      AND (%(unit_id)s::bigint IS NULL OR u.id IN (SELECT id FROM chosen))
      AND (%(period)s = 'both' OR (%(period)s = 'current') = (u.valid_to IS NULL))
)
"""

UNITS_SQL = _SCOPE_SQL + """
SELECT u.id AS unit_id, u.code AS unit_code, u.name AS unit_name, u.level,
       CASE WHEN u.valid_to IS NULL THEN 'current' ELSE 'former' END AS period, u.valid_to,
       CASE WHEN u.geometry IS NULL THEN %(declared)s ELSE %(geometry)s END AS method,
       (SELECT string_agg(n.code, ' ' ORDER BY n.code) FROM {succession} AS s JOIN {unit} AS n
         ON n.id = s.successor_id WHERE s.predecessor_id = u.id) AS successors,
       (SELECT string_agg(o.code, ' ' ORDER BY o.code) FROM {succession} AS s JOIN {unit} AS o
         ON o.id = s.predecessor_id WHERE s.successor_id = u.id) AS predecessors,
       ARRAY(SELECT s.successor_id FROM {succession} AS s WHERE s.predecessor_id = u.id) AS successor_ids,
       ST_AsBinary(u.geometry) AS wkb
FROM {unit} AS u JOIN scoped USING (id)
ORDER BY period, u.code, u.name
"""  # noqa: S608  (table names are our models', quoted; every value is a parameter)

ZONES_SQL = _SCOPE_SQL + """, placed AS (
    SELECT u.id AS unit_id, z.id AS zone_id, %(geometry)s AS method,
           CASE WHEN ST_CoveredBy(z.geometry, u.geometry) THEN z.area_ha * 10000.0
                ELSE ST_Area(ST_Transform(ST_Intersection(z.geometry, u.geometry), {srid})) END AS area_m2
    FROM scoped AS u JOIN {zone} AS z ON ST_Intersects(z.geometry, u.geometry)
    UNION ALL
    SELECT u.id, z.id, %(declared)s, COALESCE(z.area_ha, z.declared_area_ha) * 10000.0
    FROM scoped AS u
    JOIN {zone_unit} AS zu ON zu.adminunit_id = u.id
    JOIN {zone} AS z ON z.id = zu.cultivationzone_id
    WHERE u.geometry IS NULL OR z.geometry IS NULL
)
SELECT p.unit_id, p.zone_id, p.method, z.crop, z.status, p.area_m2,
       z.households * COALESCE(p.area_m2 / NULLIF(z.area_ha * 10000.0, 0), 1.0) AS households
FROM placed AS p JOIN {zone} AS z ON z.id = p.zone_id
WHERE p.method = %(declared)s OR p.area_m2 > %(tolerance)s
"""  # noqa: S608

PRODUCTS_SQL = _SCOPE_SQL + """, placed AS (
    SELECT u.id AS unit_id, p.id AS producer_id FROM scoped AS u
    JOIN {producer} AS p ON ST_Intersects(p.location, u.geometry)
    UNION ALL
    SELECT u.id, p.id FROM scoped AS u JOIN {producer} AS p ON p.unit_id = u.id
    WHERE u.geometry IS NULL OR p.location IS NULL
)
SELECT pl.unit_id, pl.producer_id, pr.id AS product_id, pr."group" AS product_group, pr.stars
FROM placed AS pl JOIN {product} AS pr ON pr.producer_id = pl.producer_id
"""  # noqa: S608

_UNIT_LEVELS = [UnitLevel.WARD.value, UnitLevel.COMMUNE.value, UnitLevel.TOWNSHIP.value]
# Shared edges of neighbouring boundaries meet in slivers; smaller overlaps place nothing.
_SLIVER_M2 = 1.0


@dataclass(frozen=True)
class StatisticsScope:
    unit_id: int | None = None
    period: str = "both"


def _frames(scope: StatisticsScope) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    params = {"unit_id": scope.unit_id, "period": scope.period, "levels": _UNIT_LEVELS,
              "geometry": GEOMETRY, "declared": DECLARED, "tolerance": _SLIVER_M2}
    return frame_query(UNITS_SQL, params), frame_query(ZONES_SQL, params), frame_query(PRODUCTS_SQL, params)


def zones_by_crop_status(zones: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    grouped = zones.groupby(["unit_id", "crop", "status", "method"], sort=True)
    table = grouped.agg(zones=("zone_id", "nunique"), area_m2=("area_m2", "sum")).reset_index()
    table["area_ha"] = hectares(table["area_m2"])
    labels = units[["unit_id", "unit_code", "unit_name", "period"]]
    return labels.merge(table.drop(columns=["area_m2"]), on="unit_id").drop(columns=["unit_id"])


def ocop_by_group_stars(products: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    grouped = products.groupby(["unit_id", "product_group", "stars"], sort=True)
    table = grouped.agg(products=("product_id", "nunique")).reset_index()
    labels = units[["unit_id", "unit_code", "unit_name", "period"]]
    return labels.merge(table, on="unit_id").drop(columns=["unit_id"])


def _unit_figures(units: pd.DataFrame, zones: pd.DataFrame, products: pd.DataFrame) -> pd.DataFrame:
    by_zone = zones.groupby("unit_id").agg(
        zones=("zone_id", "nunique"), zone_area_m2=("area_m2", "sum"), households=("households", "sum"))
    stars = pd.crosstab(products["unit_id"], products["stars"]).reindex(columns=list(STARS), fill_value=0)
    stars.columns = [f"stars_{count}" for count in STARS]
    by_producer = products.groupby("unit_id").agg(producers=("producer_id", "nunique"),
                                                  ocop_products=("product_id", "nunique"))
    table = units.drop(columns=["wkb"]).set_index("unit_id").join([by_zone, by_producer, stars])
    counts = ["zones", "producers", "ocop_products", *stars.columns]
    table[counts] = table[counts].fillna(0).astype(int)
    table["zone_area_ha"] = hectares(table["zone_area_m2"].fillna(0.0))
    table["households"] = table["households"].astype(float).fillna(0.0).round(1)
    # Names repeat across the reform (Biển Hồ before and after), so the charts' labels say which.
    former = table["period"] == "former"
    table.insert(2, "unit_label", table["unit_name"].where(~former, table["unit_name"] + " (" + _("before 2025") + ")"))
    return table.drop(columns=["zone_area_m2"]).reset_index()


_SIDE_FIGURES = ["unit_code", "unit_name", "zones", "zone_area_ha", "households", "ocop_products"]


def former_and_current(figures: pd.DataFrame) -> pd.DataFrame:
    """One row per former unit and the current unit it merged into, their figures side by side."""
    pairs = figures.loc[figures["period"] == "former"].explode("successor_ids").dropna(subset=["successor_ids"])
    current = figures.loc[figures["period"] == "current", ["unit_id", *_SIDE_FIGURES]]
    left = pairs[[*_SIDE_FIGURES, "method", "successor_ids"]].add_prefix("former_")
    right = current.add_prefix("current_")
    table = left.merge(right.astype({"current_unit_id": object}), left_on="former_successor_ids",
                       right_on="current_unit_id", how="inner")
    return table.drop(columns=["former_successor_ids", "current_unit_id"]).reset_index(drop=True)


def _features(units: pd.DataFrame, figures: pd.DataFrame) -> gpd.GeoDataFrame | None:
    mapped = units.loc[units["wkb"].notna(), ["unit_id", "wkb"]]
    if mapped.empty:
        return None
    return features_from(figures.drop(columns=["successor_ids"]).merge(mapped, on="unit_id"), "wkb")


def statistics_result(*, scope: StatisticsScope, progress: Progress) -> Result:
    """Tables per unit (figures, zones by crop and status, OCOP by group and stars, former beside
    current), the units with a boundary as features, two charts and a summary."""
    progress(0.1, _("Placing zones and producers in units"))
    units, zones, products = _frames(scope)
    progress(0.7, _("Counting per unit"))
    figures = _unit_figures(units, zones, products)
    summary = {
        "units_current": int((figures["period"] == "current").sum()),
        "units_former": int((figures["period"] == "former").sum()),
        "units_by_declaration": int((figures["method"] == DECLARED).sum()),
        "method": _("Units with a boundary: mapped zones overlapping it (area in proportion) and producers "
                    "located in it; units without one: zones and producers whose records name the unit."),
    }
    return Result(
        tables={"units": figures.drop(columns=["successor_ids"]),
                "zones_by_crop_status": zones_by_crop_status(zones, units),
                "ocop_by_group_stars": ocop_by_group_stars(products, units),
                "former_and_current": former_and_current(figures)},
        features=_features(units, figures),
        charts=(Chart(table="units", x="unit_label", y=("zone_area_ha",), title=_("Zone area per unit (ha)")),
                Chart(table="units", x="unit_label", y=tuple(f"stars_{count}" for count in STARS),
                      title=_("OCOP products per unit by stars"))),
        summary=summary,
    )
