"""Vector tiles and TileJSON; z/x/y are matched as text so that garbage gets a JSON 400, not a 404 page."""

from django.urls import path

from maps.tiles import views

urlpatterns = [
    path("<str:layer>/<str:z>/<str:x>/<str:y>.pbf", views.tile, name="tiles-tile"),
    path("<str:layer>.json", views.tilejson, name="tiles-tilejson"),
]
