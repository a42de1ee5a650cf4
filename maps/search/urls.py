"""/api/search: the viewer's search box, open to any client."""

from django.urls import URLPattern, path

from maps.search import views

app_name = "search"

urlpatterns: list[URLPattern] = [
    path("search", views.search, name="search"),
]
