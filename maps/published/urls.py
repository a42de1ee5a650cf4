"""`/m/<slug>/…`: published maps, their sharing and their exports."""

from django.urls import URLPattern, URLResolver, include, path

from maps.published import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("<slug:slug>/", views.map_page, name="published-map"),
    path("<slug:slug>/embed/", views.map_embed, name="published-embed"),
    path("<slug:slug>/data.json", views.map_data, name="published-data"),
    path("<slug:slug>/qr.png", views.map_qr_png, name="published-qr-png"),
    path("<slug:slug>/qr.svg", views.map_qr_svg, name="published-qr-svg"),
    path("<slug:slug>/", include("maps.published.export_urls")),
]
