"""The serving API: tiles, OGC API – Features, spatial queries and the OpenAPI contract."""

from django.urls import include, path

urlpatterns = [
    path("tiles/", include("maps.tiles.urls")),
    path("ogc/", include("maps.ogc.urls")),
    path("api/query/", include("maps.query.urls")),
    path("api/", include("maps.openapi.urls")),
]
