"""An import started from the upload page: who, what, how far it got, and its report."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    # `done` means the import ran to its report, which says whether anything was written;
    # `failed` means it could not finish at all (an unexpected error, or the server stopped it).
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


ACTIVE_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)


class ImportJob(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="import_jobs"
    )
    layer = models.CharField(_("layer"), max_length=50)
    file_name = models.CharField(_("file name"), max_length=255, help_text=_("The name of the file as uploaded."))
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    read = models.PositiveBigIntegerField(_("features read"), default=0)
    total = models.PositiveBigIntegerField(_("features in the file"), null=True, blank=True)
    report = models.JSONField(_("report"), null=True, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    repair = models.BooleanField(_("repair geometries"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The last sign of life of the job's thread; a job silent for long is presumed lost.
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ("-created_at",)
        indexes = [models.Index(fields=["user", "status"], name="ingest_job_user_status")]

    def __str__(self) -> str:
        return f"{self.file_name} → {self.layer} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def outcome(self) -> str:
        """The status, and for a finished job what came of it: a rejected file is "done" too."""
        if self.status != JobStatus.DONE or not self.report:
            return str(self.get_status_display())
        if self.report.get("committed"):
            return str(_("imported"))
        return str(_("checked, nothing written") if not self.report.get("problem_count") else _("rejected"))
