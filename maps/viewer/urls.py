"""The public map at `/` and its base map; namespace `maps` (`maps:viewer`, `maps:viewer-base`)."""

from django.urls import URLPattern, path

from maps.viewer import views

app_name = "maps"

urlpatterns: list[URLPattern] = [
    path("", views.viewer, name="viewer"),
    path("viewer/base.geojson", views.base_map, name="viewer-base"),
]
