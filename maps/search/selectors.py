"""The search box's read: features whose name, code or parcel number matches the text, for one reader.

Every branch carries the reader's `row_filter`, so a draft zone is found only by those who may see it.
"""

from django.utils.translation import gettext

from layers.errors import UnknownLayer
from layers.permissions import AnyUser
from layers.registry import LAYERS, LayerSpec, Registry
from layers.visibility import layer_readable_by, row_filter
from maps.columns import ALIAS
from maps.db import fetch_one
from maps.query.sql import Fragment
from maps.search import sql as q
from maps.search.terms import SearchTerms

UNITS_LAYER = "communes"
PARCELS_LAYER = "parcels"


def _branch(spec: LayerSpec, user: AnyUser) -> q.Branch | None:
    if not layer_readable_by(spec, user):
        return None
    try:
        return q.Branch(spec, row_filter(spec, user, ALIAS))
    except UnknownLayer:
        return None


def _labels(terms: SearchTerms, language: str) -> q.Labels:
    parcel = ""
    if terms.parcel is not None:
        parcel = gettext("Sheet %(sheet)s, parcel %(number)s") % {
            "sheet": terms.parcel.sheet, "number": terms.parcel.number}
    # PostgreSQL's format() fills %s with the date the unit ended.
    return q.Labels(language=language, parcel=parcel, until=gettext(" (until %s)"))


def _branches(terms: SearchTerms, user: AnyUser, labels: q.Labels, limit: int,
              registry: Registry) -> list[Fragment]:
    fragments = []
    for layer_id, build in q.BRANCHES.items():
        branch = _branch(registry[layer_id], user) if layer_id in registry else None
        if branch is not None:
            fragments.append(build(branch, terms, labels, limit))
    parcels = _branch(registry[PARCELS_LAYER], user) if PARCELS_LAYER in registry else None
    if terms.parcel is not None and parcels is not None and UNITS_LAYER in registry:
        fragments.append(q.parcel_branch(parcels, terms, labels, limit, units=registry[UNITS_LAYER]))
    return fragments


def features_search(*, terms: SearchTerms, limit: int, user: AnyUser, language: str,
                    registry: Registry = LAYERS) -> str:
    """`{"query", "results": [{layer, id, label, bbox, point}]}` as JSON text: at most `limit` matches,
    exact ones (codes, parcels) first, then current places, then the rest; labels in `language`."""
    language = "vi" if language.startswith("vi") else "en"
    labels = _labels(terms, language)
    statement = q.search_statement(terms.text, _branches(terms, user, labels, limit, registry), limit=limit)
    row = fetch_one(statement.query, statement.params)
    assert row is not None  # an aggregate always returns a row
    return str(row[0])
