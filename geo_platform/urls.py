from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_header = "NTM GeoPlatform – Pleiku"
admin.site.site_title = "NTM GeoPlatform"

urlpatterns = [
    # Until the public viewer lands, the platform's front door is its administration.
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("maps.urls")),
    path("", include("ingest.urls")),
    path("", include("editor.urls")),
]
