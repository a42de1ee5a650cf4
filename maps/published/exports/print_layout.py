"""Print layouts of a MapDocument: a sheet (A4/A3, portrait/landscape) with the map filling the
page, title, description, legend, scale bar, north arrow, attribution, date, address and QR code;
and the 1200×630 Open Graph preview. Both are one inline HTML page for the Chromium renderer."""

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from branca.element import Element
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from geo_platform.csp import tile_origins
from maps.published.document import MapDocument
from maps.published.exports.chromium import Render
from maps.published.exports.leaflet_map import ASSETS_DIR, document_figure, legend
from maps.trace.qr import qr_svg

PAPER_MM = {"a4": (210, 297), "a3": (297, 420)}
CSS_PX_PER_MM = 96 / 25.4
PRINT_DPI = 150
PREVIEW_SIZE = (1200, 630)


@dataclass(frozen=True)
class Paper:
    """A sheet size and orientation; `width_mm`/`height_mm` are as the sheet is held."""

    size: Literal["a4", "a3"]
    orientation: Literal["portrait", "landscape"]

    @property
    def width_mm(self) -> int:
        short, long = PAPER_MM[self.size]
        return long if self.orientation == "landscape" else short

    @property
    def height_mm(self) -> int:
        short, long = PAPER_MM[self.size]
        return short if self.orientation == "landscape" else long

    @property
    def name(self) -> str:
        return f"{self.size}-{self.orientation}"

    def pixels(self, dpi: float) -> tuple[int, int]:
        """The sheet in pixels at `dpi`."""
        return round(self.width_mm * dpi / 25.4), round(self.height_mm * dpi / 25.4)


def _qr(url: str) -> str:
    """The QR code as inline SVG that scales with CSS: no XML declaration, a viewBox for its size."""
    svg = qr_svg(url, title=_("Address of the map online")).decode("utf-8")
    svg = re.sub(r"^<\?xml[^>]*\?>\s*", "", svg)
    return re.sub(r'width="(\d+)" height="(\d+)"', r'viewBox="0 0 \1 \2"', svg, count=1)


def _page(doc: MapDocument, layout: str, context: dict[str, object]) -> str:
    with translation.override(doc.language):
        figure = document_figure(doc, layer_control=False, interactive=False)
        css = (ASSETS_DIR / f"{layout}.css").read_text(encoding="utf-8")
        css = mark_safe(css)  # noqa: S308  (our own stylesheet, read from this package)
        frame = render_to_string(f"maps/published/exports/{layout}.html",
                                 {"doc": doc, "legend": legend(doc), "css": css, **context})
        figure.html.add_child(Element(frame), name="ntm_frame")
        return str(figure.render()).replace("<html>", f'<html lang="{doc.language}">', 1)


def print_render(doc: MapDocument, *, paper: Paper, output: Literal["png", "pdf"], today: date) -> Render:
    """The print job of `doc` on `paper`: a PNG at 150 dpi or a one-page PDF of the sheet's size."""
    with translation.override(doc.language):
        printed_on = formats.date_format(today, "SHORT_DATE_FORMAT")
    html = _page(doc, "print", {
        "paper": paper, "printed_on": printed_on,
        "qr": mark_safe(_qr(doc.url)) if doc.url else ""})  # noqa: S308  (SVG drawn by segno)
    return Render(html=html, width=round(paper.width_mm * CSS_PX_PER_MM),
                  height=round(paper.height_mm * CSS_PX_PER_MM), output=output, scale=PRINT_DPI / 96,
                  pdf_format=paper.size.upper(), landscape=paper.orientation == "landscape",
                  allowed_origins=tuple(tile_origins(doc.base_tiles)))


def preview_render(doc: MapDocument) -> Render:
    """The Open Graph preview of `doc`: the map with its title, 1200×630 PNG."""
    width, height = PREVIEW_SIZE
    html = _page(doc, "preview", {})
    return Render(html=html, width=width, height=height, output="png",
                  allowed_origins=tuple(tile_origins(doc.base_tiles)))
