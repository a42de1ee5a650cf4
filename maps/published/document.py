"""A composed map as plain data, in one language: what the public page, the HTML export and the
print layout all draw, so the three cannot disagree about what a map shows.

Every text here is user text, unescaped; each renderer escapes it for its own medium.
"""

from dataclasses import dataclass, field
from typing import Any, Literal

GeometryKind = Literal["point", "line", "polygon"]


@dataclass(frozen=True)
class Symbol:
    """How one category of a layer is drawn, and its legend row. Colours are `#rrggbb`;
    `icon` is one of ICONS (a marker glyph drawn in CSS/SVG, never a fetched image)."""

    key: str
    label: str
    kind: GeometryKind
    color: str
    fill_color: str
    icon: str = "dot"
    weight: float = 2.0
    fill_opacity: float = 0.4
    radius: float = 7.0


ICONS = ("dot", "star", "leaf", "cup", "home", "eye", "flag", "shop")


@dataclass(frozen=True)
class DocumentLayer:
    """One layer of the map. `features` is a GeoJSON FeatureCollection in EPSG:4326 whose features
    carry `properties.symbol` (a key of `symbols`), `properties.title` and `properties.rows`
    (a list of [label, value] pairs shown in the popup)."""

    id: str
    title: str
    symbols: tuple[Symbol, ...]
    features: dict[str, Any]

    def symbol(self, key: str) -> Symbol:
        return next((symbol for symbol in self.symbols if symbol.key == key), self.symbols[0])


@dataclass(frozen=True)
class MapDocument:
    """Centre is (latitude, longitude). `url` is the public address (for the QR code and the footer).
    `base_tiles` is an XYZ template or "" (no base map: the units' outlines serve as one)."""

    title: str
    description: str
    language: str
    centre: tuple[float, float]
    zoom: int
    layers: tuple[DocumentLayer, ...]
    attribution: str
    url: str
    base_tiles: str = ""
    bounds: tuple[float, float, float, float] | None = None  # west, south, east, north, if known
    # Today's units as a GeoJSON FeatureCollection, outlined beneath the layers when there is no base
    # map, so a print or an offline export still shows where it is; None draws no outlines.
    units: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)
