"""Which column of the file fills which field of the layer, decided before any row is read.

Like Django's LayerMapping, the mapping is declared (the schema's names and aliases), checked
against the file's own columns, and may be overridden field by field (`--map TARGET=SOURCE`).
"""

import re
from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _

from ingest.errors import IngestError
from ingest.schemas import Schema
from layers.names import fold

_NOT_WORD = re.compile(r"[^0-9a-z]+")


class MappingError(IngestError):
    """The file's columns cannot fill the layer's fields; the message lists what the file has."""


def column_key(name: str) -> str:
    """How column names are compared: "Số Tờ", "so_to" and "SO TO" are one name."""
    return _NOT_WORD.sub("_", fold(name)).strip("_")


def parse_overrides(pairs: Iterable[str]) -> dict[str, str]:
    """`TARGET=SOURCE` pairs from the command line or the upload form."""
    overrides = {}
    for pair in pairs:
        target, sep, source = pair.partition("=")
        if not sep or not target.strip() or not source.strip():
            raise MappingError(
                _("%r is not NAME=VALUE (for example --map sheet_number=SHBANDO or --set crop=coffee).") % pair)
        overrides[target.strip()] = source.strip()
    return overrides


def map_columns(schema: Schema, columns: Iterable[str], overrides: Mapping[str, str], *, source: str) -> dict[str, str]:
    """Target field → the file column that fills it. Raises MappingError naming every field that cannot
    be filled and the columns the file has."""
    available = list(columns)
    by_key = {column_key(column): column for column in available}
    targets = {field.name for field in schema.fields}
    unknown = sorted(set(overrides) - targets)
    if unknown:
        raise MappingError(_("%(file)s: --map names %(unknown)s, which layer %(layer)s does not have; its fields "
                             "are %(fields)s.") % {"file": source, "unknown": ", ".join(unknown),
                                                   "layer": schema.layer, "fields": ", ".join(sorted(targets))})
    mapping: dict[str, str] = {}
    for field in schema.fields:
        if field.name in overrides:
            mapping[field.name] = _column_named(overrides[field.name], available, by_key, source=source)
            continue
        found = next((by_key[key] for key in map(column_key, (field.name, *field.aliases)) if key in by_key), None)
        if found is not None:
            mapping[field.name] = found
    used = list(mapping.values())
    twice = sorted({column for column in used if used.count(column) > 1})
    if twice:
        raise MappingError(_("%(file)s: column %(columns)s would fill several fields; say which with --map.")
                           % {"file": source, "columns": ", ".join(twice)})
    return mapping


def _column_named(name: str, available: list[str], by_key: Mapping[str, str], *, source: str) -> str:
    if name in available:
        return name
    if column_key(name) in by_key:
        return by_key[column_key(name)]
    raise MappingError(_("%(file)s has no column %(name)r; its columns are %(columns)s.")
                       % {"file": source, "name": name, "columns": ", ".join(available) or "—"})


def missing_required(schema: Schema, mapping: Mapping[str, str], *, has_geometry: bool) -> list[str]:
    """Required fields no column fills. A unit may instead come from the geometry."""
    derivable = {"unit"} if has_geometry else set()
    return [field.name for field in schema.fields
            if field.required and field.name not in mapping and field.name not in derivable]
