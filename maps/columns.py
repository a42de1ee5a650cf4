"""A registry layer as serving SQL reads it: under one row alias, by its registry columns only.

`layers.visibility.row_filter` writes its conditions against the same alias, so every query that
adds a reader's RowFilter reads the layer's table `AS t`.
"""

from psycopg2 import sql

from layers.registry import LayerSpec

ALIAS = "t"


def column(spec: LayerSpec, field_name: str) -> sql.Composable:
    """`t."<column>"` of a registry field."""
    return sql.SQL("{}.{}").format(sql.Identifier(ALIAS), sql.Identifier(spec.column(field_name)))


def primary_key(spec: LayerSpec) -> sql.Composable:
    return sql.SQL("{}.{}").format(sql.Identifier(ALIAS), sql.Identifier(spec.model._meta.pk.column))  # type: ignore[union-attr]


def properties_object(spec: LayerSpec) -> sql.Composable:
    """`json_build_object` of the layer's public properties: what a GeoJSON feature may carry."""
    pairs = sql.SQL(", ").join(
        sql.SQL("{}, {}").format(sql.Literal(name), column(spec, name)) for name in spec.public_properties
    )
    return sql.SQL("json_build_object({})").format(pairs)
