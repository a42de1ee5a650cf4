"""The staging table: a temporary table shaped like the layer's fields, filled through COPY.

It lives inside the import's transaction (ON COMMIT DROP), so an import that is refused or fails
leaves nothing behind, and concurrent imports never see each other's rows.
"""

import io
from collections.abc import Iterable

import pyarrow as pa
import pyarrow.csv as pacsv
from psycopg2 import sql

from ingest.schemas import Field, Kind, Schema

STAGING = "ingest_staging"
_SQL_TYPES = {
    Kind.TEXT: "text", Kind.INTEGER: "bigint", Kind.DECIMAL: "double precision", Kind.DATE: "date",
    Kind.CHOICE: "text", Kind.CHOICES: "text[]", Kind.CODE: "text", Kind.UNIT: "integer",
}


def staged_fields(schema: Schema, mapped: Iterable[str]) -> list[Field]:
    """The fields a file fills, in schema order; the unit is always staged (it may come from the geometry)."""
    wanted = set(mapped) | {"unit"}
    return [field for field in schema.fields if field.name in wanted]


def staging_create(cursor: object, fields: list[Field]) -> None:
    columns = [sql.SQL("n integer NOT NULL"), sql.SQL("layer text")]
    columns += [sql.SQL("{} {}").format(sql.Identifier(field.name), sql.SQL(_SQL_TYPES[field.kind]))
                for field in fields]
    columns.append(sql.SQL("geom geometry"))
    # A previous import in the same outer transaction (a test, a batch script) may have left one.
    cursor.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(STAGING)))  # type: ignore[attr-defined]
    cursor.execute(sql.SQL("CREATE TEMPORARY TABLE {} ({}) ON COMMIT DROP").format(  # type: ignore[attr-defined]
        sql.Identifier(STAGING), sql.SQL(", ").join(columns)))


def staging_copy_text(table: pa.Table) -> bytes:
    """CSV for COPY: quoted empty strings stay '', unquoted empty fields are NULL."""
    buffer = io.BytesIO()
    pacsv.write_csv(table, buffer, write_options=pacsv.WriteOptions(include_header=False))
    return buffer.getvalue()


def copy_csv(cursor: object, table: str, columns: list[str], data: bytes) -> None:
    """COPY one batch of CSV text into `table`'s `columns`."""
    names = sql.SQL(", ").join(map(sql.Identifier, columns))
    statement = sql.SQL("COPY {} ({}) FROM STDIN WITH (FORMAT csv)").format(sql.Identifier(table), names)
    # Large reads: every 8 KiB chunk (psycopg2's default) would wait for the GIL held by the reader thread.
    cursor.copy_expert(statement.as_string(cursor.connection), io.BytesIO(data),  # type: ignore[attr-defined]
                       size=len(data) or 1)


def staging_copy(cursor: object, fields: list[Field], data: bytes) -> None:
    copy_csv(cursor, STAGING, ["n", "layer", *(field.name for field in fields), "geom"], data)
