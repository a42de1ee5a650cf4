"""What the serving layer stores for itself: the shared tile cache and the published maps (compositions
of public layers, not domain data). Domain data lives in `layers`."""

from typing import Any

from django.conf import settings
from django.contrib.gis.db import models
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from layers.names import in_language
from maps.published.composition import validate_composition

# The zooms a published map may open at: the province (8) down to a single farm (18).
MIN_ZOOM = 8
MAX_ZOOM = 18


def empty_composition() -> dict[str, Any]:
    return {"layers": []}


class TileCache(models.Model):
    """One rendered vector tile of a layer for one audience; an empty `data` is a cached 204.

    The table is UNLOGGED (see the migration): a crash empties it, which costs only re-rendering.
    Rows are never updated in place by editors; the layer tables' triggers delete the rows whose
    `envelope` (the tile with its buffer, in EPSG:3857) the changed geometries overlap.
    """

    layer = models.CharField(max_length=40)
    audience = models.TextField()
    z = models.PositiveSmallIntegerField()
    x = models.PositiveIntegerField()
    y = models.PositiveIntegerField()
    etag = models.CharField(max_length=64)
    data = models.BinaryField()
    envelope = models.PolygonField(srid=3857)
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["layer", "audience", "z", "x", "y"], name="tilecache_unique_tile"),
        ]

    def __str__(self) -> str:
        return f"{self.layer} {self.z}/{self.x}/{self.y} ({self.audience})"


class MapStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class PublishedMap(models.Model):
    """A map composed by a tourism promoter: texts in both languages, a checked composition of layers,
    and a view. Visible to the public at `/m/<slug>/` only while published.

    `published_at` is the last time the map was published and stays set after unpublishing: once a
    map has been public its slug is frozen, so links and printed QR codes keep working.
    """

    slug = models.SlugField(_("address"), max_length=60, unique=True,
                            help_text=_("The map's public address /m/<address>/; frozen once published."))
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=120)
    title_en = models.CharField(_("title (English)"), max_length=120, blank=True)
    description_vi = models.TextField(_("description (Vietnamese)"), max_length=2000, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=2000, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT,
                               related_name="published_maps")
    status = models.CharField(_("status"), max_length=10, choices=MapStatus.choices, default=MapStatus.DRAFT)
    composition = models.JSONField(_("layers"), default=empty_composition, validators=[validate_composition])
    base_map = models.BooleanField(_("outside base map"), default=True,
                                   help_text=_("Show the configured base tiles under the layers, if any."))
    centre_lat = models.FloatField(_("centre latitude"), validators=[MinValueValidator(-90), MaxValueValidator(90)])
    centre_lon = models.FloatField(_("centre longitude"),
                                   validators=[MinValueValidator(-180), MaxValueValidator(180)])
    zoom = models.PositiveSmallIntegerField(_("zoom"), validators=[MinValueValidator(MIN_ZOOM),
                                                                    MaxValueValidator(MAX_ZOOM)])
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("published map")
        verbose_name_plural = _("published maps")
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(condition=Q(zoom__gte=MIN_ZOOM) & Q(zoom__lte=MAX_ZOOM),
                                   name="published_map_zoom_range"),
            models.CheckConstraint(condition=Q(centre_lat__gte=-90) & Q(centre_lat__lte=90)
                                   & Q(centre_lon__gte=-180) & Q(centre_lon__lte=180),
                                   name="published_map_centre_range"),
            models.CheckConstraint(condition=~Q(status=MapStatus.PUBLISHED) | Q(published_at__isnull=False),
                                   name="published_map_has_date"),
        ]

    def __str__(self) -> str:
        return self.title_vi

    @property
    def is_published(self) -> bool:
        return self.status == MapStatus.PUBLISHED

    @property
    def slug_frozen(self) -> bool:
        return self.published_at is not None

    def title(self, language: str) -> str:
        return in_language(language, self.title_vi, self.title_en)

    def description(self, language: str) -> str:
        return in_language(language, self.description_vi, self.description_en)
