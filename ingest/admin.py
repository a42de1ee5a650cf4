"""Import jobs in the admin: a read-only history of who imported what, when, and with what result."""

from django.contrib import admin
from django.http import HttpRequest

from ingest.models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ("file_name", "layer", "user", "status", "read", "dry_run", "created_at", "finished_at")
    list_filter = ("status", "layer", "dry_run")
    search_fields = ("file_name", "user__username")
    date_hierarchy = "created_at"

    # Jobs are made by the upload page only; the history must not be edited.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ImportJob | None = None) -> bool:
        return False
