"""System checks for what the platform needs from PostGIS (ids ntm.E0xx / ntm.W0xx).

Database checks run with `manage.py check --database default` and before `migrate`.
"""

from collections.abc import Sequence
from typing import Any

from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.db import connections

MIN_POSTGIS = (3, 1)


def _postgis_version(alias: str) -> tuple[int, ...] | None:
    with connections[alias].cursor() as cursor:
        # The available version is what matters: migrate creates the extension if it is installable.
        cursor.execute(
            "SELECT coalesce(installed_version, default_version) FROM pg_available_extensions "
            "WHERE name = 'postgis'"
        )
        row = cursor.fetchone()
    if row is None:
        return None
    return tuple(int(part) for part in row[0].split(".")[:2] if part.isdigit())


@register(Tags.database)
def check_postgis(databases: Sequence[str] | None = None, **kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    for alias in databases or []:
        version = _postgis_version(alias)
        if version is None:
            messages.append(
                Error(
                    f"The PostgreSQL server of database {alias!r} has no PostGIS extension to install.",
                    hint="Install it (Debian: apt-get install postgresql-15-postgis-3), or run `make db`.",
                    id="ntm.E001",
                )
            )
        elif version < MIN_POSTGIS:
            messages.append(
                Warning(
                    f"PostGIS {'.'.join(map(str, version))} is older than "
                    f"{'.'.join(map(str, MIN_POSTGIS))}; tiles and transforms are untested there.",
                    id="ntm.W002",
                )
            )
    return messages
