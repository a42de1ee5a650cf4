"""Exports of one published map, under `/m/<slug>/`: self-contained HTML, print PNG/PDF, preview image."""

from django.urls import URLPattern, URLResolver, path

from maps.published.exports import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("export.html", views.export_html, name="published-map-export-html"),
    path("print.png", views.print_png, name="published-map-print-png"),
    path("print.pdf", views.print_pdf, name="published-map-print-pdf"),
    path("preview.png", views.preview_png, name="published-map-preview"),
]
