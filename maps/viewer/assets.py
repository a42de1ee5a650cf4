"""The viewer's static files: the vendored libraries (scripts/vendor-leaflet.sh) and our modules.

The page loads Leaflet and VectorGrid as classic scripts (VectorGrid extends the global `L`), then our
ES modules through an import map, as uMap does: modules import each other by bare names (`viewer/map`),
and the map turns those into static URLs, so a hashing static storage never breaks an import.
"""

import json

from django.templatetags.static import static

LEAFLET_VERSION = "1.9.4"  # keep in step with package.json
VECTORGRID_VERSION = "1.3.0"  # keep in step with package.json
_LEAFLET = f"maps/vendor/leaflet-{LEAFLET_VERSION}"
_VECTORGRID = f"maps/vendor/leaflet.vectorgrid-{VECTORGRID_VERSION}"

STYLESHEETS = (f"{_LEAFLET}/leaflet.css", "maps/viewer/viewer.css")
# Order matters: VectorGrid and our compatibility shim extend the `L` that leaflet.js defines.
CLASSIC_SCRIPTS = (f"{_LEAFLET}/leaflet.js", f"{_VECTORGRID}/Leaflet.VectorGrid.bundled.min.js",
                   "maps/viewer/compat.js")
MODULES = ("basemap", "dom", "format", "legend", "linked", "locate", "main", "measure", "overlays", "popup",
           "search")
# What json_script escapes, so that the map can never close its <script> element early.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def import_map() -> str:
    """The page's import map as JSON text, safe to place inside <script type="importmap">."""
    imports = {f"viewer/{name}": static(f"maps/viewer/{name}.js") for name in MODULES}
    return json.dumps({"imports": imports}).translate(_SCRIPT_ESCAPES)


def stylesheets() -> list[str]:
    return [static(path) for path in STYLESHEETS]


def classic_scripts() -> list[str]:
    return [static(path) for path in CLASSIC_SCRIPTS]


def entry_module() -> str:
    """The module that starts the map; it reaches the others through the import map."""
    return static("maps/viewer/main.js")
