"""Parcels × zones × units: which parcels lie in which zone, zone area by land-use code, zones on
non-agricultural land, parcels cut by a zone boundary.

PostGIS does the geometry in one statement: each zone meets the parcels its index finds, a parcel
wholly inside keeps its stored area (no intersection is computed for it), the others are cut and
measured in the VN-2000 / TM-3 plane as the models measure areas. pandas then only groups rows.
"""

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
from django.utils.translation import gettext as _

from analysis.spec import Chart, Progress, Result
from analysis.vector.query import features_concat, features_from, frame_query, hectares
from layers.models import LandUse

# One row per (parcel, zone) pair whose shared part exceeds the tolerance. Geometries travel back
# only for the rows that become features: the overlap of a conflict, the whole of a cut parcel.
PAIRS_SQL = """
WITH scope AS (
    SELECT geometry FROM {unit} WHERE id = %(unit_id)s
), pair AS (
    SELECT p.id AS parcel_id, p.unit_id, p.sheet_number, p.parcel_number, p.land_use,
           p.area_m2 AS parcel_m2, p.geometry AS parcel_geometry,
           z.id AS zone_id, z.code AS zone_code, z.name AS zone_name, z.crop,
           CASE WHEN ST_CoveredBy(p.geometry, z.geometry) THEN NULL
                ELSE ST_Multi(ST_CollectionExtract(ST_Intersection(p.geometry, z.geometry), 3)) END AS cut
    FROM {zone} AS z
    JOIN {parcel} AS p ON ST_Intersects(p.geometry, z.geometry)
    WHERE z.geometry IS NOT NULL
      AND (%(crop)s = '' OR z.crop = %(crop)s)
      AND (%(status)s = '' OR z.status = %(status)s)
      AND (%(unit_id)s::bigint IS NULL
           OR ST_Intersects(ST_PointOnSurface(p.geometry), (SELECT geometry FROM scope)))
), measured AS (
    SELECT pair.*, COALESCE(ST_Area(ST_Transform(cut, {srid})), parcel_m2) AS overlap_m2,
           land_use <> ALL(%(agricultural)s) AS is_conflict
    FROM pair
)
SELECT m.parcel_id, u.code AS unit_code, m.sheet_number, m.parcel_number, m.land_use,
       m.zone_id, m.zone_code, m.zone_name, m.crop, m.parcel_m2, m.overlap_m2,
       m.is_conflict, m.parcel_m2 - m.overlap_m2 > %(tolerance)s AS is_split,
       CASE WHEN m.is_conflict THEN ST_AsBinary(COALESCE(m.cut, m.parcel_geometry)) END AS conflict_wkb,
       CASE WHEN m.parcel_m2 - m.overlap_m2 > %(tolerance)s THEN ST_AsBinary(m.parcel_geometry) END AS split_wkb
FROM measured AS m
JOIN {unit} AS u ON u.id = m.unit_id
WHERE m.overlap_m2 > %(tolerance)s
ORDER BY m.zone_id, m.parcel_id
"""


@dataclass(frozen=True)
class OverlayScope:
    """Which zones and parcels take part, and how small a shared part may be before it is ignored."""

    unit_id: int | None = None
    crop: str = ""
    status: str = ""
    tolerance_m2: float = 1.0
    min_share: float = 0.5


def overlay_pairs(*, scope: OverlayScope) -> pd.DataFrame:
    """Every (parcel, zone) pair sharing more than `scope.tolerance_m2`, with the shared area and share."""
    pairs = frame_query(PAIRS_SQL, {
        "unit_id": scope.unit_id, "crop": scope.crop, "status": scope.status,
        "tolerance": scope.tolerance_m2, "agricultural": sorted(LandUse.agricultural()),
    })
    pairs["share"] = (pairs["overlap_m2"].astype(float) / pairs["parcel_m2"].astype(float)).round(6)
    pairs["in_zone"] = pairs["share"] >= scope.min_share
    # An empty result has object columns; boolean masks need booleans.
    pairs[["is_conflict", "is_split"]] = pairs[["is_conflict", "is_split"]].astype(bool)
    return pairs


_PAIR_COLUMNS = ["zone_id", "zone_code", "zone_name", "crop", "parcel_id", "unit_code", "sheet_number",
                 "parcel_number", "land_use", "parcel_m2", "overlap_m2", "share", "in_zone"]


def zone_land_use(pairs: pd.DataFrame) -> pd.DataFrame:
    """Each zone's mapped area split by the land-use codes of the parcels under it."""
    grouped = pairs.groupby(["zone_id", "zone_code", "zone_name", "land_use"], dropna=False, sort=True)
    table = grouped.agg(parcels=("parcel_id", "nunique"), overlap_m2=("overlap_m2", "sum")).reset_index()
    table["area_ha"] = hectares(table["overlap_m2"])
    table["agricultural"] = table["land_use"].isin(LandUse.agricultural())
    return table.drop(columns=["overlap_m2"])


def land_use_totals(pairs: pd.DataFrame) -> pd.DataFrame:
    """All zones' area per land-use code (the chart's table)."""
    grouped = pairs.groupby("land_use", sort=True)
    table = grouped.agg(zones=("zone_id", "nunique"), overlap_m2=("overlap_m2", "sum")).reset_index()
    table["area_ha"] = hectares(table["overlap_m2"])
    return table.drop(columns=["overlap_m2"])


def _features(pairs: pd.DataFrame, flag: str, wkb: str, kind: str) -> gpd.GeoDataFrame:
    rows = pairs.loc[pairs[flag], ["zone_code", "zone_name", "parcel_id", "land_use", "overlap_m2", "share", wkb]]
    features = features_from(rows.reset_index(drop=True), wkb)
    features.insert(0, "kind", kind)
    return features


def overlay_result(pairs: pd.DataFrame, *, progress: Progress) -> Result:
    """The overlay's tables, features (conflicts' overlaps, cut parcels), chart and summary."""
    progress(0.8, _("Grouping by zone and land use"))
    conflicts = pairs.loc[pairs["is_conflict"], _PAIR_COLUMNS]
    split = pairs.loc[pairs["is_split"], _PAIR_COLUMNS]
    features = features_concat([_features(pairs, "is_conflict", "conflict_wkb", "conflict"),
                                _features(pairs, "is_split", "split_wkb", "split_parcel")])
    summary = {
        "zones": int(pairs["zone_id"].nunique()),
        "parcels_in_zones": int(pairs.loc[pairs["in_zone"], "parcel_id"].nunique()),
        "pairs": len(pairs),
        "zone_area_ha": round(float(pairs["overlap_m2"].sum()) / 10_000.0, 4),
        "conflicts": len(conflicts),
        "conflict_area_ha": round(float(conflicts["overlap_m2"].sum()) / 10_000.0, 4),
        "zones_with_conflicts": int(conflicts["zone_id"].nunique()),
        "split_parcels": int(split["parcel_id"].nunique()),
    }
    return Result(
        tables={"parcel_zone": pairs[_PAIR_COLUMNS].reset_index(drop=True),
                "zone_land_use": zone_land_use(pairs), "land_use_totals": land_use_totals(pairs),
                "conflicts": conflicts.reset_index(drop=True), "split_parcels": split.reset_index(drop=True)},
        features=features,
        charts=(Chart(table="land_use_totals", x="land_use", y=("area_ha",),
                      title=_("Zone area by land-use code (ha)")),),
        summary=summary,
    )
