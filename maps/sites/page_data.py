"""What the site and showcase pages hand their map script, and the showcase's query parameters."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import QueryDict
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from layers.models import ProductGroup
from layers.site_selectors import STAR_LEVELS
from maps.tiles.tilejson import ATTRIBUTIONS

# Marker colours of producers by their best stars; the legend takes the same colours from here.
STAR_COLOURS = {5: "#b71c1c", 4: "#ef6c00", 3: "#f9a825"}


@dataclass(frozen=True)
class ShowcaseFilters:
    stars: int | None
    group: str | None

    def query(self, **changes: Any) -> str:
        """The query string of these filters with `changes` (None drops a filter), with its `?`."""
        values = {"stars": self.stars, "group": self.group, **changes}
        return "?" + urlencode({name: value for name, value in values.items() if value is not None})


@dataclass(frozen=True)
class FilterLink:
    key: str
    label: str
    href: str
    active: bool


def filter_links(filters: ShowcaseFilters) -> dict[str, list[FilterLink]]:
    """The showcase's filter chips: `stars` and `group`, each starting with "all"."""
    everything = _("all")
    stars = [FilterLink("stars-all", everything, filters.query(stars=None), filters.stars is None)]
    stars += [FilterLink(f"stars-{level}", f"{level}★", filters.query(stars=level), filters.stars == level)
              for level in STAR_LEVELS]
    groups = [FilterLink("group-all", everything, filters.query(group=None), filters.group is None)]
    groups += [FilterLink(f"group-{value}", str(capfirst(label)), filters.query(group=value), filters.group == value)
               for value, label in ProductGroup.choices]
    return {"stars": stars, "group": groups}


def showcase_filters(params: QueryDict) -> ShowcaseFilters:
    """The filters asked for; an unknown star level or group is ignored rather than an error."""
    stars_text = params.get("stars", "")
    stars = int(stars_text) if stars_text.isdigit() and int(stars_text) in STAR_LEVELS else None
    group = params.get("group")
    return ShowcaseFilters(stars=stars, group=group if group in ProductGroup.values else None)


def map_settings(*, site: dict[str, Any] | None = None, producers: dict[str, Any] | None = None) -> dict[str, Any]:
    """The map's JSON blob: the offline base map, optional online tiles, and what to draw on them."""
    return {
        "base": reverse("maps:viewer-base"),
        "baseAttribution": ATTRIBUTIONS.get("communes", ""),
        "tiles": settings.MAPS_BASE_TILE_URL,
        "tilesAttribution": settings.MAPS_BASE_TILE_ATTRIBUTION,
        "site": site,
        "producers": producers,
        "starColours": {str(stars): colour for stars, colour in STAR_COLOURS.items()},
        "messages": {"illustrative": _("Demonstration data"), "products": _("OCOP products")},
    }
