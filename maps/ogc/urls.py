"""OGC API – Features, Part 1 (Core, GeoJSON) and Part 2 (CRS by reference), under /ogc/."""

from django.urls import URLPattern, path

from maps.ogc import views

app_name = "ogc"

urlpatterns: list[URLPattern] = [
    path("", views.landing, name="landing"),
    path("conformance", views.conformance, name="conformance"),
    path("collections", views.collections, name="collections"),
    path("collections/<str:layer>", views.collection, name="collection"),
    path("collections/<str:layer>/queryables", views.queryables, name="queryables"),
    path("collections/<str:layer>/schema", views.schema, name="schema"),
    path("collections/<str:layer>/items", views.items, name="items"),
    path("collections/<str:layer>/items/<str:feature_id>", views.item, name="item"),
]
