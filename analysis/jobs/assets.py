"""The static files of the analysis pages, and the platform layers drawn beneath a result for context.

The result map loads the Leaflet and VectorGrid copies the viewer vendors (by static path: analysis may
not import maps) as classic scripts, then our one script; no inline code, so the global content
security policy holds.
"""

from typing import Any

from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language

from layers.registry import LAYERS

_LEAFLET = "maps/vendor/leaflet-1.9.4"  # the versions maps/viewer/assets.py pins
_VECTORGRID = "maps/vendor/leaflet.vectorgrid-1.3.0"
_MAP_STYLESHEETS = (f"{_LEAFLET}/leaflet.css",)
_MAP_SCRIPTS = (f"{_LEAFLET}/leaflet.js", f"{_VECTORGRID}/Leaflet.VectorGrid.bundled.min.js")
# Beneath a result: the units for orientation, the zones because most analyses are about them.
CONTEXT_LAYERS = ("communes", "zones")


def stylesheets(*, with_map: bool = False) -> list[str]:
    return [static(path) for path in (*(_MAP_STYLESHEETS if with_map else ()), "analysis/analysis.css")]


def scripts(*, with_map: bool = False) -> list[str]:
    return [static(path) for path in (*(_MAP_SCRIPTS if with_map else ()), "analysis/run.js")]


def context_layers() -> list[dict[str, Any]]:
    """Vector-tile URL templates, titles and colours of the context layers, from the registry."""
    english = (get_language() or "vi").startswith("en")
    return [
        {"id": spec.id, "title": spec.title_en if english else spec.title_vi,
         "tiles": reverse("tiles-tilejson", kwargs={"layer": spec.id}).removesuffix(".json") + "/{z}/{x}/{y}.pbf",
         "color": spec.style.color, "fillColor": spec.style.fill_color}
        for layer_id in CONTEXT_LAYERS if (spec := LAYERS.get(layer_id)) is not None
    ]
