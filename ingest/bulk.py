"""Large imports drop the target table's secondary indexes and foreign keys, load, then rebuild them.

Building a GiST index once over a million parcels is several times faster than growing it row by
row, and one foreign-key validation query beats a million per-row checks (PostgreSQL's own advice
for populating a database). Everything happens inside the import's transaction, so a failure
restores the indexes with the rollback. The price: the table is locked against readers until the
import commits, which is why only imports at least as large as the table itself take this path.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from psycopg2 import sql

# Below this, maintaining the indexes row by row costs less than rebuilding them.
BULK_MIN_ROWS = 50_000

_DEPENDENTS = """
SELECT 'constraint', c.conname, pg_get_constraintdef(c.oid)
FROM pg_constraint c WHERE c.conrelid = %(table)s::regclass AND c.contype IN ('u', 'f')
UNION ALL
SELECT 'index', ci.relname, pg_get_indexdef(i.indexrelid)
FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid
WHERE i.indrelid = %(table)s::regclass AND NOT i.indisprimary
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
"""


@dataclass(frozen=True)
class _Dependent:
    kind: str  # "constraint" or "index"
    name: str
    definition: str  # from the catalogue, never from user input


def bulk_worthwhile(cursor: object, table: str, rows: int) -> bool:
    """True when `rows` new rows are at least as many as the table holds (and many)."""
    cursor.execute("SELECT GREATEST(reltuples, 0)::bigint FROM pg_class WHERE oid = %s::regclass",  # type: ignore[attr-defined]
                   [table])
    existing = int(cursor.fetchone()[0])  # type: ignore[attr-defined]
    return rows >= max(BULK_MIN_ROWS, existing)


def dependents_drop(cursor: object, table: str) -> list[_Dependent]:
    """Drop the table's secondary indexes, unique and foreign-key constraints; returns how to rebuild them."""
    # Re-adding a foreign key alters the referenced table too, which PostgreSQL refuses while deferred
    # checks of this transaction are pending on it: run them now (Django's constraints are deferred).
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # type: ignore[attr-defined]
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # type: ignore[attr-defined]
    cursor.execute(_DEPENDENTS, {"table": table})  # type: ignore[attr-defined]
    dependents = [_Dependent(*row) for row in cursor.fetchall()]  # type: ignore[attr-defined]
    for dependent in dependents:
        if dependent.kind == "constraint":
            cursor.execute(sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(  # type: ignore[attr-defined]
                sql.Identifier(table), sql.Identifier(dependent.name)))
        else:
            cursor.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(dependent.name)))  # type: ignore[attr-defined]
    return dependents


def dependents_restore(cursor: object, table: str, dependents: list[_Dependent]) -> None:
    # Index builds sort in memory up to this much: a million parcels' GiST fits.
    cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")  # type: ignore[attr-defined]
    for dependent in dependents:
        if dependent.kind == "constraint":
            cursor.execute(sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {}").format(  # type: ignore[attr-defined]
                sql.Identifier(table), sql.Identifier(dependent.name), sql.SQL(dependent.definition)))
        else:
            cursor.execute(dependent.definition)  # type: ignore[attr-defined]


@contextmanager
def indexes_rebuilt_after(cursor: object, table: str) -> Iterator[None]:
    """Load inside the block with the table's secondary indexes and constraints dropped; they are
    rebuilt when the block ends (and come back with the rollback if it fails)."""
    dependents = dependents_drop(cursor, table)
    yield
    dependents_restore(cursor, table, dependents)
