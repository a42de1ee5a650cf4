"""Reading published maps: who may see which map, and a map as a `MapDocument` in one language.

The document is the one description of a map that the public page, the embed, the HTML export and the
print layout all draw (`maps.published.document`), so they cannot disagree about what a map shows.
"""

import json
from dataclasses import asdict
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from layers.models import Role
from layers.permissions import AnyUser, user_role
from layers.selectors import unit_base_map_geojson
from maps.models import MapStatus, PublishedMap
from maps.published.composition import LayerChoice, composition_parse
from maps.published.document import DocumentLayer, MapDocument, Symbol
from maps.published.features import Bounds, layer_features
from maps.tiles.tilejson import ATTRIBUTIONS

LANGUAGES = ("vi", "en")
COMPOSER_ROLES = frozenset({Role.TOURISM_PROMOTER, Role.ADMIN})


def map_composable_by(user: AnyUser) -> bool:
    """Tourism promoters and administrators compose maps."""
    return user_role(user) in COMPOSER_ROLES


def map_editable_by(user: AnyUser, published_map: PublishedMap) -> bool:
    """Administrators may change any map; tourism promoters only their own."""
    role = user_role(user)
    return role == Role.ADMIN or (role == Role.TOURISM_PROMOTER and published_map.author_id == user.pk)


def map_list_for(*, user: AnyUser) -> QuerySet[PublishedMap]:
    """The maps `user` may change in the composer, most recently changed first."""
    role = user_role(user)
    maps = PublishedMap.objects.select_related("author")
    if role == Role.ADMIN:
        return maps.all()
    if role == Role.TOURISM_PROMOTER:
        return maps.filter(author_id=user.pk)
    return maps.none()


def map_editable_get(*, pk: int, user: AnyUser) -> PublishedMap:
    """The map for the composer; Http404 when it does not exist or is not the user's to change."""
    published_map = map_list_for(user=user).filter(pk=pk).first()
    if published_map is None:
        raise Http404(_("No such map."))
    return published_map


def map_visible_get(*, slug: str, user: AnyUser) -> PublishedMap:
    """The map at `/m/<slug>/`; Http404 when it does not exist, or is unpublished and the user is
    neither its author nor an administrator (an unpublished map is indistinguishable from none)."""
    published_map = PublishedMap.objects.filter(slug=slug).first()
    if published_map is None:
        raise Http404(_("No such map."))
    if published_map.status == MapStatus.PUBLISHED:
        return published_map
    is_author = user.is_authenticated and published_map.author_id == user.pk
    if is_author or getattr(user, "is_superuser", False):
        return published_map
    raise Http404(_("No such map."))


def map_public_path(*, published_map: PublishedMap) -> str:
    return reverse("published-map", kwargs={"slug": published_map.slug})


def _symbols(choice: LayerChoice) -> tuple[Symbol, ...]:
    spec = choice.spec
    symbols = []
    for key, label in spec.symbols():
        style = choice.style(key)
        symbols.append(Symbol(key=key, label=str(capfirst(label)), kind=spec.geometry, color=style.color,
                              fill_color=style.color, icon=style.icon,
                              weight=4.0 if spec.geometry == "line" else 2.0))
    return tuple(symbols)


def _union(bounds: list[Bounds]) -> Bounds | None:
    if not bounds:
        return None
    return (min(b[0] for b in bounds), min(b[1] for b in bounds), max(b[2] for b in bounds),
            max(b[3] for b in bounds))


def _attribution(published_map: PublishedMap) -> str:
    credits = [_("Data: NTM GeoPlatform Pleiku"), ATTRIBUTIONS["communes"]]
    if published_map.base_map and settings.MAPS_BASE_TILE_URL and settings.MAPS_BASE_TILE_ATTRIBUTION:
        credits.insert(0, settings.MAPS_BASE_TILE_ATTRIBUTION)
    return " · ".join(credits)


def map_document(*, published_map: PublishedMap, language: str, base_url: str,
                 with_units: bool = False) -> MapDocument:
    """The map in `language` ("vi" or "en"; English texts fall back to Vietnamese where empty), with its
    layers' public features as GeoJSON from PostGIS; `url` is `base_url` + the map's public path.
    `with_units` adds today's units to outline when the map has no base map (prints and exports; the
    page draws the viewer's base map itself)."""
    language = language if language in LANGUAGES else "vi"
    base_tiles = settings.MAPS_BASE_TILE_URL if published_map.base_map else ""
    layers, bounds = [], []
    with translation.override(language):
        for index, choice in enumerate(composition_parse(published_map.composition).layers):
            found = layer_features(choice=choice, language=language)
            layers.append(DocumentLayer(
                id=f"{choice.kind}-{index}", title=str(choice.spec.title), symbols=_symbols(choice),
                features={"type": "FeatureCollection", "features": found.features}))
            if found.bounds:
                bounds.append(found.bounds)
        attribution = _attribution(published_map)
    return MapDocument(
        title=published_map.title(language), description=published_map.description(language),
        language=language, centre=(published_map.centre_lat, published_map.centre_lon),
        zoom=published_map.zoom, layers=tuple(layers), attribution=attribution,
        url=base_url.rstrip("/") + map_public_path(published_map=published_map),
        base_tiles=base_tiles, bounds=_union(bounds),
        units=json.loads(unit_base_map_geojson()) if with_units and not base_tiles else None,
    )


def map_document_json(*, document: MapDocument) -> dict[str, Any]:
    """The document as plain JSON data (what `/m/<slug>/data.json` serves and the page's script reads);
    the page draws the units from the viewer's base map, so they are left out here."""
    data = asdict(document)
    del data["units"]
    return data
