"""/api/query/: what is at a point, what is near it, the k nearest, and what intersects a geometry."""

from django.urls import URLPattern, path

from maps.query import views

app_name = "query"

urlpatterns: list[URLPattern] = [
    path("at", views.at, name="at"),
    path("nearby", views.nearby, name="nearby"),
    path("nearest", views.nearest, name="nearest"),
    path("intersects", views.intersects, name="intersects"),
]
