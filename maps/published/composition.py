"""What a published map may contain: the layer kinds, their filters and their symbols, as typed values.

A map's composition is stored as JSON on `PublishedMap.composition`, but never trusted as JSON: it is
read back through `composition_parse`, which accepts only the keys, kinds, categories, colours and
icons listed here and raises `ValidationError` on anything else. Every kind shows public data only
(see `maps.published.features`).
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from layers.models import Crop, ProductGroup, SiteCategory
from layers.registry import LAYERS
from maps.published.document import ICONS, GeometryKind

COLOR = re.compile(r"#[0-9a-f]{6}")
UNIT_SLUG = re.compile(r"[-a-z0-9_]{1,80}")
STAR_LEVELS = (3, 4, 5)
MAX_LIST = 200  # far more than any real choice; bounds what a crafted form can make us store

Choices = list[tuple[str, StrOrPromise]]


@dataclass(frozen=True)
class KindSpec:
    """One kind of layer a map can contain. `categories` are the values its category filter accepts
    (empty: the kind has none); `symbols` the legend rows, each drawn with its own colour and icon."""

    kind: str
    title: StrOrPromise
    geometry: GeometryKind
    categories: Callable[[], Choices]
    symbols: Callable[[], Choices]
    default_color: Callable[[str], str]
    default_icon: Mapping[str, str] = field(default_factory=dict)
    has_units: bool = True
    has_routes: bool = False
    has_min_stars: bool = False

    def icon_for(self, key: str) -> str:
        return self.default_icon.get(key, "dot")


def _stars() -> Choices:
    return [(str(stars), "★" * stars) for stars in STAR_LEVELS]


def _palette(layer_id: str, fallback: str) -> Callable[[str], str]:
    style = LAYERS[layer_id].style
    return lambda key: style.palette.get(key, fallback)


def _no_choices() -> Choices:
    return []


KINDS: Mapping[str, KindSpec] = {
    "tourism_sites": KindSpec(
        kind="tourism_sites", title=_("Tourism sites"), geometry="point",
        categories=lambda: list(SiteCategory.choices), symbols=lambda: list(SiteCategory.choices),
        default_color=_palette("tourism_sites", "#0d47a1"),
        default_icon={"nature": "leaf", "culture": "flag", "agri": "leaf", "community": "home",
                      "homestay": "home", "viewpoint": "eye", "ocop": "shop"},
    ),
    "tourism_routes": KindSpec(
        kind="tourism_routes", title=_("Tourism routes"), geometry="line",
        categories=_no_choices, symbols=lambda: [("route", _("Tourism route"))],
        default_color=lambda key: "#6a1b9a", has_units=False, has_routes=True,
    ),
    "ocop_producers": KindSpec(
        kind="ocop_producers", title=_("OCOP producers"), geometry="point",
        categories=lambda: list(ProductGroup.choices), symbols=_stars,
        default_color=lambda key: {"3": "#ef6c00", "4": "#e65100", "5": "#b71c1c"}.get(key, "#e65100"),
        default_icon={"3": "star", "4": "star", "5": "star"}, has_min_stars=True,
    ),
    "zones": KindSpec(
        kind="zones", title=_("Cultivation zones (approved codes)"), geometry="polygon",
        categories=lambda: list(Crop.choices), symbols=lambda: list(Crop.choices),
        default_color=_palette("zones", "#1b5e20"),
    ),
}


@dataclass(frozen=True)
class Style:
    color: str
    icon: str


@dataclass(frozen=True)
class LayerChoice:
    """One layer of a map. Empty `categories`, `units` or `routes` mean no filter on them."""

    kind: str
    categories: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    routes: tuple[int, ...] = ()
    min_stars: int = 3
    styles: Mapping[str, Style] = field(default_factory=dict)

    @property
    def spec(self) -> KindSpec:
        return KINDS[self.kind]

    def style(self, key: str) -> Style:
        """The chosen style of a legend row, or the kind's default one."""
        spec = self.spec
        return self.styles.get(key) or Style(color=spec.default_color(key), icon=spec.icon_for(key))

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "categories": list(self.categories), "units": list(self.units),
                "routes": list(self.routes), "min_stars": self.min_stars,
                "styles": {key: {"color": s.color, "icon": s.icon} for key, s in self.styles.items()}}


@dataclass(frozen=True)
class Composition:
    layers: tuple[LayerChoice, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"layers": [layer.to_json() for layer in self.layers]}


_LAYER_KEYS = frozenset({"kind", "categories", "units", "routes", "min_stars", "styles"})


def _invalid(message: StrOrPromise, **params: object) -> ValidationError:
    return ValidationError(message, code="invalid_composition", params=params)


def _string_list(value: object, allowed: Callable[[str], bool], name: str) -> tuple[str, ...]:
    if not isinstance(value, list) or len(value) > MAX_LIST:
        raise _invalid(_("%(name)s must be a list."), name=name)
    if not all(isinstance(item, str) and allowed(item) for item in value):
        raise _invalid(_("%(name)s holds an unknown value."), name=name)
    return tuple(dict.fromkeys(value))


def _style(key: str, value: object) -> Style:
    if not isinstance(value, dict) or set(value) != {"color", "icon"}:
        raise _invalid(_("The style of %(key)s must have a colour and an icon."), key=key)
    color, icon = value["color"], value["icon"]
    if not isinstance(color, str) or COLOR.fullmatch(color) is None:
        raise _invalid(_("The colour of %(key)s must look like #1b5e20."), key=key)
    if icon not in ICONS:
        raise _invalid(_("The icon of %(key)s is not one of the known icons."), key=key)
    return Style(color=color, icon=icon)


def _spec(value: object) -> tuple[KindSpec, dict[str, Any]]:
    if not isinstance(value, dict) or not set(value) <= _LAYER_KEYS or "kind" not in value:
        raise _invalid(_("A layer must have a kind and only known settings."))
    spec = KINDS.get(value["kind"]) if isinstance(value["kind"], str) else None
    if spec is None:
        raise _invalid(_("Unknown kind of layer."))
    return spec, value


def _routes(value: object, spec: KindSpec) -> tuple[int, ...]:
    if not isinstance(value, list) or len(value) > MAX_LIST or not all(type(r) is int and r > 0 for r in value):
        raise _invalid(_("Routes must be a list of route numbers."))
    if value and not spec.has_routes:
        raise _invalid(_("Only a route layer picks routes."))
    return tuple(dict.fromkeys(value))


def _styles(value: object, spec: KindSpec) -> dict[str, Style]:
    symbols = {key for key, _label in spec.symbols()}
    if not isinstance(value, dict) or not set(value) <= symbols:
        raise _invalid(_("A style names an unknown legend row."))
    return {key: _style(key, style) for key, style in value.items()}


def _layer(value: object) -> LayerChoice:
    spec, layer = _spec(value)
    min_stars = layer.get("min_stars", 3)
    if type(min_stars) is not int or min_stars not in STAR_LEVELS:
        raise _invalid(_("The minimum stars must be 3, 4 or 5."))
    units = _string_list(layer.get("units", []), lambda s: UNIT_SLUG.fullmatch(s) is not None, "units")
    if units and not spec.has_units:
        raise _invalid(_("This kind of layer has no unit filter."))
    categories = {key for key, _label in spec.categories()}
    return LayerChoice(
        kind=spec.kind, categories=_string_list(layer.get("categories", []), categories.__contains__, "categories"),
        units=units, routes=_routes(layer.get("routes", []), spec), min_stars=min_stars,
        styles=_styles(layer.get("styles", {}), spec),
    )


def composition_parse(data: object) -> Composition:
    """The composition in `data` (as stored), checked strictly; raises ValidationError otherwise."""
    if not isinstance(data, dict) or set(data) != {"layers"} or not isinstance(data["layers"], list):
        raise _invalid(_("A composition must be an object with a list of layers."))
    layers = tuple(_layer(item) for item in data["layers"])
    kinds = [layer.kind for layer in layers]
    if len(kinds) != len(set(kinds)):
        raise _invalid(_("Each kind of layer may appear once on a map."))
    return Composition(layers=layers)


def validate_composition(data: object) -> None:
    """Model-field validator: `composition_parse` for its errors only."""
    composition_parse(data)
