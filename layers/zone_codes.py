"""New planting-area codes, issued when a zone is approved, from the pattern in settings.ZONE_CODE_PATTERN.

The pattern is a Python format string with one field, `sequence` (`VN-GLOR-{sequence:04d}`). The next
code takes one more than the highest sequence among existing codes of the pattern: numbers of revoked
codes are never issued again, because a code names one registration for good in certificates and
importers' lists. Registries append letters to some codes (`VN-GLOR-0090OT`); those count too.
"""

import re
import string
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from layers.codes import normalise_code

SEQUENCE_FIELD = "sequence"


class InvalidCodePattern(ValueError):
    pass


@dataclass(frozen=True)
class CodePattern:
    prefix: str
    spec: str
    suffix: str

    def code(self, sequence: int) -> str:
        return normalise_code(f"{self.prefix}{format(sequence, self.spec)}{self.suffix}")

    @property
    def regex(self) -> str:
        """A regular expression, valid in Python and PostgreSQL, whose first group is the sequence."""
        letters = "" if self.suffix else "[A-Z]*"
        return f"^{re.escape(self.prefix)}([0-9]+){re.escape(self.suffix)}{letters}$"


def code_pattern(pattern: str) -> CodePattern:
    """Parse a pattern; raise InvalidCodePattern unless it has exactly one `{sequence…}` integer field."""
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError as error:
        raise InvalidCodePattern(f"{pattern!r}: {error}") from error
    fields = [(name, spec) for _text, name, spec, _conversion in parts if name is not None]
    if [name for name, _spec in fields] != [SEQUENCE_FIELD]:
        raise InvalidCodePattern(f"{pattern!r} must hold exactly one field, {{{SEQUENCE_FIELD}}}, and no other.")
    prefix, rest = pattern.split("{", 1)
    suffix = rest.split("}", 1)[1]
    spec = fields[0][1] or "d"
    try:
        format(1, spec)
    except ValueError as error:
        raise InvalidCodePattern(f"{pattern!r}: {spec!r} does not format a whole number.") from error
    if "{" in suffix or "}" in suffix or "{" in prefix:
        raise InvalidCodePattern(f"{pattern!r} must not hold braces besides the {{{SEQUENCE_FIELD}}} field.")
    return CodePattern(prefix=normalise_code(prefix) if prefix.strip() else "", spec=spec,
                       suffix=normalise_code(suffix) if suffix.strip() else "")


# Concurrent approvals would otherwise read the same highest sequence; the lock is released at commit.
_NEXT_SQL = """
SELECT pg_advisory_xact_lock(hashtext(%(lock)s));
SELECT COALESCE(max(substring(code FROM %(regex)s)::bigint), 0) + 1
FROM layers_cultivationzone WHERE code ~ %(regex)s
"""


def code_next(*, pattern: str | None = None) -> str:
    """The next free code of `pattern` (default: settings.ZONE_CODE_PATTERN).

    Takes a transaction-scoped advisory lock per pattern, so it must run inside the transaction that
    saves the code: a second approval waits until the first has committed, then sees its code.
    """
    parsed = code_pattern(pattern or settings.ZONE_CODE_PATTERN)
    with connection.cursor() as cursor:
        cursor.execute(_NEXT_SQL, {"lock": f"layers.zone_code:{parsed.regex}", "regex": parsed.regex})
        (sequence,) = cursor.fetchone()
    return parsed.code(int(sequence))
