"""The registry's layers as the viewer draws them: title, tiles, zooms, style, legend and popup labels.

Everything here is read from `layers.registry` and the models' own verbose names and choices, so a
layer added to the registry appears in the viewer, its legend and its popups without a line of JS.
"""

from typing import Any

from django.contrib.gis.db import models as gis_models
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse
from django.utils.text import capfirst

from layers.registry import LayerSpec

JSON = dict[str, Any]

# The base map already draws today's units; the communes overlay (which also holds the units that
# ended in 2025) is there to be switched on when someone needs it.
HIDDEN_AT_START = frozenset({"communes"})
# Shown apart in popups, as a badge, rather than as a yes/no row.
ILLUSTRATIVE = "is_illustrative"
# The properties that name a feature in its popup's heading, joined with " – " (empty: the layer title).
_HEADINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "communes": {"vi": ("full_name",), "en": ("full_name",)},
    "zones": {"vi": ("code", "name"), "en": ("code", "name")},
    "ocop_producers": {"vi": ("name",), "en": ("name",)},
    "tourism_sites": {"vi": ("name_vi",), "en": ("name_en", "name_vi")},
}


# Layers whose features have a public page of their own: URL name and the keyword that takes the id.
_PAGES = {"tourism_sites": ("sites:page", "site_id")}


def page_template(spec: LayerSpec) -> str:
    """`/sites/{id}/` for a layer whose features have a page, with the brace the popup fills in; else ""."""
    if spec.id not in _PAGES:
        return ""
    name, keyword = _PAGES[spec.id]
    return reverse(name, kwargs={keyword: 0}).replace("/0/", "/{id}/")


def tiles_template(spec: LayerSpec) -> str:
    """`/tiles/<layer>/{z}/{x}/{y}.pbf`, relative to the site, with the braces Leaflet fills in."""
    return reverse("tiles-tilejson", kwargs={"layer": spec.id}).removesuffix(".json") + "/{z}/{x}/{y}.pbf"


def geometry_kind(spec: LayerSpec) -> str:
    """`point`, `polygon` or `any`: how the legend draws the layer's swatch."""
    field = spec.model._meta.get_field(spec.geometry_field)
    if isinstance(field, gis_models.PointField):
        return "point"
    if isinstance(field, gis_models.PolygonField | gis_models.MultiPolygonField):
        return "polygon"
    return "any"


def _choices(field: Any) -> dict[str, str]:
    """Stored value → translated label of a field with choices (or an array of such values)."""
    base = field.base_field if isinstance(field, ArrayField) else field
    return {str(value): str(label) for value, label in (getattr(base, "choices", None) or [])}


def _field(spec: LayerSpec, name: str) -> Any:
    field = spec.model._meta.get_field(name)
    return field.output_field if isinstance(field, models.GeneratedField) else field


def _label(spec: LayerSpec, name: str) -> str:
    return str(capfirst(spec.model._meta.get_field(name).verbose_name))  # type: ignore[union-attr]


def properties(spec: LayerSpec) -> list[JSON]:
    """Each public property the popup shows: name, translated label, JSON type, and choice labels."""
    schemas = spec.property_schema()
    rows = []
    for name in spec.public_properties:
        if name == ILLUSTRATIVE:
            continue
        row: JSON = {"name": name, "label": _label(spec, name), "type": schemas[name]["type"]}
        if schemas[name].get("format"):
            row["format"] = schemas[name]["format"]
        if choices := _choices(_field(spec, name)):
            row["choices"] = choices
        rows.append(row)
    return rows


def style(spec: LayerSpec) -> JSON:
    """The registry's LayerStyle under Leaflet's option names."""
    s = spec.style
    return {"color": s.color, "fillColor": s.fill_color, "weight": s.weight, "fillOpacity": s.fill_opacity,
            "radius": s.radius, "by": s.by, "palette": dict(s.palette)}


def legend(spec: LayerSpec) -> list[JSON]:
    """One entry per palette colour, labelled with the translated value; empty without a palette."""
    if not spec.style.by:
        return []
    labels = _choices(_field(spec, spec.style.by))
    return [{"value": value, "label": labels.get(value, value), "color": colour}
            for value, colour in spec.style.palette.items()]


def layer_entry(spec: LayerSpec, *, language: str) -> JSON:
    """Everything the viewer needs to draw, explain and query one layer, in `language` (vi or en)."""
    return {
        "id": spec.id,
        "title": spec.title(language),
        "tiles": tiles_template(spec),
        "minZoom": spec.min_zoom,
        "maxZoom": spec.max_zoom,
        "visible": spec.id not in HIDDEN_AT_START,
        "geometry": geometry_kind(spec),
        "style": style(spec),
        "legend": legend(spec),
        "properties": properties(spec),
        "heading": list(_HEADINGS.get(spec.id, {}).get(language, ())),
        "page": page_template(spec),
    }
