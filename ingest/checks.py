"""Checks that need the whole file or the database, run as SQL over the staging table.

Each returns (feature number, field, reason) for the features that fail; an empty list lets the
import go on to apply. Geometries in staging are in the file's own coordinates (SRID `srid`).
"""

from psycopg2 import sql

from ingest.staging import STAGING
from ingest.targets import Target
from layers.models import AdminUnit, UnitLevel

Found = list[tuple[int, str, str]]
_STAGING = sql.Identifier(STAGING)


def in_wgs84(srid: int, expression: str = "s.geom") -> sql.Composable:
    """A staged geometry in EPSG:4326 (PostGIS transforms with the datum shifts registered for VN-2000)."""
    placed = sql.SQL("ST_SetSRID({}, {})").format(sql.SQL(expression), sql.Literal(srid))
    return placed if srid == 4326 else sql.SQL("ST_Transform({}, 4326)").format(placed)


def current_units_sql() -> sql.Composable:
    return sql.SQL("SELECT id, geometry FROM {} WHERE valid_to IS NULL AND level = ANY({}) "
                   "AND geometry IS NOT NULL").format(
        sql.Identifier(AdminUnit._meta.db_table), sql.Literal([UnitLevel.WARD.value, UnitLevel.COMMUNE.value]))


def units_derive(cursor: object, srid: int) -> None:
    """Give features without a unit column the current ward or commune their interior point lies in."""
    statement = sql.SQL(
        "UPDATE {staging} s SET unit = u.id FROM ({units}) u WHERE s.unit IS NULL AND s.geom IS NOT NULL "
        "AND ST_Intersects(u.geometry, {point})"
    ).format(staging=_STAGING, units=current_units_sql(), point=in_wgs84(srid, "ST_PointOnSurface(s.geom)"))
    cursor.execute(statement)  # type: ignore[attr-defined]


def _fetch(cursor: object, statement: sql.Composable, params: tuple[object, ...] = ()) -> Found:
    cursor.execute(statement, params)  # type: ignore[attr-defined]
    return [(int(n), str(field), str(reason)) for n, field, reason in cursor.fetchall()]  # type: ignore[attr-defined]


def without_unit(cursor: object, reason: str) -> Found:
    statement = sql.SQL("SELECT s.n, 'unit', %s FROM {} s WHERE s.unit IS NULL ORDER BY s.n").format(_STAGING)
    return _fetch(cursor, statement, (reason,))


def duplicates(cursor: object, target: Target, reason: str, rows: sql.Composable = _STAGING) -> Found:
    """Features of the file sharing a natural key with an earlier feature of the same file; `rows` are
    the staging table or, after a direct load, the new rows under staging's column names."""
    statement = sql.SQL(
        "SELECT n, 'key', %s || ' ' || first FROM (SELECT s.n, min(s.n) OVER (PARTITION BY {key}) AS first "
        "FROM {rows} s) d WHERE n <> first ORDER BY n"
    ).format(key=target.duplicate, rows=rows)
    return _fetch(cursor, statement, (reason,))


def matched_outside_units(cursor: object, target: Target, unit_ids: list[int], reason: str) -> Found:
    """Features that would change an existing row the user may not edit (one outside their units)."""
    if target.unit_column:
        foreign = sql.SQL("t.{} <> ALL(%s)").format(sql.Identifier(target.unit_column))
    else:
        foreign = sql.SQL("EXISTS (SELECT 1 FROM layers_cultivationzone_units zu WHERE zu.cultivationzone_id = t.id "
                          "AND zu.adminunit_id <> ALL(%s))")
    statement = sql.SQL("SELECT s.n, 'key', %s FROM {staging} s JOIN {table} t ON {match} WHERE {foreign} "
                        "ORDER BY s.n").format(staging=_STAGING, table=sql.Identifier(target.table),
                                               match=target.match, foreign=foreign)
    return _fetch(cursor, statement, (reason, unit_ids))


def zone_statuses_not_allowed(cursor: object, allowed: list[str], reason: str) -> Found:
    """Zones given a status the user may not set (keeping an existing zone's status is allowed)."""
    statement = sql.SQL(
        "SELECT s.n, 'status', %s || ' ' || s.status FROM {staging} s "
        "LEFT JOIN layers_cultivationzone t ON t.code = s.code "
        "WHERE s.status IS NOT NULL AND s.status <> ALL(%s) AND s.status IS DISTINCT FROM t.status ORDER BY s.n"
    ).format(staging=_STAGING)
    return _fetch(cursor, statement, (reason, allowed))


def zones_coded_without_code(cursor: object, reason: str) -> Found:
    statement = sql.SQL("SELECT s.n, 'code', %s FROM {} s WHERE s.code IS NULL "
                        "AND s.status IN ('approved', 'suspended', 'revoked') ORDER BY s.n").format(_STAGING)
    return _fetch(cursor, statement, (reason,))
