"""OCOP producers and their supply zones, tourism sites near OCOP outlets, service areas by buffer.

Distances and buffers are taken in the VN-2000 / TM-3 108-30 plane, where the models measure areas,
so a metre here is a metre there. Bounding-box tests in degrees go first so that the GiST indexes
pick the candidates; the exact test runs on the projected geometries.
"""

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
from django.utils.translation import gettext as _

from analysis.spec import Chart, Progress, Result
from analysis.vector.query import features_concat, features_from, frame_query, hectares

# A degree of longitude is at least 102 km south of 24° N (all of Vietnam): dividing by 90 km gives
# a box in degrees that always holds the circle.
METRES_PER_DEGREE_FLOOR = 90_000.0

PRODUCER_ZONES_SQL = """
SELECT pr.id AS producer_id, pr.name AS producer_name, u.code AS unit_code,
       z.id AS zone_id, z.code AS zone_code, z.name AS zone_name, z.crop,
       string_agg(DISTINCT pd.name, '; ') AS products,
       ST_Distance(ST_Transform(pr.location, {srid}), ST_Transform(z.geometry, {srid})) AS distance_m,
       ST_AsBinary(ST_Transform(ST_ShortestLine(ST_Transform(pr.location, {srid}),
                                                ST_Transform(z.geometry, {srid})), 4326)) AS wkb
FROM {producer} AS pr
JOIN {unit} AS u ON u.id = pr.unit_id
JOIN {product} AS pd ON pd.producer_id = pr.id
JOIN {product_zone} AS pz ON pz.ocopproduct_id = pd.id
JOIN {zone} AS z ON z.id = pz.cultivationzone_id
GROUP BY pr.id, u.code, z.id
ORDER BY pr.name, pr.id, z.code, z.id
"""

WITHOUT_ZONE_SQL = """
SELECT pr.id AS producer_id, pr.name AS producer_name, pr.kind, u.code AS unit_code,
       count(pd.id) AS products, pr.location IS NOT NULL AS located
FROM {producer} AS pr
JOIN {unit} AS u ON u.id = pr.unit_id
LEFT JOIN {product} AS pd ON pd.producer_id = pr.id
WHERE NOT EXISTS (SELECT 1 FROM {product} AS linked JOIN {product_zone} AS pz ON pz.ocopproduct_id = linked.id
                  WHERE linked.producer_id = pr.id)
GROUP BY pr.id, u.code
ORDER BY pr.name, pr.id
"""

SITES_SQL = """
SELECT s.id AS site_id, s.name_vi AS site_name, s.category, pr.id AS producer_id, pr.name AS producer_name,
       ST_Distance(ST_Transform(s.geometry, {srid}), ST_Transform(pr.location, {srid})) AS distance_m
FROM {site} AS s
JOIN {producer} AS pr ON s.geometry && ST_Expand(pr.location, %(degrees)s)
 AND ST_DWithin(ST_Transform(s.geometry, {srid}), ST_Transform(pr.location, {srid}), %(distance)s)
ORDER BY s.name_vi, s.id, distance_m
"""

SERVICE_AREAS_SQL = """
WITH area AS (
    SELECT pr.id, pr.name, pr.unit_id, ST_Buffer(ST_Transform(pr.location, {srid}), %(distance)s, 16) AS buffer
    FROM {producer} AS pr WHERE pr.location IS NOT NULL
), mapped AS (
    SELECT area.*, ST_Transform(buffer, 4326) AS buffer_wgs84 FROM area
)
SELECT a.id AS producer_id, a.name AS producer_name, u.code AS unit_code, ST_Area(a.buffer) AS area_m2,
       (SELECT count(*) FROM {site} AS s WHERE s.geometry && a.buffer_wgs84
         AND ST_Intersects(ST_Transform(s.geometry, {srid}), a.buffer)) AS sites_within,
       (SELECT count(*) FROM {zone} AS z WHERE z.geometry && a.buffer_wgs84
         AND ST_Intersects(ST_Transform(z.geometry, {srid}), a.buffer)) AS zones_within,
       ST_AsBinary(a.buffer_wgs84) AS wkb
FROM mapped AS a JOIN {unit} AS u ON u.id = a.unit_id
ORDER BY a.name, a.id
"""


@dataclass(frozen=True)
class ProximityScope:
    distance_m: float


def _supply(producer_zones: pd.DataFrame) -> pd.DataFrame:
    """Per producer: how many zones supply it, the nearest and the farthest (km)."""
    kilometres = producer_zones["distance_m"].astype(float) / 1000.0
    grouped = producer_zones.assign(distance_km=kilometres.round(3)).groupby("producer_id")
    table = grouped.agg(linked_zones=("zone_id", "nunique"), nearest_zone_km=("distance_km", "min"),
                        farthest_zone_km=("distance_km", "max"))
    return table.reset_index()


def _service_areas(areas: pd.DataFrame, producer_zones: pd.DataFrame) -> pd.DataFrame:
    table = areas.drop(columns=["wkb"]).merge(_supply(producer_zones), on="producer_id", how="left")
    table["area_ha"] = hectares(table.pop("area_m2"))
    table["linked_zones"] = table["linked_zones"].fillna(0).astype(int)
    return table


def _features(producer_zones: pd.DataFrame, areas: pd.DataFrame) -> list[gpd.GeoDataFrame]:
    lines = producer_zones.loc[producer_zones["wkb"].notna(),
                               ["producer_id", "producer_name", "zone_code", "distance_m", "wkb"]]
    buffers = areas[["producer_id", "producer_name", "wkb"]]
    parts = [features_from(lines.reset_index(drop=True), "wkb"), features_from(buffers, "wkb")]
    for part, kind in zip(parts, ("supply_line", "service_area"), strict=True):
        part.insert(0, "kind", kind)
    return parts


def proximity_result(*, scope: ProximityScope, progress: Progress) -> Result:
    """Distances from producers to their products' source zones, producers with no linked zone,
    sites within the distance of an outlet, and each outlet's service area."""
    params = {"distance": scope.distance_m, "degrees": scope.distance_m / METRES_PER_DEGREE_FLOOR}
    progress(0.1, _("Measuring producers to their supply zones"))
    producer_zones = frame_query(PRODUCER_ZONES_SQL, params)
    without_zone = frame_query(WITHOUT_ZONE_SQL, params)
    progress(0.4, _("Finding tourism sites near OCOP outlets"))
    sites = frame_query(SITES_SQL, params)
    progress(0.6, _("Drawing service areas"))
    areas = frame_query(SERVICE_AREAS_SQL, params)
    service_areas = _service_areas(areas, producer_zones)
    summary = {
        "distance_km": scope.distance_m / 1000.0,
        "producer_zone_links": len(producer_zones),
        "producers_without_zone": len(without_zone),
        "sites_near_outlets": int(sites["site_id"].nunique()),
        "links_without_distance": int(producer_zones["distance_m"].isna().sum()),
    }
    return Result(
        tables={"producer_zones": producer_zones.drop(columns=["wkb"]), "producers_without_zone": without_zone,
                "sites_near_outlets": sites, "service_areas": service_areas},
        features=features_concat(_features(producer_zones, areas)),
        charts=(Chart(table="service_areas", x="producer_name", y=("sites_within", "zones_within"),
                      title=_("Tourism sites and zones within the service area")),
                Chart(table="service_areas", x="producer_name", y=("nearest_zone_km", "farthest_zone_km"),
                      title=_("Distance to supply zones (km)"))),
        summary=summary,
    )
