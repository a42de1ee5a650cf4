"""The SQL of vector tiles and layer extents, built from the registry; PostGIS does all the work.

Identifiers (table, columns) come from the registry and are quoted with psycopg2's `sql` module;
every value (zoom, column, row, tolerance, cap, the row filter's values) is a query parameter.
"""

from dataclasses import dataclass

from django.conf import settings
from psycopg2 import sql

from layers.registry import LayerSpec
from layers.visibility import RowFilter
from maps import columns

EXTENT = 4096
BUFFER = 64
# The tile envelope widened by the MVT buffer, as ST_TileEnvelope's margin (a fraction of the tile).
MARGIN = BUFFER / EXTENT
DEFAULT_FEATURE_CAP = 10_000
# Half the width of EPSG:3857's square world, in metres.
WORLD_HALF_WIDTH_M = 20037508.342789244
# Simplification tolerance: one pixel of a 256-pixel tile below the layer's top zoom. At the top
# zoom clients overzoom the tile, so only the MVT grid (1/4096 of the tile) may be given up there.
PIXELS_PER_TILE = 256


@dataclass(frozen=True)
class TileAddress:
    z: int
    x: int
    y: int


def feature_cap() -> int:
    """Most features in one tile; read per call so that a deployment (or a test) can set it."""
    return int(getattr(settings, "MAPS_TILE_FEATURE_CAP", DEFAULT_FEATURE_CAP))


def simplify_tolerance(spec: LayerSpec, z: int) -> float:
    """Metres (EPSG:3857) by which a geometry may move at zoom `z` without a visible change."""
    tile_width = 2 * WORLD_HALF_WIDTH_M / 2**z
    return tile_width / (EXTENT if z >= spec.max_zoom else PIXELS_PER_TILE)


def _property_expression(spec: LayerSpec, name: str, schema: dict[str, object]) -> sql.Composable:
    """A public property as MVT can carry it: decimals as doubles, arrays as comma-separated text."""
    column = columns.column(spec, name)
    if schema["type"] == "number":
        column = sql.SQL("{}::float8").format(column)
    elif schema["type"] == "array":
        column = sql.SQL("array_to_string({}, ',')").format(column)
    return sql.SQL("{} AS {}").format(column, sql.Identifier(name))


def _property_columns(spec: LayerSpec) -> tuple[sql.Composable, sql.Composable]:
    """The inner select list of public properties, and the outer list passing them on."""
    schemas = spec.property_schema()
    inner = sql.SQL(", ").join(_property_expression(spec, name, schemas[name]) for name in spec.public_properties)
    outer = sql.SQL(", ").join(sql.SQL("c.{}").format(sql.Identifier(name)) for name in spec.public_properties)
    return inner, outer


# Candidates are the features whose box meets the tile itself, picked with the 4326 GiST index (the
# envelope is transformed, never the column); a feature lying only in the buffer would add bytes but
# nothing a reader sees. They are filtered by the reader's visibility, capped largest first so that
# slivers are dropped before fields, clipped to the buffered tile before simplifying so that a
# commune boundary seen at z18 is not simplified whole, simplified by Douglas-Peucker keeping collapsed
# parts (twice as fast as ST_SimplifyPreserveTopology for the same bytes: a tile is drawn once, and
# a pixel-sized self-touch is invisible), then snapped to the tile grid by ST_AsMVTGeom.
_TILE = """
SELECT ST_AsMVT(tile.*, %s, {extent}, 'geom', 'mvt_id')
FROM (
    SELECT c.mvt_id, {outer}, ST_AsMVTGeom(
        ST_Simplify(
            ST_ClipByBox2D(c.geom_3857, ST_TileEnvelope(%s, %s, %s, margin => %s::float8)), %s::float8, true),
        ST_TileEnvelope(%s, %s, %s), {extent}, {buffer}, true) AS geom
    FROM (
        SELECT t.{pk} AS mvt_id, {inner}, ST_Transform(t.{geom}, 3857) AS geom_3857
        FROM {table} AS t
        WHERE t.{geom} && ST_Transform(ST_TileEnvelope(%s, %s, %s), 4326)
          AND {visible}
        ORDER BY ST_Area(t.{geom}) DESC, t.{pk}
        LIMIT %s
    ) AS c
) AS tile
WHERE tile.geom IS NOT NULL
"""


def tile_query(spec: LayerSpec, rows: RowFilter, at: TileAddress) -> tuple[sql.Composed, list[object]]:
    """The query returning one row: the layer's MVT at `at` (empty bytes when no feature shows)."""
    inner, outer = _property_columns(spec)
    query = sql.SQL(_TILE).format(
        extent=sql.Literal(EXTENT), buffer=sql.Literal(BUFFER), outer=outer, inner=inner,
        pk=sql.Identifier(spec.model._meta.pk.column), geom=sql.Identifier(spec.column(spec.geometry_field)),
        table=sql.Identifier(spec.table), visible=rows.condition,
    )
    zxy = [at.z, at.x, at.y]
    # In the order the placeholders appear above.
    params: list[object] = [
        spec.id, *zxy, MARGIN, simplify_tolerance(spec, at.z), *zxy, *zxy, *rows.params, feature_cap(),
    ]
    return query, params
