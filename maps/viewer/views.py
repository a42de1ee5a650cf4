"""The public map page and its offline base map: thin views over the settings blob and one selector."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from layers.selectors import unit_base_map_geojson
from maps.responses import etagged_response
from maps.viewer import assets
from maps.viewer.settings_blob import viewer_settings

# Boundaries change only when units are imported; browsers revalidate after this many seconds, and the
# ETag makes that a 304 without the body.
BASE_MAP_MAX_AGE_S = 3600


@require_safe
def viewer(request: HttpRequest) -> HttpResponse:
    """`/`: the map, with the blob of the layers this reader may see in their language."""
    blob = viewer_settings(user=request.user, language=get_language())
    return render(request, "maps/viewer.html", {
        "blob": blob,
        "reader": blob["user"],
        "urls": blob["urls"],
        "import_map": mark_safe(assets.import_map()),  # noqa: S308  (built by us, escaped for <script>)
        "stylesheets": assets.stylesheets(),
        "classic_scripts": assets.classic_scripts(),
        "entry": assets.entry_module(),
    })


@require_safe
def base_map(request: HttpRequest) -> HttpResponse:
    """`/viewer/base.geojson`: today's units, simplified, for the base map that needs no tile server."""
    return etagged_response(request, unit_base_map_geojson().encode(), content_type="application/geo+json",
                            cache_control=f"public, max-age={BASE_MAP_MAX_AGE_S}")
