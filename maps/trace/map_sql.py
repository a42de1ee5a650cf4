"""The small map of a zone, drawn by PostGIS as SVG path data over the boundaries of its units.

Geometries go to Web Mercator (true shapes at this scale), are moved and scaled into a frame of
`FRAME` units on its longer side, simplified there and written with one decimal: a few kilobytes
whatever the source detail, and nothing finer than about a thousandth of the frame leaves the
database. ST_AsSVG writes y downwards, as SVG wants, once the frame's top edge is at y = 0.
"""

from dataclasses import dataclass

from psycopg2 import sql

from layers.models import AdminUnit, CultivationZone
from maps.db import fetch_one

FRAME = 1000.0
# In frame units: 1.5 of 1000 is invisible on a phone and drops most vertices of a surveyed boundary.
SIMPLIFY_TOLERANCE = 1.5
# Room around the drawing, as a share of its longer side.
MARGIN = 0.05


@dataclass(frozen=True)
class ZoneMap:
    width: float
    height: float
    zone_path: str
    unit_paths: tuple[str, ...]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:.1f} {self.height:.1f}"


_QUERY = sql.SQL("""
WITH zone AS (
    SELECT ST_Transform(geometry, 3857) AS geom FROM {zones} WHERE id = %(zone)s AND geometry IS NOT NULL
), units AS (
    SELECT ST_Transform(u.geometry, 3857) AS geom
    FROM {units} u JOIN {through} t ON t.{unit_col} = u.id
    WHERE t.{zone_col} = %(zone)s AND u.geometry IS NOT NULL
), frame AS (
    SELECT ST_Expand(box, GREATEST(ST_XMax(box) - ST_XMin(box), ST_YMax(box) - ST_YMin(box), 1) * %(margin)s) AS box
    FROM (SELECT ST_Extent(geom)::geometry AS box FROM (SELECT geom FROM zone UNION ALL SELECT geom FROM units) g) e
), scale AS (
    SELECT box, %(frame)s / GREATEST(ST_XMax(box) - ST_XMin(box), ST_YMax(box) - ST_YMin(box)) AS k FROM frame
)
SELECT
    (ST_XMax(box) - ST_XMin(box)) * k,
    (ST_YMax(box) - ST_YMin(box)) * k,
    (SELECT ST_AsSVG(ST_SimplifyPreserveTopology(
        ST_Scale(ST_Translate(geom, -ST_XMin(box), -ST_YMax(box)), k, k), %(tolerance)s), 0, 1) FROM zone),
    ARRAY(SELECT ST_AsSVG(ST_SimplifyPreserveTopology(
        ST_Scale(ST_Translate(geom, -ST_XMin(box), -ST_YMax(box)), k, k), %(tolerance)s), 0, 1) FROM units)
FROM scale
WHERE EXISTS (SELECT 1 FROM zone)
""")


def _query() -> sql.Composed:
    through = CultivationZone.units.through._meta
    return _QUERY.format(
        zones=sql.Identifier(CultivationZone._meta.db_table),
        units=sql.Identifier(AdminUnit._meta.db_table),
        through=sql.Identifier(through.db_table),
        zone_col=sql.Identifier(through.get_field("cultivationzone").column),
        unit_col=sql.Identifier(through.get_field("adminunit").column),
    )


def zone_map(*, zone_id: int) -> ZoneMap | None:
    """The zone's generalised outline over its units, or None when the zone is not mapped yet."""
    row = fetch_one(_query(), {"zone": zone_id, "frame": FRAME, "margin": MARGIN,
                               "tolerance": SIMPLIFY_TOLERANCE})
    if row is None:
        return None
    width, height, zone_path, unit_paths = row
    return ZoneMap(width=float(width), height=float(height), zone_path=zone_path or "",
                   unit_paths=tuple(path for path in unit_paths if path))
