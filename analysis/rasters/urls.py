"""`/analysis/rasters/…`: the raster datasets, the upload form, each dataset's page and its XYZ tiles."""

from django.urls import URLPattern, URLResolver, path

from analysis.rasters import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.raster_list, name="raster-list"),
    path("<slug:name>/", views.raster_detail, name="raster-detail"),
    path("<slug:name>/tiles/<int:z>/<int:x>/<int:y>.png", views.raster_tile, name="raster-tile"),
]
