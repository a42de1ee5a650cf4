"""The editor page's static files: vendored Leaflet and Leaflet-Geoman, and our ES modules.

Leaflet is the copy the viewer vendors (scripts/vendor-leaflet.sh, under maps/static): static files of
all apps share one namespace, so the platform ships one Leaflet. Geoman (scripts/vendor-geoman.sh)
extends the global `L`, so both load as classic scripts, in this order. Our modules import each other by
bare names (`editor/session`) through an import map, as the viewer's do; the viewer's small DOM, number
formatting and area helpers, and its stylesheet for the header, are reused rather than copied.
"""

import json

from django.templatetags.static import static

LEAFLET_VERSION = "1.9.4"  # the viewer's; keep in step with package.json
GEOMAN_VERSION = "2.20.2"  # keep in step with package.json
_LEAFLET = f"maps/vendor/leaflet-{LEAFLET_VERSION}"
_GEOMAN = f"editor/vendor/leaflet-geoman-{GEOMAN_VERSION}"

# The viewer's stylesheet gives the page the platform's header, unit labels and notices.
STYLESHEETS = (f"{_LEAFLET}/leaflet.css", f"{_GEOMAN}/leaflet-geoman.css", "maps/viewer/viewer.css",
               "editor/editor.css", "editor/editor-sections.css")
CLASSIC_SCRIPTS = (f"{_LEAFLET}/leaflet.js", f"{_GEOMAN}/leaflet-geoman.min.js")
MODULES = ("api", "conflict", "context", "drawing", "form", "history", "main", "panel", "problems", "rules",
           "session", "sources", "workflow", "zonelist")
SHARED_MODULES = {"viewer/dom": "maps/viewer/dom.js", "viewer/format": "maps/viewer/format.js",
                  "viewer/measure": "maps/viewer/measure.js"}
# What json_script escapes, so that the map can never close its <script> element early.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def module_paths() -> dict[str, str]:
    """Bare module name → static path, for every module the page may import."""
    return {**{f"editor/{name}": f"editor/{name}.js" for name in MODULES}, **SHARED_MODULES}


def static_paths() -> list[str]:
    """Every static file the page refers to (the tests check that each exists)."""
    return [*STYLESHEETS, *CLASSIC_SCRIPTS, *module_paths().values()]


def import_map() -> str:
    """The page's import map as JSON text, safe to place inside <script type="importmap">."""
    imports = {name: static(path) for name, path in module_paths().items()}
    return json.dumps({"imports": imports}).translate(_SCRIPT_ESCAPES)


def stylesheets() -> list[str]:
    return [static(path) for path in STYLESHEETS]


def classic_scripts() -> list[str]:
    return [static(path) for path in CLASSIC_SCRIPTS]


def entry_module() -> str:
    return static("editor/main.js")
