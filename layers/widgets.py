"""A geometry widget for the admin that works without the internet.

Django's OSMWidget loads OpenLayers from a CDN and draws OpenStreetMap tiles; a commune office on a
poor connection, or an intranet deployment, gets a blank map. This widget loads the vendored
OpenLayers (scripts/vendor-js.sh) and draws, as its base map, the outlines and names of today's
administrative units, served as GeoJSON by our own admin.

Django's template starts the map with an inline <script>, which the platform's Content-Security-Policy
refuses; ours hands the options over as JSON and layers/js/offline_base_map.js starts the map.
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
        # What Django's template writes into its inline script, for MapWidget and our base map.
        context["map_options"] = {
            "base_map_url": reverse(BASE_MAP_URL_NAME),
            "module": context["module"],
            "geom_name": context["geom_type"],
            "id": context["id"],
            "map_id": f"{context['id']}_map",
            "map_srid": context["map_srid"],
            "name": context["name"],
            **{key: context[key] for key in ("default_lon", "default_lat", "default_zoom")},
        }
        context["map_options_id"] = f"{context['id']}_options"
        return context
