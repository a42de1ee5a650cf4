"""The SQL of an export: one SELECT over a layer, in the exchange schema's columns, that a named cursor
streams; and the small look-ups an export needs before it starts.

Identifiers come from the registry and the exchange schema and are quoted by psycopg's `sql` module;
the SRID, the unit and the reader's visibility rule travel as parameters. The rows are read `AS t`,
the alias `layers.visibility.row_filter` writes its conditions against.
"""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.db.models import Field as ModelField
from django.db.models import ForeignKey, ManyToManyField
from psycopg2 import sql

from ingest.schemas import Field, Kind
from layers.models import AdminUnit
from layers.registry import LayerSpec
from layers.visibility import RowFilter

ALIAS = "t"
LIST_SEPARATOR = ";"  # between the choices of a list and the units of a zone, as the importer splits them


@dataclass(frozen=True)
class Condition:
    """A boolean SQL condition on `t` and its parameters."""

    sql: sql.Composable
    params: tuple[object, ...]


def _column(spec: LayerSpec, field_name: str) -> sql.Composable:
    return sql.SQL("{}.{}").format(sql.Identifier(ALIAS), sql.Identifier(spec.column(field_name)))


def _primary_key(spec: LayerSpec) -> sql.Composable:
    column = spec.model._meta.pk.column  # type: ignore[union-attr]
    return sql.SQL("{}.{}").format(sql.Identifier(ALIAS), sql.Identifier(column))


def _unit_relation(spec: LayerSpec) -> ModelField | None:  # type: ignore[type-arg]
    """The model field that places a feature in units: `unit` (one) or `units` (several), if any."""
    for name in ("unit", "units"):
        try:
            field = spec.model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if isinstance(field, ForeignKey | ManyToManyField):
            return field
    return None


# A unit without a GSO code in our sources is written by name, which the importer resolves too.
_UNIT_LABEL = sql.SQL("COALESCE(NULLIF(u.{code}, ''), u.{name})").format(
    code=sql.Identifier("code"), name=sql.Identifier("name"))


def _unit_expression(spec: LayerSpec) -> sql.Composable:
    """The GSO code of the feature's unit; for a zone in several units, their codes joined by `;`."""
    relation = _unit_relation(spec)
    units = sql.Identifier(AdminUnit._meta.db_table)
    if isinstance(relation, ForeignKey):
        return sql.SQL("(SELECT {label} FROM {units} u WHERE u.id = {fk})").format(
            label=_UNIT_LABEL, units=units, fk=_column(spec, relation.name))
    if isinstance(relation, ManyToManyField):
        return sql.SQL(
            "(SELECT string_agg({label}, {sep} ORDER BY {label}) FROM {through} l "
            "JOIN {units} u ON u.id = l.{target} WHERE l.{source} = {pk})"
        ).format(label=_UNIT_LABEL, sep=sql.Literal(LIST_SEPARATOR), units=units, pk=_primary_key(spec),
                 through=sql.Identifier(relation.m2m_db_table()),
                 source=sql.Identifier(relation.m2m_column_name()),
                 target=sql.Identifier(relation.m2m_reverse_name()))
    raise ValueError(f"Layer {spec.id!r} has a unit column in its exchange schema but no unit relation.")


def field_expression(spec: LayerSpec, field: Field) -> sql.Composable:
    """One exported column: lists joined, decimals as floating point, everything else as stored."""
    if field.kind == Kind.UNIT:
        return _unit_expression(spec)
    column = _column(spec, field.name)
    if field.kind == Kind.CHOICES:
        return sql.SQL("NULLIF(array_to_string({}, {}), '')").format(column, sql.Literal(LIST_SEPARATOR))
    if field.kind == Kind.DECIMAL:
        return sql.SQL("{}::double precision").format(column)
    if field.kind == Kind.INTEGER:
        return sql.SQL("{}::bigint").format(column)
    return column


def _geometry_expression(spec: LayerSpec, *, srid: int, wkt_digits: int | None) -> Condition:
    """WKB in `srid`; or WKT with `wkt_digits` decimals, an empty text for a feature without geometry."""
    transformed = sql.SQL("ST_Transform({}, %s)").format(_column(spec, spec.geometry_field))
    if wkt_digits is None:
        return Condition(sql.SQL("ST_AsBinary({})").format(transformed), (srid,))
    return Condition(sql.SQL("COALESCE(ST_AsText({}, %s), '')").format(transformed), (srid, wkt_digits))


def rows_where(spec: LayerSpec, visible: RowFilter, unit_id: int | None) -> Condition:
    """The reader's visibility rule and, with a unit, the features in it."""
    if unit_id is None:
        return Condition(visible.condition, visible.params)
    inside = _in_unit(spec, unit_id)
    return Condition(sql.SQL("{} AND {}").format(visible.condition, inside.sql), (*visible.params, *inside.params))


def _in_unit(spec: LayerSpec, unit_id: int) -> Condition:
    """Features whose geometry intersects the unit; a feature not mapped yet (no geometry) when it is
    recorded in the unit, so that a commune's export still lists the zones waiting to be drawn."""
    geometry = _column(spec, spec.geometry_field)
    boundary = sql.SQL("(SELECT u.geometry FROM {} u WHERE u.id = %s)").format(
        sql.Identifier(AdminUnit._meta.db_table))
    relation = _unit_relation(spec)
    if isinstance(relation, ForeignKey):
        recorded = sql.SQL("{} = %s").format(_column(spec, relation.name))
    elif isinstance(relation, ManyToManyField):
        recorded = sql.SQL("EXISTS (SELECT 1 FROM {through} l WHERE l.{source} = {pk} AND l.{target} = %s)").format(
            through=sql.Identifier(relation.m2m_db_table()), source=sql.Identifier(relation.m2m_column_name()),
            target=sql.Identifier(relation.m2m_reverse_name()), pk=_primary_key(spec))
    else:
        return Condition(sql.SQL("ST_Intersects({}, {})").format(geometry, boundary), (unit_id,))
    return Condition(
        sql.SQL("(ST_Intersects({g}, {b}) OR ({g} IS NULL AND {r}))").format(g=geometry, b=boundary, r=recorded),
        (unit_id, unit_id),
    )


def select_rows(spec: LayerSpec, fields: tuple[Field, ...], where: Condition, *, srid: int,
                wkt_digits: int | None) -> Condition:
    """`SELECT id, <fields…>, <geometry>` of the rows `where` allows, in primary-key order."""
    geometry = _geometry_expression(spec, srid=srid, wkt_digits=wkt_digits)
    columns = sql.SQL(", ").join([_primary_key(spec), *(field_expression(spec, field) for field in fields),
                                  geometry.sql])
    statement = sql.SQL("SELECT {columns} FROM {table} AS {alias} WHERE {where} ORDER BY {pk}").format(
        columns=columns, table=sql.Identifier(spec.table), alias=sql.Identifier(ALIAS), where=where.sql,
        pk=_primary_key(spec))
    return Condition(statement, (*geometry.params, *where.params))


def current_unit_id(code: str) -> int | None:
    """The id of the unit in force today with this GSO code, or None."""
    unit = AdminUnit.objects.filter(code=code, valid_to__isnull=True).values_list("pk", flat=True).first()
    return None if unit is None else int(unit)


def srs_wkt(srid: int) -> str:
    """The CRS definition PostGIS transforms with. For VN-2000 it carries the official datum shift, which a
    GeoPackage keeps; a shapefile's ESRI-style .prj drops it but names the datum, which `ingest.crs` knows."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT srtext FROM spatial_ref_sys WHERE srid = %s", [srid])
        row = cursor.fetchone()
    return str(row[0]) if row and row[0] else f"EPSG:{srid}"


def geometry_types(spec: LayerSpec, where: Condition) -> frozenset[str]:
    """The geometry types (POINT, POLYGON …) among the rows `where` allows."""
    statement = sql.SQL("SELECT DISTINCT GeometryType({g}) FROM {table} AS {alias} WHERE {where} AND {g} IS NOT NULL")
    statement = statement.format(g=_column(spec, spec.geometry_field), table=sql.Identifier(spec.table),
                                 alias=sql.Identifier(ALIAS), where=where.sql)
    with connection.cursor() as cursor:
        cursor.execute(statement, where.params)  # type: ignore[arg-type]
        return frozenset(str(row[0]) for row in cursor.fetchall())
