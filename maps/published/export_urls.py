"""Exports of one published map, under `/m/<slug>/`: self-contained HTML, print PNG/PDF, preview image."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
