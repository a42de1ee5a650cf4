"""TileJSON 3.0.0 documents describing each layer's vector tiles to map clients."""

from layers.registry import LayerSpec
from maps.extent import Bounds

# The study area (Pleiku and its communes), for layers that hold no rows yet.
PLEIKU_BOUNDS: Bounds = (107.90, 13.85, 108.15, 14.15)
# Clients open the map here, unless the layer starts deeper (parcels) or stops earlier.
CENTER_ZOOM = 12
ATTRIBUTIONS = {
    "communes": "© thanglequoc/vietnamese-provinces-database (MIT), sapnhap.bando.com.vn",
}
# The registry carries titles in both languages; the descriptions follow it.
_DESCRIPTIONS = {
    "vi": "{title} – vector tile (MVT) của NTM GeoPlatform Pleiku.",
    "en": "{title} – vector tiles (MVT) from NTM GeoPlatform Pleiku.",
}
# JSON Schema types of the registry, as the field types TileJSON's vector_layers use.
_FIELD_TYPES = {"integer": "Number", "number": "Number", "boolean": "Boolean"}


def _fields(spec: LayerSpec) -> dict[str, str]:
    """Each public property and the type it has in the tiles (arrays travel as comma-separated text)."""
    return {name: _FIELD_TYPES.get(str(schema["type"]), "String") for name, schema in spec.property_schema().items()}


def _center(spec: LayerSpec, bounds: Bounds) -> list[float]:
    west, south, east, north = bounds
    zoom = min(max(CENTER_ZOOM, spec.min_zoom), spec.max_zoom)
    return [round((west + east) / 2, 6), round((south + north) / 2, 6), zoom]


def tilejson_document(spec: LayerSpec, *, tiles_url: str, bounds: Bounds | None, language: str) -> dict[str, object]:
    """The layer's TileJSON: `tiles_url` is the absolute {z}/{x}/{y} template; `bounds` the reader's
    extent of the layer (None for an empty layer: Pleiku's); titles in `language` (vi or en)."""
    language = "vi" if language.startswith("vi") else "en"
    title = spec.title(language)
    box = bounds or PLEIKU_BOUNDS
    document: dict[str, object] = {
        "tilejson": "3.0.0",
        "name": title,
        "description": _DESCRIPTIONS[language].format(title=title),
        "scheme": "xyz",
        "tiles": [tiles_url],
        "minzoom": spec.min_zoom,
        "maxzoom": spec.max_zoom,
        "bounds": [round(value, 6) for value in box],
        "center": _center(spec, box),
        "vector_layers": [{
            "id": spec.id, "description": title, "minzoom": spec.min_zoom, "maxzoom": spec.max_zoom,
            "fields": _fields(spec),
        }],
    }
    if spec.id in ATTRIBUTIONS:
        document["attribution"] = ATTRIBUTIONS[spec.id]
    return document
