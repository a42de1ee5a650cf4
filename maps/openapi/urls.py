"""The OpenAPI contract of the platform at /api/schema/ and its Swagger UI at /api/docs/."""

from django.urls import URLPattern, path

from maps.openapi import views

app_name = "openapi"

urlpatterns: list[URLPattern] = [
    path("schema/", views.schema, name="schema"),
    path("docs/", views.docs, name="docs"),
]
