"""The extent of a layer as one reader sees it, for TileJSON bounds and OGC collection extents."""

from psycopg2 import sql

from layers.registry import LayerSpec
from layers.visibility import RowFilter
from maps.columns import ALIAS, column
from maps.db import fetch_one

Bounds = tuple[float, float, float, float]

# Below this many rows (the planner's count) the exact extent is cheap, and it is always current;
# above it the planner's estimate (as of the last ANALYZE) saves a scan of a million parcels.
ESTIMATE_ABOVE_ROWS = 100_000
_ALL_ROWS = sql.SQL("TRUE")

_ESTIMATED_EXTENT = """
SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)
FROM (SELECT CASE WHEN c.reltuples >= %s THEN ST_EstimatedExtent(%s, %s) END AS e
      FROM pg_class AS c WHERE c.oid = to_regclass(%s)) AS estimate
"""

# The row filter's conditions are written against the alias of maps.columns.
_EXTENT = """
SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)
FROM (SELECT ST_Extent({geom}) AS e FROM {table} AS {alias} WHERE {visible}) AS extent
"""


def _as_bounds(row: tuple[object, ...] | None) -> Bounds | None:
    if row is None or any(value is None for value in row):
        return None
    minx, miny, maxx, maxy = (float(value) for value in row)  # type: ignore[arg-type]
    return minx, miny, maxx, maxy


def _estimated(spec: LayerSpec) -> Bounds | None:
    table = spec.table
    return _as_bounds(fetch_one(_ESTIMATED_EXTENT, [ESTIMATE_ABOVE_ROWS, table, spec.column(spec.geometry_field),
                                                    table]))


def layer_bounds(*, spec: LayerSpec, rows: RowFilter) -> Bounds | None:
    """West, south, east, north (EPSG:4326) of the rows the reader sees; None for an empty layer.

    A reader who sees every row of a large table gets the planner's estimate; others get the exact
    extent of their rows, so that the bounds do not hint at rows hidden from them.
    """
    if rows.condition == _ALL_ROWS:
        estimated = _estimated(spec)
        if estimated is not None:
            return estimated
    query = sql.SQL(_EXTENT).format(
        geom=column(spec, spec.geometry_field), table=sql.Identifier(spec.table), alias=sql.Identifier(ALIAS),
        visible=rows.condition,
    )
    return _as_bounds(fetch_one(query, list(rows.params)))
