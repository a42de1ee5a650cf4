"""Reads behind the tile endpoints: a layer's tile for a reader, and the extent of what they see."""

from django.conf import settings
from django.db import transaction

from layers.registry import LayerSpec
from layers.visibility import RowFilter
from maps.db import fetch_one
from maps.tiles.cache import Tile, TileKey, cache_claim, cache_lookup, cache_store
from maps.tiles.sql import TileAddress, tile_query


def tile_get(*, spec: LayerSpec, rows: RowFilter, at: TileAddress) -> Tile:
    """The layer's tile at `at` holding only `rows`, from the shared cache or rendered (and stored).

    An empty `Tile.data` means no feature shows there. Zoom-range checks are the caller's.
    """
    if not settings.MAPS_TILE_CACHE:
        return _render(spec, rows, at)
    key = TileKey(spec.id, rows.audience, at)
    cached = cache_lookup(key)
    if cached is not None:
        return cached
    with transaction.atomic():
        storable = cache_claim(key)
        tile = _render(spec, rows, at)
        if storable:
            cache_store(key, tile)
    return tile


def _render(spec: LayerSpec, rows: RowFilter, at: TileAddress) -> Tile:
    row = fetch_one(*tile_query(spec, rows, at))
    return Tile.of(bytes(row[0]) if row and row[0] is not None else b"")
