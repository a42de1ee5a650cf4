"""Routes of the zone editor and of the REST API for editable layers (`/api/…`)."""

from django.urls import URLPattern

app_name = "editor"

urlpatterns: list[URLPattern] = []
