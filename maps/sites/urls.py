"""The public pages of tourism sites and the OCOP showcase; namespace `sites`."""

from django.urls import URLPattern, path

from maps.sites import views

app_name = "sites"

urlpatterns: list[URLPattern] = [
    path("sites/<int:site_id>/", views.site_page, name="page"),
    path("sites/photos/<int:photo_id>/<str:size>", views.site_photo, name="photo"),
    path("ocop/", views.ocop_page, name="ocop"),
]
