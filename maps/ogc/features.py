"""Feature responses written by PostgreSQL: one query builds the whole GeoJSON text of a page or a feature.

Python never touches a feature: the listing's cost per feature is PostgreSQL's (../shared/PERFORMANCE.md).
Identifiers come from the registry and are quoted by psycopg's `sql` module; values are parameters,
except SRIDs and digit counts, which are integers from the allow-list of ./params.py.
"""

import json
from collections.abc import Sequence

from psycopg2 import sql

from layers.registry import LayerSpec
from layers.visibility import RowFilter
from maps.columns import ALIAS, column, primary_key, properties_object
from maps.db import fetch_one
from maps.ogc.params import Crs, ItemsQuery, Period, PropertyFilter
from maps.params import BBox

# A layer has a time dimension when it publishes a validity period under one of these names.
_PERIOD_STARTS = ("valid_from",)
_PERIOD_ENDS = ("valid_until", "valid_to")


def _geometry(spec: LayerSpec, crs: Crs) -> sql.Composable:
    geometry = column(spec, spec.geometry_field)
    if crs.srid != 4326:
        geometry = sql.SQL("ST_Transform({}, {})").format(geometry, sql.Literal(crs.srid))
    if crs.lat_lon:
        geometry = sql.SQL("ST_FlipCoordinates({})").format(geometry)
    # Option 0: no "crs" member inside the geometry; the Content-Crs header names the CRS.
    return sql.SQL("ST_AsGeoJSON({}, {}, 0)::json").format(geometry, sql.Literal(crs.digits))


def feature_object(spec: LayerSpec, crs: Crs, *, with_links: bool = False) -> sql.Composable:
    """`json_build_object` of one GeoJSON feature: the primary key as id, public properties only."""
    links = sql.SQL(", 'links', %s::json") if with_links else sql.SQL("")
    return sql.SQL(
        "json_build_object('type', 'Feature', 'id', {pk}, 'geometry', {geometry}, "
        "'properties', {properties}{links})"
    ).format(pk=primary_key(spec), geometry=_geometry(spec, crs), properties=properties_object(spec), links=links)


def where(spec: LayerSpec, visible: RowFilter, query: ItemsQuery) -> tuple[sql.Composable, list[object]]:
    """The visibility rule of the user, then the bbox, the period and the property filters."""
    conditions: list[sql.Composable] = [visible.condition]
    values: list[object] = list(visible.params)
    if query.bbox is not None:
        condition, bbox_values = _bbox_condition(spec, query.bbox, query.bbox_crs)
        conditions.append(condition)
        values.extend(bbox_values)
    if query.period is not None:
        condition, period_values = _period_condition(spec, query.period)
        conditions.append(condition)
        values.extend(period_values)
    for item in query.filters:
        conditions.append(_property_condition(spec, item))
        values.append(item.value)
    return sql.SQL(" AND ").join(conditions), values


def _bbox_condition(spec: LayerSpec, box: BBox, box_crs: Crs) -> tuple[sql.Composable, list[object]]:
    if box.minx > box.maxx or box.miny > box.maxy:  # clipped away: nothing of ours lies there
        return sql.SQL("FALSE"), []
    srid = box_crs.srid
    envelope = sql.SQL("ST_MakeEnvelope(%s, %s, %s, %s, {})").format(sql.Literal(srid))
    if srid != 4326:
        # Densify first: a projected rectangle's edges curve in longitude and latitude.
        step = max(box.maxx - box.minx, box.maxy - box.miny) / 32 or 1.0
        envelope = sql.SQL("ST_Transform(ST_Segmentize({}, {}), 4326)").format(envelope, sql.Literal(step))
    condition = sql.SQL("ST_Intersects({}, {})").format(column(spec, spec.geometry_field), envelope)
    return condition, [box.minx, box.miny, box.maxx, box.maxy]


def validity_fields(spec: LayerSpec) -> tuple[str, str] | None:
    """The (start, end) properties of a layer's validity period, when it publishes one."""
    starts = [name for name in _PERIOD_STARTS if name in spec.public_properties]
    ends = [name for name in _PERIOD_ENDS if name in spec.public_properties]
    return (starts[0], ends[0]) if starts and ends else None


def _period_condition(spec: LayerSpec, period: Period) -> tuple[sql.Composable, list[object]]:
    """Features whose validity period (open where NULL) overlaps the asked one; layers without one are
    not filtered by time."""
    fields = validity_fields(spec)
    if fields is None:
        return sql.SQL("TRUE"), []
    start, end = (column(spec, name) for name in fields)
    conditions: list[sql.Composable] = []
    values: list[object] = []
    if period.end is not None:
        conditions.append(sql.SQL("({start} IS NULL OR {start} <= %s)").format(start=start))
        values.append(period.end)
    if period.start is not None:
        conditions.append(sql.SQL("({end} IS NULL OR {end} >= %s)").format(end=end))
        values.append(period.start)
    return (sql.SQL(" AND ").join(conditions) if conditions else sql.SQL("TRUE")), values


def _property_condition(spec: LayerSpec, item: PropertyFilter) -> sql.Composable:
    template = "%s = ANY({})" if item.is_array else "{} = %s"
    return sql.SQL(template).format(column(spec, item.name))


def feature_collection(spec: LayerSpec, visible: RowFilter, query: ItemsQuery,
                       links: Sequence[dict[str, str]], next_link: dict[str, str]) -> str:
    """The GeoJSON text of one page, ordered by primary key; `next_link` is added only when more
    features match beyond this page."""
    table = sql.Identifier(spec.table)
    condition, values = where(spec, visible, query)
    statement = sql.SQL("""
        WITH matched AS (
            SELECT count(*) AS n FROM {table} AS {alias} WHERE {condition}
        ), page AS (
            SELECT {pk} AS fid, {feature} AS feature
            FROM {table} AS {alias} WHERE {condition}
            ORDER BY {pk} LIMIT %s OFFSET %s
        )
        SELECT json_build_object(
            'type', 'FeatureCollection',
            'timeStamp', to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
            'numberMatched', matched.n,
            'numberReturned', (SELECT count(*) FROM page),
            'links', CASE WHEN matched.n > %s THEN %s::json ELSE %s::json END,
            'features', COALESCE((SELECT json_agg(feature ORDER BY fid) FROM page), '[]'::json)
        )::text
        FROM matched
    """).format(table=table, alias=sql.Identifier(ALIAS), condition=condition, pk=primary_key(spec),
                feature=feature_object(spec, query.crs))
    row = fetch_one(statement, [
        *values, *values, query.limit, query.offset,
        query.offset + query.limit, json.dumps([*links, next_link]), json.dumps(list(links)),
    ])
    assert row is not None, "an aggregate over `matched` always answers one row"
    return str(row[0])


def feature(spec: LayerSpec, visible: RowFilter, crs: Crs, feature_id: int,
            links: Sequence[dict[str, str]]) -> str | None:
    """The GeoJSON text of one feature, or None when it does not exist or the user may not see it."""
    statement = sql.SQL("SELECT {feature}::text FROM {table} AS {alias} WHERE {condition} AND {pk} = %s").format(
        feature=feature_object(spec, crs, with_links=True), table=sql.Identifier(spec.table),
        alias=sql.Identifier(ALIAS), condition=visible.condition, pk=primary_key(spec),
    )
    row = fetch_one(statement, [json.dumps(list(links)), *visible.params, feature_id])
    return None if row is None else str(row[0])
