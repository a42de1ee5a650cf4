"""The self-contained HTML export: one file, opened from a disk with no network, that shows the map
with its layers, popups, legend, attribution and the address of the map online."""

from branca.element import Element
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from geo_platform.csp import policy_header, tile_origins
from maps.published.document import MapDocument
from maps.published.exports.leaflet_map import ASSETS_DIR, document_figure, legend, text


def export_csp() -> str:
    """The Content-Security-Policy of the export: its own inline code and data: images, nothing else
    (except tiles from the configured base map, which a map may show)."""
    return policy_header({
        "default-src": ["'none'"], "script-src": ["'unsafe-inline'"], "style-src": ["'unsafe-inline'"],
        "img-src": ["data:", *tile_origins(settings.MAPS_BASE_TILE_URL)], "base-uri": ["'none'"],
        "form-action": ["'none'"]})


def document_html(doc: MapDocument) -> str:
    """The export of `doc` as one HTML document, in the document's language."""
    with translation.override(doc.language):
        figure = document_figure(doc, layer_control=True)
        figure.header.add_child(Element(
            f'<style>{(ASSETS_DIR / "export.css").read_text(encoding="utf-8")}</style>'), name="ntm_export")
        panel = render_to_string("maps/published/exports/panel.html", {"doc": doc, "legend": legend(doc)})
        figure.html.add_child(Element(panel), name="ntm_panel")
        return str(figure.render()).replace("<html>", f'<html lang="{text(doc.language)}">', 1)
