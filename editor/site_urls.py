"""The site content pages; included by editor/urls.py, so their names are `editor:site-…`."""

from django.urls import URLPattern, path

from editor import site_pages

urlpatterns: list[URLPattern] = [
    path("editor/sites/", site_pages.site_list_page, name="site-list"),
    path("editor/sites/<int:site_id>/", site_pages.site_edit_page, name="site-edit"),
    path("editor/sites/<int:site_id>/photos/", site_pages.site_photo_upload, name="site-photo-add"),
    path("editor/sites/<int:site_id>/photos/<int:photo_id>/delete", site_pages.site_photo_remove,
         name="site-photo-delete"),
    path("editor/sites/<int:site_id>/photos/<int:photo_id>/move", site_pages.site_photo_move,
         name="site-photo-move"),
]
