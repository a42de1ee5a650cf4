"""Where each layer's staged rows go: the table, how a staged row finds its existing row, and what a
new row needs beyond the file's fields.

The natural key of each layer (`match`) is SQL over the staging alias `s` and the target alias `t`;
`duplicate` is the same key as one expression, to find features of one file that share it.
"""

from dataclasses import dataclass, field

from psycopg2 import sql

from ingest.schemas import Kind, Schema, schema_for
from layers.registry import LAYERS


@dataclass(frozen=True)
class Target:
    layer: str
    match: sql.Composable
    duplicate: sql.Composable
    multi: bool  # the table stores multi-polygons: single polygons are promoted
    unit_column: str = "unit_id"  # "" when units are a many-to-many link (zones)
    key_is_unique: bool = False  # a unique constraint of the table is the natural key
    defaults: dict[str, sql.Composable] = field(default_factory=dict)  # extra columns of a new row

    @property
    def schema(self) -> Schema:
        return schema_for(self.layer)

    @property
    def table(self) -> str:
        return LAYERS[self.layer].table

    @property
    def geometry_column(self) -> str:
        return LAYERS[self.layer].column(LAYERS[self.layer].geometry_field)

    def column_of(self, name: str) -> str:
        return self.unit_column if name == "unit" else LAYERS[self.layer].column(name)


def _empty_text_defaults(schema: Schema) -> dict[str, sql.Composable]:
    """Django stores blank text as '' (never NULL); a new row gets '' for text the file does not carry."""
    defaults: dict[str, sql.Composable] = {}
    for item in schema.fields:
        if item.kind == Kind.TEXT:
            defaults[item.name] = sql.Literal("")
        elif item.kind == Kind.CHOICES:
            defaults[item.name] = sql.SQL("'{}'::text[]")
    return defaults


TARGETS: dict[str, Target] = {
    "parcels": Target(
        layer="parcels",
        match=sql.SQL("t.unit_id = s.unit AND t.sheet_number = s.sheet_number AND t.parcel_number = s.parcel_number"),
        duplicate=sql.SQL("(s.unit, s.sheet_number, s.parcel_number)"),
        multi=True, key_is_unique=True,
        defaults={"is_illustrative": sql.SQL("false")},
    ),
    "zones": Target(
        layer="zones",
        match=sql.SQL("((s.code IS NOT NULL AND t.code = s.code) "
                      "OR (s.code IS NULL AND t.code IS NULL AND t.name = s.name))"),
        duplicate=sql.SQL("COALESCE(s.code, '#' || s.name)"),
        multi=True, unit_column="",
        defaults={"status": sql.Literal("draft"), "is_illustrative": sql.SQL("false"),
                  "created_at": sql.SQL("now()"), "updated_at": sql.SQL("now()")},
    ),
    "ocop_producers": Target(
        layer="ocop_producers",
        match=sql.SQL("((COALESCE(s.tax_code, '') <> '' AND t.tax_code = s.tax_code) "
                      "OR (COALESCE(s.tax_code, '') = '' AND t.tax_code = '' AND t.name = s.name "
                      "AND t.unit_id = s.unit))"),
        duplicate=sql.SQL("CASE WHEN COALESCE(s.tax_code, '') <> '' THEN s.tax_code "
                          "ELSE '#' || s.name || '#' || s.unit END"),
        multi=False,
        defaults={"is_illustrative": sql.SQL("false")},
    ),
    "tourism_sites": Target(
        layer="tourism_sites",
        match=sql.SQL("t.name_vi = s.name_vi"),
        duplicate=sql.SQL("s.name_vi"),
        multi=False,
        defaults={"is_illustrative": sql.SQL("false")},
    ),
    "communes": Target(
        layer="communes",
        match=sql.SQL("t.code = s.code AND t.valid_to IS NULL"),
        duplicate=sql.SQL("s.code"),
        multi=True, unit_column="",
        defaults={"slug": sql.SQL("s.code || '-import'"), "full_name": sql.SQL("s.name"),
                  "valid_from": sql.SQL("DATE '2025-07-01'"), "source": sql.Literal("import"),
                  "full_name_en": sql.Literal("")},
    ),
}
for _target in TARGETS.values():
    _target.defaults.update({k: v for k, v in _empty_text_defaults(_target.schema).items()
                             if k not in _target.defaults})


def target_for(layer: str) -> Target:
    return TARGETS[layer]
