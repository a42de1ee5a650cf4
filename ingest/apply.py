"""Apply checked staging rows to the layer's table: update the rows whose natural key exists, insert
the rest, in the caller's transaction. Only the fields the file carries are written on update, so a
registry that brings codes and crops does not erase geometries drawn in the platform.
"""

from dataclasses import dataclass

from psycopg2 import sql

from ingest.bulk import bulk_worthwhile, indexes_rebuilt_after
from ingest.checks import current_units_sql, in_wgs84
from ingest.staging import STAGING
from ingest.targets import Target

_STAGING = sql.Identifier(STAGING)


@dataclass(frozen=True)
class Applied:
    created: int
    updated: int


def _geometry_value(target: Target, srid: int) -> sql.Composable:
    value = in_wgs84(srid)
    return sql.SQL("ST_Multi({})").format(value) if target.multi else value


def _assignments(target: Target, fields: list[str], srid: int, has_geometry: bool) -> list[tuple[str, sql.Composable]]:
    """(column, value over staging alias s) for every column the file fills."""
    pairs = [(target.column_of(name), sql.SQL("s.{}").format(sql.Identifier(name)))
             for name in fields if target.column_of(name)]
    if has_geometry:
        pairs.append((target.geometry_column, _geometry_value(target, srid)))
    return pairs


def _update(cursor: object, target: Target, pairs: list[tuple[str, sql.Composable]]) -> int:
    assignments = [sql.SQL("{} = {}").format(sql.Identifier(column), value) for column, value in pairs]
    if "updated_at" in target.defaults:
        assignments.append(sql.SQL("updated_at = now()"))
    statement = sql.SQL("UPDATE {table} t SET {assignments} FROM {staging} s WHERE {match}").format(
        table=sql.Identifier(target.table), assignments=sql.SQL(", ").join(assignments), staging=_STAGING,
        match=target.match)
    cursor.execute(statement)  # type: ignore[attr-defined]
    return int(cursor.rowcount)  # type: ignore[attr-defined]


def _insert(cursor: object, target: Target, pairs: list[tuple[str, sql.Composable]]) -> int:
    given = {column for column, _value in pairs}
    defaults = [(target.column_of(name) if name in {f.name for f in target.schema.fields} else name, value)
                for name, value in target.defaults.items()]
    pairs = pairs + [(column, value) for column, value in defaults if column not in given]
    statement = sql.SQL(
        "INSERT INTO {table} ({columns}) SELECT {values} FROM {staging} s "
        "WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE {match})"
    ).format(table=sql.Identifier(target.table), columns=sql.SQL(", ").join(sql.Identifier(c) for c, _v in pairs),
             values=sql.SQL(", ").join(value for _c, value in pairs), staging=_STAGING, match=target.match)
    cursor.execute(statement)  # type: ignore[attr-defined]
    return int(cursor.rowcount)  # type: ignore[attr-defined]


def _link_zone_units(cursor: object, target: Target, srid: int) -> None:
    """A zone belongs to every current unit its interior reaches (a shared boundary is not enough), or,
    with no geometry, to the unit the file names."""
    matched = sql.SQL("SELECT t.id, s.unit, s.geom FROM {table} t JOIN {staging} s ON {match}").format(
        table=sql.Identifier(target.table), staging=_STAGING, match=target.match)
    cursor.execute("DROP TABLE IF EXISTS ingest_zones")  # type: ignore[attr-defined]
    cursor.execute(sql.SQL(  # type: ignore[attr-defined]
        "CREATE TEMPORARY TABLE ingest_zones ON COMMIT DROP AS {}").format(matched))
    cursor.execute("DELETE FROM layers_cultivationzone_units zu USING ingest_zones z "  # type: ignore[attr-defined]
                   "WHERE zu.cultivationzone_id = z.id")
    cursor.execute(sql.SQL(  # type: ignore[attr-defined]
        "INSERT INTO layers_cultivationzone_units (cultivationzone_id, adminunit_id) "
        "SELECT DISTINCT z.id, u.id FROM ingest_zones z JOIN ({units}) u "
        "ON (z.geom IS NOT NULL AND ST_Relate(u.geometry, {geometry}, 'T********')) "
        "OR (z.geom IS NULL AND u.id = z.unit)"
    ).format(units=current_units_sql(), geometry=in_wgs84(srid, "z.geom")))


def staging_apply(cursor: object, target: Target, *, fields: list[str], srid: int, has_geometry: bool,
                  rows: int) -> Applied:
    """Upsert the staged rows on the layer's natural key; returns how many rows were created and updated."""
    pairs = _assignments(target, fields, srid, has_geometry)
    updated = _update(cursor, target, pairs)
    if bulk_worthwhile(cursor, target.table, rows):
        with indexes_rebuilt_after(cursor, target.table):
            created = _insert(cursor, target, pairs)
    else:
        created = _insert(cursor, target, pairs)
    if target.layer == "zones":
        _link_zone_units(cursor, target, srid)
    return Applied(created=created, updated=updated)
