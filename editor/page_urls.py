"""The zone editor's page; included by editor/urls.py, so its name is `editor:editor-page`."""

from django.urls import URLPattern, path

from editor import pages

urlpatterns: list[URLPattern] = [
    path("editor/", pages.editor_page, name="editor-page"),
]
