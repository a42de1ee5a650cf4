"""Run the serving queries in a transaction with a statement timeout and JIT off.

JIT costs tile and feature queries about 10 % of throughput and 30 % of p95 latency on this kind
of machine (../shared/PERFORMANCE.md), and a runaway bbox must not hold a connection for minutes.
"""

from collections.abc import Sequence
from typing import Any, TypeAlias

from django.conf import settings
from django.db import connection, transaction
from psycopg2 import sql

STATEMENT_TIMEOUT_MS = int(getattr(settings, "MAPS_STATEMENT_TIMEOUT_MS", 5000))

# psycopg2 runs sql.Composable as well as str; Django's cursor stubs know only str.
Query: TypeAlias = sql.Composable | str
Params: TypeAlias = Sequence[Any] | dict[str, Any]


def apply_serving_settings(cursor: Any, timeout_ms: int = STATEMENT_TIMEOUT_MS) -> None:
    """Statement timeout, no JIT, no parallel plans: for this transaction only, in one round trip.

    Parallel plans make the planner trade the GiST index for a parallel sequential scan on small
    bboxes, about 3 times slower for a z14 tile.
    """
    cursor.execute(
        "SELECT set_config('statement_timeout', %s, true), set_config('jit', 'off', true), "
        "set_config('max_parallel_workers_per_gather', '0', true)",
        [str(timeout_ms)],
    )


def fetch_one(query: Query, params: Params = (),
              *, timeout_ms: int = STATEMENT_TIMEOUT_MS) -> tuple[Any, ...] | None:
    with transaction.atomic(), connection.cursor() as cursor:
        apply_serving_settings(cursor, timeout_ms)
        cursor.execute(query, params)  # type: ignore[arg-type]
        row: tuple[Any, ...] | None = cursor.fetchone()
        return row


def fetch_all(query: Query, params: Params = (),
              *, timeout_ms: int = STATEMENT_TIMEOUT_MS) -> list[tuple[Any, ...]]:
    with transaction.atomic(), connection.cursor() as cursor:
        apply_serving_settings(cursor, timeout_ms)
        cursor.execute(query, params)  # type: ignore[arg-type]
        return list(cursor.fetchall())
