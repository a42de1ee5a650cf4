"""Invalidate cached tiles in the database itself, so that every write path (admin, importers,
ogr2ogr, psql) forgets exactly the tiles it touches.

One generic trigger function, `maps_tilecache_invalidate(layer id, geometry column
[, zone key column, zone table])`, runs once per statement with the statement's transition tables
(PostgreSQL allows them only on single-event triggers, hence one trigger per event). It deletes
the layer's cached tiles whose envelope (the tile plus its buffer, in EPSG:3857) overlaps the
bounding box of an old or new geometry: the same `&&` test the tile query uses to pick candidates,
so a tile that could have shown the row, or counted it against the feature cap, is forgotten.
A statement changing more than 1,000 rows forgets the tiles overlapping the extent of all of them
instead: one index probe instead of one per row, for imports that redraw whole communes anyway.

The zone–unit link table has its own triggers (the four-argument form): linking or unlinking a
unit changes which extension staff see the zone, so the zone's tiles go.

Race with readers: a worker renders a tile from a snapshot and stores it afterwards; an edit that
commits in between would leave a stale tile behind. Each tile belongs to one of 64 lock stripes of
its layer. A worker stores a tile only if it got that stripe's exclusive advisory lock (without
waiting) before rendering; an editing statement takes all 64 stripes of the layer in shared mode
until it commits. So an editor waits for tiles already being rendered (then deletes them), and a
tile rendered while an edit is uncommitted is served but not stored. Editors never block each
other. This assumes the editing transaction runs at READ COMMITTED (Django's default), where the
trigger's DELETE sees tiles stored by workers it waited for. maps/tiles/cache.py holds the other
half (`STRIPES` there must stay 64).

Layers are listed here rather than read from the registry, so that the migration stays the same
whatever the registry becomes; tests/maps/test_tiles.py checks every registry layer has triggers.
"""

from django.db import migrations

# (layer id, table, geometry column)
LAYER_TABLES = (
    ("communes", "layers_adminunit", "geometry"),
    ("parcels", "layers_parcel", "geometry"),
    ("zones", "layers_cultivationzone", "geometry"),
    ("ocop_producers", "layers_ocopproducer", "location"),
    ("tourism_sites", "layers_tourismsite", "geometry"),
)
# (layer id, link table, geometry column of the layer table, key column in the link table, layer table)
LINK_TABLES = (
    ("zones", "layers_cultivationzone_units", "geometry", "cultivationzone_id", "layers_cultivationzone"),
)
EVENTS = (
    ("insert", "INSERT", "REFERENCING NEW TABLE AS new_rows"),
    ("update", "UPDATE", "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"),
    ("delete", "DELETE", "REFERENCING OLD TABLE AS old_rows"),
    ("truncate", "TRUNCATE", ""),
)

FUNCTION = r"""
CREATE FUNCTION maps_tilecache_lock(layer_id text) RETURNS void LANGUAGE sql AS $fn$
    SELECT pg_advisory_xact_lock_shared(hashtext('maps_tilecache:' || layer_id), stripe)
    FROM generate_series(0, 63) AS stripe;
$fn$;

CREATE FUNCTION maps_tilecache_invalidate() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
    layer_id text := TG_ARGV[0];
    geometry_column text := TG_ARGV[1];
    source text;
    changed text;
    touched bigint;
    extent geometry;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        PERFORM maps_tilecache_lock(layer_id);
        DELETE FROM maps_tilecache WHERE layer = layer_id;
        RETURN NULL;
    END IF;
    source := CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT * FROM new_rows'
        WHEN 'DELETE' THEN 'SELECT * FROM old_rows'
        ELSE 'SELECT * FROM new_rows UNION ALL SELECT * FROM old_rows' END;
    IF TG_NARGS = 4 THEN
        changed := format('SELECT l.%I AS g FROM %I AS l WHERE l.id IN (SELECT s.%I FROM (%s) AS s)',
                          geometry_column, TG_ARGV[3], TG_ARGV[2], source);
    ELSE
        changed := format('SELECT s.%I AS g FROM (%s) AS s', geometry_column, source);
    END IF;
    EXECUTE format('SELECT count(*), ST_SetSRID(ST_Extent(c.g)::geometry, 4326) FROM (%s) AS c '
                   'WHERE c.g IS NOT NULL', changed) INTO touched, extent;
    IF touched = 0 THEN
        RETURN NULL;
    END IF;
    PERFORM maps_tilecache_lock(layer_id);
    IF touched > 1000 THEN
        DELETE FROM maps_tilecache WHERE layer = layer_id AND envelope && ST_Transform(extent, 3857);
    ELSE
        EXECUTE format('DELETE FROM maps_tilecache AS t USING (SELECT ST_Transform(c.g, 3857) AS g '
                       'FROM (%s) AS c WHERE c.g IS NOT NULL) AS r WHERE t.layer = $1 AND t.envelope && r.g',
                       changed) USING layer_id;
    END IF;
    RETURN NULL;
END
$fn$;
"""

DROP_FUNCTION = """
DROP FUNCTION maps_tilecache_invalidate();
DROP FUNCTION maps_tilecache_lock(text);
"""


def _trigger_sql(table: str, arguments: tuple[str, ...]) -> tuple[str, str]:
    args = ", ".join(f"'{argument}'" for argument in arguments)
    create, drop = [], []
    for suffix, event, referencing in EVENTS:
        name = f"maps_tilecache_{suffix}"
        create.append(
            f"CREATE TRIGGER {name} AFTER {event} ON {table} {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION maps_tilecache_invalidate({args});"
        )
        drop.append(f"DROP TRIGGER {name} ON {table};")
    return "\n".join(create), "\n".join(drop)


def _operations() -> list[migrations.RunSQL]:
    operations = [migrations.RunSQL(FUNCTION, DROP_FUNCTION)]
    for layer_id, table, column in LAYER_TABLES:
        operations.append(migrations.RunSQL(*_trigger_sql(table, (layer_id, column))))
    for layer_id, table, column, key, layer_table in LINK_TABLES:
        operations.append(migrations.RunSQL(*_trigger_sql(table, (layer_id, column, key, layer_table))))
    return operations


class Migration(migrations.Migration):

    dependencies = [
        ("maps", "0001_tile_cache"),
        ("layers", "0002_domain"),
    ]

    operations = _operations()
