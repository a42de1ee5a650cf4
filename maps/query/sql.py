"""The SQL of the spatial queries, in one place, as fragments whose parameters travel with them.

Table and column names come only from the layer registry, quoted with `psycopg2.sql.Identifier`;
JSON keys are registry names as `sql.Literal`; every value a client sent is a `%s` parameter.
Each statement returns the whole response body as one `text` value built by PostgreSQL.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from string import Formatter

from psycopg2 import sql

from layers.registry import LayerSpec
from layers.visibility import RowFilter
from maps.columns import ALIAS, column, primary_key, properties_object

# The units that answer "where am I": the province and the ward or commune (districts ended in 2025).
POINT_UNIT_LEVELS = ("province", "ward", "commune")
DISTANCE_DECIMALS = 2


@dataclass(frozen=True)
class Fragment:
    """A piece of SQL and the values of its `%s` placeholders, in order."""

    query: sql.Composable
    params: tuple[object, ...] = ()


def value(param: object) -> Fragment:
    return Fragment(sql.Placeholder(), (param,))


def compose(template: str, **parts: Fragment | sql.Composable) -> Fragment:
    """`template` with its `{name}` slots filled; parameters follow the slots' order in the text, so
    a slot used twice passes its values twice."""
    fragments = {name: part if isinstance(part, Fragment) else Fragment(part) for name, part in parts.items()}
    params: list[object] = []
    for _text, name, _spec, _conversion in Formatter().parse(template):
        if name is not None:
            params.extend(fragments[name].params)
    query = sql.SQL(template).format(**{name: fragment.query for name, fragment in fragments.items()})
    return Fragment(query, tuple(params))


@dataclass(frozen=True)
class Source:
    """A registry layer as the queries read it: table, key, geometry, and the rows the user may see."""

    spec: LayerSpec
    visible: Fragment
    alias: str = ALIAS

    @classmethod
    def of(cls, spec: LayerSpec, rows: RowFilter) -> "Source":
        return cls(spec, Fragment(rows.condition, rows.params))

    @property
    def table(self) -> sql.Identifier:
        return sql.Identifier(self.spec.table)

    def column(self, field_name: str) -> sql.Composable:
        return column(self.spec, field_name)

    @property
    def geom(self) -> sql.Composable:
        return self.column(self.spec.geometry_field)

    @property
    def pk(self) -> sql.Composable:
        return primary_key(self.spec)


def feature(source: Source, *, geometry: bool, distance: sql.Composable | None = None) -> sql.Composable:
    """A GeoJSON Feature of one row: its layer id, its key, the public properties only, and its
    geometry when asked for (otherwise null). `distance_m` is a foreign member, beside `properties`,
    so that it can never collide with a property name."""
    members: list[tuple[str, sql.Composable]] = [
        ("type", sql.Literal("Feature")), ("layer", sql.Literal(source.spec.id)), ("id", source.pk),
    ]
    if distance is not None:
        members.append(("distance_m", distance))
    members.append(("properties", properties_object(source.spec)))
    members.append(("geometry", sql.SQL("ST_AsGeoJSON({})::json").format(source.geom) if geometry
                    else sql.SQL("NULL::json")))
    return sql.SQL("json_build_object({})").format(
        sql.SQL(", ").join(sql.SQL("{}, {}").format(sql.Literal(key), expr) for key, expr in members)
    )


def point(lon: float, lat: float) -> Fragment:
    return compose("ST_SetSRID(ST_MakePoint({lon}::float8, {lat}::float8), 4326)", lon=value(lon), lat=value(lat))


# --- at a point -------------------------------------------------------------------------------------

def _containing(source: Source, at: Fragment, *, geometry: bool, extra: Fragment | None = None,
                order: Fragment | None = None) -> Fragment:
    return compose(
        "(SELECT coalesce(json_agg({feature} ORDER BY {order}), '[]'::json) FROM {table} AS {alias}"
        " WHERE ST_Intersects({geom}, {at}) AND {visible} AND {extra})",
        feature=feature(source, geometry=geometry), order=order or Fragment(source.pk), table=source.table,
        alias=sql.Identifier(source.alias), geom=source.geom, at=at, visible=source.visible,
        extra=extra or Fragment(sql.SQL("TRUE")),
    )


def at_statement(*, units: Source, parcels: Source, zones: Source, lon: float, lat: float,
                 geometry: bool) -> Fragment:
    """The current province and ward/commune, the parcels and the zones whose geometry holds the point
    (a point on a shared boundary belongs to both sides)."""
    at = point(lon, lat)
    levels = value(list(POINT_UNIT_LEVELS))
    current = compose("{valid_to} IS NULL AND {level} = ANY({levels})", valid_to=units.column("valid_to"),
                      level=units.column("level"), levels=levels)
    by_level = compose("array_position({levels}::text[], {level}::text), {pk}", levels=levels,
                       level=units.column("level"), pk=units.pk)
    return compose(
        "SELECT json_build_object('lon', {lon}::float8, 'lat', {lat}::float8, 'units', {units},"
        " 'parcels', {parcels}, 'zones', {zones})::text",
        lon=value(lon), lat=value(lat),
        units=_containing(units, at, geometry=geometry, extra=current, order=by_level),
        parcels=_containing(parcels, at, geometry=geometry),
        zones=_containing(zones, at, geometry=geometry),
    )


# --- collections of features ------------------------------------------------------------------------

def _collection(source: Source, hits: Fragment, *, order: str, limit: int, header: Mapping[str, Fragment],
                report_truncation: bool) -> Fragment:
    """Wrap `hits` (rows with a `feature` column, at most limit + 1 of them, ordered by the columns
    `order` names) in a FeatureCollection of the first `limit`; the extra row tells `truncated`."""
    members = [compose("{key}, {value}", key=sql.Literal(key), value=fragment) for key, fragment in header.items()]
    if report_truncation:
        members.append(compose("'truncated', count(*) > {limit}", limit=value(limit)))
    extra = Fragment(sql.SQL("")) if not members else _join(members, prefix=", ")
    by = sql.SQL(", ").join(sql.SQL("hit.{}").format(sql.Identifier(column)) for column in order.split())
    return compose(
        "SELECT json_build_object('type', 'FeatureCollection', 'layer', {layer}{extra},"
        " 'numberReturned', least(count(*), {limit}),"
        " 'features', coalesce(array_to_json((array_agg(hit.feature ORDER BY {by}))[1:{limit}]), '[]'::json)"
        ")::text FROM ({hits}) AS hit",
        layer=sql.Literal(source.spec.id), extra=extra, limit=value(limit), by=by, hits=hits,
    )


def _join(fragments: list[Fragment], *, prefix: str) -> Fragment:
    params = tuple(param for fragment in fragments for param in fragment.params)
    return Fragment(sql.Composed([sql.SQL(prefix), sql.SQL(", ").join(f.query for f in fragments)]), params)


def within_statement(source: Source, *, lon: float, lat: float, radius_m: float, margins: tuple[float, float],
                     limit: int, geometry: bool, header: Mapping[str, Fragment],
                     report_truncation: bool = True) -> Fragment:
    """Features within `radius_m` metres of the point on the WGS 84 spheroid, nearest first.

    The bounding-box test against `ST_Expand(point, Δlon, Δlat)` runs on the 4326 GiST index; the
    margins must be conservative (see `geodesy.degree_margins`). `ST_DWithin` and `ST_Distance` on
    geography then decide and measure on the spheroid.
    """
    at = point(lon, lat)
    distance = sql.SQL("round(d.distance_m::numeric, {})").format(sql.Literal(DISTANCE_DECIMALS))
    hits = compose(
        "SELECT {feature} AS feature, d.distance_m, {pk} AS id FROM {table} AS {alias}"
        " CROSS JOIN LATERAL (SELECT ST_Distance({geom}::geography, {at}::geography) AS distance_m) AS d"
        " WHERE {geom} && ST_Expand({at}, {dlon}::float8, {dlat}::float8)"
        " AND ST_DWithin({geom}::geography, {at}::geography, {radius}::float8) AND {visible}"
        " ORDER BY d.distance_m, {pk} LIMIT {limit} + 1",
        feature=feature(source, geometry=geometry, distance=distance), pk=source.pk, table=source.table,
        alias=sql.Identifier(source.alias), geom=source.geom, at=at, dlon=value(margins[0]),
        dlat=value(margins[1]), radius=value(radius_m), visible=source.visible, limit=value(limit),
    )
    return _collection(source, hits, order="distance_m id", limit=limit, header=header,
                       report_truncation=report_truncation)


def reach_statement(source: Source, *, lon: float, lat: float, k: int) -> Fragment:
    """The largest ground distance among k visible features picked by KNN on the 4326 index (in
    degrees): the k nearest on the ground lie no farther than that. NULL when nothing is visible."""
    at = point(lon, lat)
    return compose(
        "SELECT max(ST_Distance(c.geom::geography, {at}::geography)) FROM ("
        "SELECT {geom} AS geom FROM {table} AS {alias} WHERE {geom} IS NOT NULL AND {visible}"
        " ORDER BY {geom} <-> {at} LIMIT {k}) AS c",
        at=at, geom=source.geom, table=source.table, alias=sql.Identifier(source.alias),
        visible=source.visible, k=value(k),
    )


# --- intersecting a client's geometry ----------------------------------------------------------------

def _client_geometry(geojson: str) -> Fragment:
    return compose("ST_Force2D(ST_GeomFromGeoJSON({geojson}::text))", geojson=value(geojson))


def validity_statement(geojson: str) -> Fragment:
    """(is valid, reason) of a GeoJSON geometry as PostGIS reads it."""
    return compose("SELECT ST_IsValid(g), ST_IsValidReason(g) FROM (SELECT {g} AS g) AS s",
                   g=_client_geometry(geojson))


def intersects_statement(source: Source, *, geojson: str, limit: int, geometry: bool) -> Fragment:
    """Visible features whose geometry intersects the client's (planar, in CRS84), by key."""
    hits = compose(
        "SELECT {feature} AS feature, {pk} AS id FROM {table} AS {alias}"
        " WHERE ST_Intersects({geom}, {g}) AND {visible} ORDER BY {pk} LIMIT {limit} + 1",
        feature=feature(source, geometry=geometry), pk=source.pk, table=source.table,
        alias=sql.Identifier(source.alias), geom=source.geom, g=_client_geometry(geojson),
        visible=source.visible, limit=value(limit),
    )
    return _collection(source, hits, order="id", limit=limit, header={}, report_truncation=True)
