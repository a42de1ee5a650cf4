"""The SQL of the search box: one branch per layer, each under the reader's RowFilter, in one statement.

Each branch yields rows of (rank, layer, id, label, geom): the best few of its layer. The statement
keeps the best `limit` of all branches and PostgreSQL writes the response body. Identifiers come from
the registry (quoted by psycopg2's `sql` module); the typed text, patterns and numbers are parameters.
Names are compared folded on both sides: `lower(unaccent(column))` against a pattern that
`layers.names.fold` folded the same way, so `bien ho` finds Biển Hồ.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from psycopg2 import sql

from layers.registry import LayerSpec
from layers.visibility import RowFilter
from maps.columns import ALIAS, column, primary_key
from maps.query.sql import Fragment, compose, value
from maps.search.terms import SearchTerms

# Lower ranks come first: what the text names exactly, then today's places, then the rest.
RANK_EXACT = 0  # a planting-area code by prefix, a parcel by sheet and number
RANK_PLACE = 1  # a current administrative unit, a tourism site
RANK_OTHER = 2  # an OCOP producer, a zone by name
RANK_FORMER = 3  # a unit that ended with the 2025 reform
DECIMALS = 6  # about 10 cm: enough to frame any feature


@dataclass(frozen=True)
class Labels:
    """Translated pieces the labels are built from; the statement only fills in values."""

    language: str
    parcel: str  # "Tờ 12, thửa 345" for the parcel asked for
    until: str  # " (until %s)", PostgreSQL format() text for a former unit's end date


@dataclass(frozen=True)
class Branch:
    spec: LayerSpec
    rows: RowFilter


def _folded(expression: sql.Composable) -> sql.Composable:
    return sql.SQL("lower(unaccent({}))").format(expression)


def _like(spec: LayerSpec, names: tuple[str, ...], pattern: str) -> Fragment:
    """Any of the columns, folded, LIKE the (already folded and escaped) pattern."""
    tests = [compose("{c} LIKE {p} ESCAPE '\\'", c=_folded(column(spec, name)), p=value(pattern)) for name in names]
    query = sql.SQL("({})").format(sql.SQL(" OR ").join(test.query for test in tests))
    return Fragment(query, tuple(param for test in tests for param in test.params))


def _select(branch: Branch, *, rank: sql.Composable | Fragment, label: sql.Composable | Fragment,
            where: Fragment, geometry: str | None = None, joins: sql.Composable | None = None,
            limit: int) -> Fragment:
    spec = branch.spec
    return compose(
        "(SELECT {rank} AS rank, {layer}::text AS layer, {pk}::bigint AS id, {label}::text AS label,"
        " {geom}::geometry AS geom FROM {table} AS {alias} {joins}"
        " WHERE {geom} IS NOT NULL AND {visible} AND {where} ORDER BY 1, 4 LIMIT {limit})",
        rank=rank, layer=sql.Literal(spec.id), pk=primary_key(spec), label=label,
        geom=column(spec, geometry or spec.geometry_field), table=sql.Identifier(spec.table),
        alias=sql.Identifier(ALIAS), joins=joins or sql.SQL(""), visible=Fragment(branch.rows.condition,
                                                                                   branch.rows.params),
        where=where, limit=value(limit),
    )


def _zones(branch: Branch, terms: SearchTerms, labels: Labels, limit: int) -> Fragment:
    spec = branch.spec
    by_code = compose("coalesce({code} LIKE {prefix} ESCAPE '\\', false)", code=column(spec, "code"),
                      prefix=value(terms.code_prefix or None))
    rank = compose("CASE WHEN {by_code} THEN {exact} ELSE {other} END", by_code=by_code,
                   exact=sql.Literal(RANK_EXACT), other=sql.Literal(RANK_OTHER))
    label = sql.SQL("concat_ws(' – ', {}, {})").format(column(spec, "code"), column(spec, "name"))
    where = compose("({by_code} OR {by_name})", by_code=by_code,
                    by_name=_like(spec, ("name",), terms.name_pattern))
    return _select(branch, rank=rank, label=label, where=where, limit=limit)


def _units(branch: Branch, terms: SearchTerms, labels: Labels, limit: int) -> Fragment:
    spec = branch.spec
    valid_to = column(spec, "valid_to")
    rank = sql.SQL("CASE WHEN {} IS NULL THEN {} ELSE {} END").format(
        valid_to, sql.Literal(RANK_PLACE), sql.Literal(RANK_FORMER))
    label = compose(
        "{full_name} || CASE WHEN {valid_to} IS NULL THEN '' ELSE format({until}::text, "
        "to_char({valid_to}, 'DD/MM/YYYY')) END",
        full_name=column(spec, "full_name"), valid_to=valid_to, until=value(labels.until),
    )
    where = _like(spec, ("name", "full_name", "name_en"), terms.name_pattern)
    return _select(branch, rank=rank, label=label, where=where, limit=limit)


def parcel_branch(branch: Branch, terms: SearchTerms, labels: Labels, limit: int, *,
                  units: LayerSpec) -> Fragment:
    """Parcels by sheet and number (only when the text names one), labelled with their unit's name."""
    spec, parcel = branch.spec, terms.parcel
    assert parcel is not None  # only asked for when the text names a parcel
    unit = sql.Identifier("u")
    joins = sql.SQL("JOIN {units} AS {u} ON {u}.{unit_pk} = {unit_fk}").format(
        units=sql.Identifier(units.table), u=unit, unit_pk=sql.Identifier(units.model._meta.pk.column),
        unit_fk=column(spec, "unit"))
    label = compose("{parcel} || ' – ' || {u}.{full_name}", parcel=value(labels.parcel), u=unit,
                    full_name=sql.Identifier(units.column("full_name")))
    where = compose("{sheet} = {s} AND {number} = {n}", sheet=column(spec, "sheet_number"), s=value(parcel.sheet),
                    number=column(spec, "parcel_number"), n=value(parcel.number))
    return _select(branch, rank=sql.Literal(RANK_EXACT), label=label, where=where, joins=joins, limit=limit)


def _sites(branch: Branch, terms: SearchTerms, labels: Labels, limit: int) -> Fragment:
    spec = branch.spec
    name_vi, name_en = column(spec, "name_vi"), column(spec, "name_en")
    label = name_vi if labels.language == "vi" else sql.SQL("coalesce(nullif({}, ''), {})").format(name_en, name_vi)
    where = _like(spec, ("name_vi", "name_en"), terms.name_pattern)
    return _select(branch, rank=sql.Literal(RANK_PLACE), label=label, where=where, limit=limit)


def _producers(branch: Branch, terms: SearchTerms, labels: Labels, limit: int) -> Fragment:
    spec = branch.spec
    where = _like(spec, ("name",), terms.name_pattern)
    return _select(branch, rank=sql.Literal(RANK_OTHER), label=column(spec, "name"), where=where, limit=limit)


BranchBuilder = Callable[[Branch, SearchTerms, Labels, int], Fragment]
# The registry's layers that the search box knows how to search, by layer id.
BRANCHES: Mapping[str, BranchBuilder] = {
    "zones": _zones,
    "communes": _units,
    "tourism_sites": _sites,
    "ocop_producers": _producers,
}


_BODY = """
SELECT json_build_object('query', {text}::text, 'results', coalesce(json_agg(json_build_object(
    'layer', r.layer, 'id', r.id, 'label', r.label,
    'bbox', json_build_array(round(ST_XMin(r.geom)::numeric, {d}), round(ST_YMin(r.geom)::numeric, {d}),
                             round(ST_XMax(r.geom)::numeric, {d}), round(ST_YMax(r.geom)::numeric, {d})),
    'point', CASE WHEN GeometryType(r.geom) = 'POINT'
                  THEN json_build_array(round(ST_X(r.geom)::numeric, {d}), round(ST_Y(r.geom)::numeric, {d})) END
) ORDER BY r.rank, lower(unaccent(r.label)), r.id), '[]'::json))::text
FROM (SELECT * FROM ({branches}) AS u ORDER BY rank, lower(unaccent(label)), id LIMIT {limit}) AS r
"""


def search_statement(text: str, branches: list[Fragment], *, limit: int) -> Fragment:
    """The whole answer `{"query", "results": [{layer, id, label, bbox, point}]}` as one text value."""
    if not branches:
        return compose("SELECT json_build_object('query', {text}::text, 'results', '[]'::json)::text",
                       text=value(text))
    union = Fragment(sql.SQL(" UNION ALL ").join(branch.query for branch in branches),
                     tuple(param for branch in branches for param in branch.params))
    return compose(_BODY, text=value(text), d=sql.Literal(DECIMALS), branches=union, limit=value(limit))
