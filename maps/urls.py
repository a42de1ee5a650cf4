"""The serving API (tiles, OGC API – Features, spatial queries, search, the OpenAPI contract) and the
public map viewer at `/`."""

from django.urls import include, path

urlpatterns = [
    path("", include("maps.viewer.urls")),
    path("tiles/", include("maps.tiles.urls")),
    path("ogc/", include("maps.ogc.urls")),
    path("api/query/", include("maps.query.urls")),
    path("api/", include("maps.search.urls")),
    path("api/", include("maps.openapi.urls")),
    path("trace/", include("maps.trace.urls")),
    path("m/", include("maps.published.urls")),
    path("compose/", include("maps.published.compose_urls")),
    path("", include("maps.sites.urls")),
]
