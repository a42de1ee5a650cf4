"""A geometry widget for the admin that works without the internet.

Django's OSMWidget loads OpenLayers from a CDN and draws OpenStreetMap tiles; a commune office on a
poor connection, or an intranet deployment, gets a blank map. This widget loads the vendored
OpenLayers (scripts/vendor-js.sh) and draws, as its base map, the outlines and names of today's
administrative units, served as GeoJSON by our own admin.
"""

from typing import Any

from django.contrib.gis.forms.widgets import OSMWidget
from django.urls import reverse

OL_VERSION = "7.2.2"  # keep in step with package.json
_OL = f"layers/vendor/ol-{OL_VERSION}"

BASE_MAP_URL_NAME = "admin:layers_adminunit_basemap"


class OfflineMapWidget(OSMWidget):
    """OSMWidget with local OpenLayers and the current administrative units as its base map."""

    template_name = "layers/widgets/offline_map.html"
    # Pleiku city centre, 108.00 E 14.00 N.
    default_lon = 108
    default_lat = 14
    default_zoom = 11

    class Media:
        extend = False  # drop OSMWidget's CDN files rather than add to them
        css = {"all": (f"{_OL}/ol.css", "gis/css/ol3.css", "layers/css/offline_map.css")}
        js = (f"{_OL}/ol.js", "gis/js/OLMapWidget.js", "layers/js/offline_base_map.js")

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context.setdefault("base_map_url", reverse(BASE_MAP_URL_NAME))
        return context
