"""`/m/<slug>/…`: published maps, their sharing and their exports."""

from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("<slug:slug>/", include("maps.published.export_urls")),
]
