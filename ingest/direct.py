"""The first load of a layer: features go by COPY straight into its empty table.

A city's first million parcels need no upsert: nothing is there to match. Staging them first
would write every row twice, so a large import into an empty table COPYs into the table itself,
with its secondary indexes and foreign keys dropped (PostgreSQL's advice for populating a
database) and rebuilt afterwards, all in the import's transaction. The checks that need the whole
file run over the new rows; any problem rolls everything back, exactly as on the staged path.

Only layers whose columns a COPY can fill (no many-to-many units) and files in EPSG:4326 with a
unit column take this path: a COPY cannot transform coordinates or look up a unit.
"""

import struct

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import shapely
from psycopg2 import sql

from ingest.bulk import BULK_MIN_ROWS
from ingest.schemas import Field, Kind
from ingest.staging import copy_csv, staging_copy_text
from ingest.targets import Target

DIRECT_LAYERS = frozenset({"parcels", "ocop_producers", "tourism_sites"})
WGS84 = 4326
_POLYGON_LE = "03"  # type byte of a little-endian WKB Polygon, as hex


def direct_possible(cursor: object, target: Target, *, rows: int | None, srid: int, unit_mapped: bool) -> bool:
    """True for a large file in EPSG:4326 with a unit column, going into an empty table."""
    if target.layer not in DIRECT_LAYERS or srid != WGS84 or not unit_mapped or (rows or 0) < BULK_MIN_ROWS:
        return False
    cursor.execute(sql.SQL("SELECT NOT EXISTS (SELECT 1 FROM {})").format(  # type: ignore[attr-defined]
        sql.Identifier(target.table)))
    return bool(cursor.fetchone()[0])  # type: ignore[attr-defined]


def first_new_id(cursor: object, target: Target) -> int:
    """The id before the first row COPY will add. The table is locked (its indexes were dropped), so
    ids follow the file: feature n gets id start + n."""
    cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [target.table])  # type: ignore[attr-defined]
    return int(cursor.fetchone()[0])  # type: ignore[attr-defined]


class DirectLayout:
    """Turns a batch shaped for staging into one shaped for the layer's table."""

    def __init__(self, target: Target, fields: list[Field]) -> None:
        self.target = target
        self.fields = fields
        given = {field.name for field in fields}
        # Django keeps blank text as '' and has no database defaults: a COPY must give them.
        self.defaults: dict[str, object] = {"is_illustrative": False}
        self.defaults.update({target.column_of(field.name): "" for field in target.schema.fields
                              if field.kind == Kind.TEXT and field.name not in given})
        self.columns = [target.column_of(field.name) for field in fields] + list(self.defaults) + [
            target.geometry_column]
        self._srid_hex = struct.pack("<I", WGS84).hex().upper()

    def copy_text(self, staged: pa.Table) -> bytes:
        count = staged.num_rows
        columns = [staged.column(field.name) for field in self.fields]
        columns += [pa.array([value] * count) for value in self.defaults.values()]
        columns.append(self._ewkb(staged.column("geom").combine_chunks()))
        return staging_copy_text(pa.table(columns, names=self.columns))

    def _ewkb(self, hexed: pa.Array) -> pa.Array:
        """Hex WKB → hex EWKB with SRID 4326, single polygons made multi where the column wants it.
        Little-endian WKB gets its SRID flag and SRID spliced in as text; anything else is re-encoded."""
        little = pc.fill_null(pc.starts_with(hexed, "01"), True).to_numpy(zero_copy_only=False)
        redo = ~little
        if self.target.multi:
            redo |= pc.fill_null(pc.equal(pc.utf8_slice_codeunits(hexed, 2, 4), _POLYGON_LE), False).to_numpy(
                zero_copy_only=False)
        spliced = pc.binary_join_element_wise(
            pc.utf8_slice_codeunits(hexed, 0, 8), "20" + self._srid_hex, pc.utf8_slice_codeunits(hexed, 10), "")
        if not redo.any():
            return spliced
        rows = np.flatnonzero(redo & ~np.asarray(hexed.is_null()))
        geometries = shapely.from_wkb(hexed.take(pa.array(rows)).to_numpy(zero_copy_only=False))
        if self.target.multi:
            geometries = np.array([g if g.geom_type == "MultiPolygon" else shapely.MultiPolygon([g])
                                   for g in geometries], dtype=object)
        replacement = np.full(len(hexed), None, dtype=object)
        replacement[rows] = shapely.to_wkb(shapely.set_srid(geometries, WGS84), hex=True, include_srid=True)
        return pc.if_else(pa.array(redo), pa.array(replacement, type=pa.string()), spliced)

    def copy(self, cursor: object, text: bytes) -> None:
        copy_csv(cursor, self.target.table, self.columns, text)

    def loaded_rows(self, start: int) -> sql.Composable:
        """The new rows under staging's names (n, unit, …), for the checks written against staging."""
        names = [sql.SQL("t.id - {} AS n").format(sql.Literal(start))]
        names += [sql.SQL("t.{} AS {}").format(sql.Identifier(self.target.column_of(field.name)),
                                                sql.Identifier(field.name)) for field in self.target.schema.fields]
        return sql.SQL("(SELECT {} FROM {} t WHERE t.id > {})").format(
            sql.SQL(", ").join(names), sql.Identifier(self.target.table), sql.Literal(start))
