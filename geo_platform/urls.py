from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "NTM GeoPlatform – Pleiku"
admin.site.site_title = "NTM GeoPlatform"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("maps.urls")),
    path("", include("ingest.urls")),
    path("", include("editor.urls")),
    path("analysis/", include("analysis.urls")),
]
