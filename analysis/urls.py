"""`/analysis/…`: runs and results, raster datasets and their tiles, the indicators dashboard."""

from django.urls import include, path

urlpatterns = [
    path("", include("analysis.jobs.urls")),
    path("rasters/", include("analysis.rasters.urls")),
    path("indicators/", include("analysis.indicators.urls")),
]
