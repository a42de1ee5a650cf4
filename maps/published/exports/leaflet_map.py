"""A MapDocument as a folium map that needs nothing from the network: folium's CDN links are dropped
and the vendored Leaflet, our CSS and our layer-drawing JS are inlined instead.

Shared by the HTML export and the print layouts, so the file a visitor downloads and the sheet that
comes out of the printer show the same map.
"""

import base64
import html
import re
from functools import cache
from pathlib import Path
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from folium.template import Template

from maps.published.document import DocumentLayer, MapDocument, Symbol

LEAFLET_DIR = Path(__file__).resolve().parents[2] / "static" / "maps" / "vendor" / "leaflet-1.9.4"
ASSETS_DIR = Path(__file__).resolve().parent / "assets"
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
FALLBACK_COLOUR = "#555555"
# Marker glyphs drawn with the fonts every Debian Chromium has (DejaVu), never a fetched image.
GLYPHS = {"dot": "", "star": "★", "leaf": "❦", "cup": "☕", "home": "⌂", "eye": "◉", "flag": "⚑",
          "shop": "¤"}


# The units beneath the layers of a sheet without a base map: thin outlines, no fill, not clickable.
UNIT_OUTLINE = {"color": "#8d6e63", "weight": 1, "opacity": 0.8, "fill": False}


def text(value: object) -> str:
    """`value` as HTML text: markup-safe, and safe inside a JavaScript template literal too (folium
    puts some strings in backticks, where `${…}` would otherwise run)."""
    return html.escape(str(value)).replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


def colour(value: str) -> str:
    """A `#rrggbb` colour, or a neutral grey for anything else (colours end up in style attributes)."""
    return value if COLOUR.fullmatch(value) else FALLBACK_COLOUR


@cache
def inline_head() -> str:
    """Leaflet's JS and CSS (its images as data: URIs) and our map CSS/JS, as inline tags."""
    css = (LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8")
    for image in ("layers.png", "layers-2x.png", "marker-icon.png"):
        data = base64.b64encode((LEAFLET_DIR / "images" / image).read_bytes()).decode("ascii")
        css = css.replace(f"url(images/{image})", f"url(data:image/png;base64,{data})")
    css += (ASSETS_DIR / "map.css").read_text(encoding="utf-8")
    scripts = "".join(f"<script>{path.read_text(encoding='utf-8')}</script>"
                      for path in (LEAFLET_DIR / "leaflet.js", ASSETS_DIR / "document_layer.js"))
    return f"<style>{css}</style>{scripts}"


def symbol_style(symbol: Symbol) -> dict[str, Any]:
    """Leaflet path options for `symbol`, plus the marker HTML when it is drawn as a glyph."""
    style: dict[str, Any] = {
        "color": colour(symbol.color), "fillColor": colour(symbol.fill_color), "weight": symbol.weight,
        "fillOpacity": symbol.fill_opacity, "radius": symbol.radius, "fill": symbol.kind != "line",
    }
    glyph = GLYPHS.get(symbol.icon, "")
    if symbol.kind == "point" and glyph:
        style["iconHtml"] = f'<span style="background:{style["fillColor"]}">{glyph}</span>'
    return style


def popup_html(properties: dict[str, Any]) -> str:
    """A feature's popup: its title and its [label, value] rows, every text escaped."""
    rows = "".join(f"<tr><th>{text(label)}</th><td>{text(value)}</td></tr>"
                   for label, value in properties.get("rows") or [])
    title = text(properties.get("title") or "")
    return f'<div class="ntm-popup"><div class="ntm-popup-title">{title}</div><table>{rows}</table></div>'


def feature_symbol(layer: DocumentLayer, feature: dict[str, Any]) -> str:
    """The key of the symbol `feature` is drawn with (the layer's first for an unknown key)."""
    return layer.symbol(str((feature.get("properties") or {}).get("symbol", ""))).key


def layer_data(layer: DocumentLayer) -> dict[str, Any]:
    """The layer's features with only what the page needs: symbol key, escaped popup and tooltip."""
    features = []
    for feature in layer.features.get("features", []):
        properties = feature.get("properties") or {}
        features.append({"type": "Feature", "geometry": feature["geometry"], "properties": {
            "symbol": feature_symbol(layer, feature), "popup": popup_html(properties),
            "tip": text(properties.get("title") or "")}})
    return {"type": "FeatureCollection", "features": features}


class DocumentGeoJson(MacroElement):  # type: ignore[misc]
    """One DocumentLayer drawn by `ntmDocumentLayer` (assets/document_layer.js)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = ntmDocumentLayer({{ this.data|tojson }}, {{ this.styles|tojson }})
            .addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, layer: DocumentLayer) -> None:
        super().__init__()
        self._name = "DocumentGeoJson"
        self.data = layer_data(layer)
        self.styles = {symbol.key: symbol_style(symbol) for symbol in layer.symbols}


class MetricScale(MacroElement):  # type: ignore[misc]
    """Leaflet's scale bar in metres and kilometres only (folium's adds miles and feet)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        L.control.scale({metric: true, imperial: false, maxWidth: 160}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)


class MapFinish(MacroElement):  # type: ignore[misc]
    """Fits the view and raises the "map ready" flag once everything above it has been drawn."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        ntmMapFinish({{ this._parent.get_name() }}, [{{ this.layers|join(", ") }}],
                     {{ this.bounds|tojson }}, {{ this.tiles or "null" }});
        {% endmacro %}
    """)

    def __init__(self, *, layers: list[str], bounds: list[list[float]] | None, tiles: str | None) -> None:
        super().__init__()
        self._name = "MapFinish"
        self.layers, self.bounds, self.tiles = layers, bounds, tiles


def document_figure(doc: MapDocument, *, layer_control: bool, interactive: bool = True) -> Figure:
    """The page (a branca Figure) showing the map of `doc`, every asset inline. The map raises the
    `data-map-ready` flag on <html> once drawn."""
    fmap = folium.Map(location=list(doc.centre), zoom_start=doc.zoom, tiles=None, control_scale=False,
                      zoom_control=interactive, attribution_control=interactive,
                      # A sheet fits its features at any zoom; a browser keeps whole zooms for crisp tiles.
                      zoom_snap=1 if interactive else 0.25)
    fmap.default_js, fmap.default_css = [], []  # instance lists: folium's class lists stay intact
    figure = Figure(title=text(doc.title))
    fmap.add_to(figure)
    figure.header.add_child(Element(inline_head()), name="ntm_assets")
    MetricScale().add_to(fmap)
    tiles = None
    if doc.base_tiles:
        tiles = folium.TileLayer(doc.base_tiles, attr=text(doc.attribution), name="base",
                                 overlay=False, control=False).add_to(fmap)
    if doc.units:
        folium.GeoJson(doc.units, name="units", control=False, style_function=lambda _feature: UNIT_OUTLINE,
                       interactive=False).add_to(fmap)
    names = []
    for layer in doc.layers:
        group = folium.FeatureGroup(name=text(layer.title)).add_to(fmap)
        names.append(DocumentGeoJson(layer).add_to(group).get_name())
    if layer_control and len(doc.layers) > 1:
        folium.LayerControl(collapsed=False).add_to(fmap)
    bounds = None
    if doc.bounds:
        west, south, east, north = doc.bounds
        bounds = [[south, west], [north, east]]
    MapFinish(layers=names, bounds=bounds, tiles=tiles.get_name() if tiles else None).add_to(fmap)
    return figure


def legend(doc: MapDocument) -> list[dict[str, Any]]:
    """The legend as template data: each layer's title and the symbols its features use (a printed
    legend lists what the sheet shows, not every category the layer could have), colours made safe."""
    rows = []
    for layer in doc.layers:
        used = {feature_symbol(layer, feature) for feature in layer.features.get("features", [])}
        rows.append({"title": layer.title, "symbols": [
            {"label": symbol.label, "kind": symbol.kind, "color": colour(symbol.color),
             "fill": colour(symbol.fill_color), "glyph": GLYPHS.get(symbol.icon, "")}
            for symbol in layer.symbols if symbol.key in used]})
    return rows
