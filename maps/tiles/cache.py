"""The server-side tile cache that all worker processes share: the UNLOGGED table maps_tilecache.

Tiles are keyed by layer, audience (`RowFilter.audience`: who may see which rows) and address,
so a tile rendered for extension staff is never served to an anonymous visitor. Invalidation is
the database's job (triggers from maps/migrations/0002); this module only reads, claims and stores.
"""

import hashlib
import zlib
from dataclasses import dataclass
from typing import Any

from django.db import connection

from maps.tiles.sql import MARGIN, TileAddress

# Lock stripes per layer; the invalidation trigger takes stripes 0..63, so this must stay 64.
STRIPES = 64
# Without waiting: a tile whose stripe an uncommitted edit holds is rendered but not stored.
CLAIM_SQL = "SELECT pg_try_advisory_xact_lock(hashtext('maps_tilecache:' || %s), %s)"

_LOOKUP = """
SELECT data, etag FROM maps_tilecache
WHERE layer = %s AND audience = %s AND z = %s AND x = %s AND y = %s
"""
_STORE = """
INSERT INTO maps_tilecache (layer, audience, z, x, y, etag, data, envelope)
VALUES (%s, %s, %s, %s, %s, %s, %s, ST_TileEnvelope(%s, %s, %s, margin => %s::float8))
ON CONFLICT (layer, audience, z, x, y)
DO UPDATE SET etag = EXCLUDED.etag, data = EXCLUDED.data, envelope = EXCLUDED.envelope, created_at = now()
"""


@dataclass(frozen=True)
class TileKey:
    layer: str
    audience: str
    at: TileAddress

    @property
    def stripe(self) -> int:
        """The lock stripe of this tile; any stable spread over 0..STRIPES-1 will do."""
        text = f"{self.audience}/{self.at.z}/{self.at.x}/{self.at.y}"
        return zlib.crc32(text.encode()) % STRIPES

    def columns(self) -> list[Any]:
        """The key as the values of the table's unique columns (layer, audience, z, x, y)."""
        return [self.layer, self.audience, self.at.z, self.at.x, self.at.y]


def etag_of(data: bytes) -> str:
    """A strong ETag (unquoted) for these bytes: the same bytes always get the same tag."""
    return hashlib.sha256(data).hexdigest()[:32]


@dataclass(frozen=True)
class Tile:
    """Tile bytes (empty for a tile without features) and their strong ETag."""

    data: bytes
    etag: str

    @classmethod
    def of(cls, data: bytes) -> "Tile":
        return cls(data, etag_of(data))


def cache_lookup(key: TileKey) -> Tile | None:
    """The stored tile, in one query; None on a miss."""
    with connection.cursor() as cursor:
        cursor.execute(_LOOKUP, key.columns())
        row: tuple[Any, ...] | None = cursor.fetchone()
    return Tile(bytes(row[0]), row[1]) if row else None


def cache_claim(key: TileKey) -> bool:
    """Take the tile's lock stripe until the transaction ends, without waiting; True when taken.

    Must run inside a transaction, before the tile is rendered: only then does no edit commit
    between the render's snapshot and the store without the edit's trigger deleting the tile.
    """
    with connection.cursor() as cursor:
        cursor.execute(CLAIM_SQL, [key.layer, key.stripe])
        row = cursor.fetchone()
    return bool(row and row[0])


def cache_store(key: TileKey, tile: Tile) -> None:
    """Store (or replace) the tile; the caller must hold the stripe from `cache_claim`."""
    at = key.at
    with connection.cursor() as cursor:
        cursor.execute(_STORE, [*key.columns(), tile.etag, tile.data, at.z, at.x, at.y, MARGIN])
