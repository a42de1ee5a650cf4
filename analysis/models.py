"""What the analysis package stores: raster datasets (DEMs and results) and analysis runs.

Files live under MEDIA_ROOT (rasters/, analysis_runs/<id>/); the rows say what they are, who made
them and from which parameters, so a result can be reproduced and audited.
"""

import uuid

from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _


class RasterKind(models.TextChoices):
    DEM = "dem", _("elevation model (DEM)")
    OTHER = "other", _("other raster")


class RasterDataset(models.Model):
    """A GeoTIFF accepted into the platform, stored as a Cloud-Optimised GeoTIFF."""

    name = models.SlugField(_("name"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=8, choices=RasterKind.choices, default=RasterKind.DEM)
    path = models.CharField(_("file"), max_length=300, help_text=_("Relative to MEDIA_ROOT."))
    hillshade_path = models.CharField(_("hillshade file"), max_length=300, blank=True)
    crs = models.CharField(_("coordinate reference system"), max_length=400)
    width = models.PositiveIntegerField(_("width (cells)"))
    height = models.PositiveIntegerField(_("height (cells)"))
    resolution_m = models.FloatField(_("cell size (m)"))
    nodata = models.FloatField(_("nodata value"), null=True, blank=True)
    footprint = models.PolygonField(_("footprint"), srid=4326)
    is_synthetic = models.BooleanField(
        _("synthetic"), default=False, help_text=_("Generated for demonstration, not surveyed.")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("raster dataset")
        verbose_name_plural = _("raster datasets")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.title


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    SUCCEEDED = "succeeded", _("succeeded")
    FAILED = "failed", _("failed")


class AnalysisRun(models.Model):
    """One run of a named analysis with its validated parameters, its progress and its results."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    analysis = models.CharField(_("analysis"), max_length=60, db_index=True)
    params = models.JSONField(_("parameters"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED, db_index=True
    )
    progress = models.FloatField(_("progress"), default=0.0)
    note = models.CharField(_("progress note"), max_length=300, blank=True)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    result_dir = models.CharField(_("result folder"), max_length=300, blank=True,
                                  help_text=_("Relative to MEDIA_ROOT."))
    result = models.JSONField(
        _("result description"), default=dict, blank=True,
        help_text=_("Tables, charts, files and summary figures the run produced."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("run by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("analysis run")
        verbose_name_plural = _("analysis runs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.analysis} ({self.get_status_display()})"
