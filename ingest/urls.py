"""Routes of the ingest package."""

from django.urls import path

from ingest.views import export, field_files, upload

app_name = "ingest"

urlpatterns = [
    path("export/<str:layer>.<str:fmt>", export.layer_download, name="export"),
    path("ingest/", upload.upload, name="upload"),
    path("ingest/jobs/<int:job_id>/", upload.job_page, name="job"),
    path("ingest/jobs/<int:job_id>.json", upload.job_status, name="job-status"),
    path("ingest/jobs/<int:job_id>/report.json", upload.job_report, name="job-report"),
    path("ingest/field-shapes/", field_files.field_shapes, name="field-shapes"),
]
