"""Cultivation zones (vùng trồng) and their planting-area codes."""

from django.contrib.gis.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from layers.models.admin_units import AdminUnit
from layers.models.fields import ChoiceArrayField, PlantingAreaCodeField
from layers.models.measures import AreaHectares
from layers.models.parcels import Parcel


class CropCycle(models.TextChoices):
    ANNUAL = "annual", _("annual")
    PERENNIAL = "perennial", _("perennial")


class Crop(models.TextChoices):
    COFFEE = "coffee", _("coffee")
    PEPPER = "pepper", _("black pepper")
    TEA = "tea", _("tea")
    PASSION_FRUIT = "passion_fruit", _("passion fruit")
    DURIAN = "durian", _("durian")
    AVOCADO = "avocado", _("avocado")
    MACADAMIA = "macadamia", _("macadamia")
    BANANA = "banana", _("banana")
    RICE = "rice", _("rice")
    VEGETABLES = "vegetables", _("vegetables")
    OTHER = "other", _("other")

    @property
    def cycle(self) -> CropCycle:
        annual = {Crop.RICE, Crop.VEGETABLES}
        return CropCycle.ANNUAL if self in annual else CropCycle.PERENNIAL


class Market(models.TextChoices):
    DOMESTIC = "domestic", _("domestic")
    CHINA = "china", _("China")
    USA = "usa", _("United States")
    EU = "eu", _("European Union")
    JAPAN = "japan", _("Japan")
    KOREA = "korea", _("South Korea")
    AUSTRALIA = "australia", _("Australia")
    OTHER = "other", _("other")


class Standard(models.TextChoices):
    VIETGAP = "vietgap", "VietGAP"
    GLOBALGAP = "globalgap", "GlobalG.A.P."
    ORGANIC = "organic", _("organic")
    RAINFOREST = "rainforest", "Rainforest Alliance"


class ZoneStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", _("approved")
    SUSPENDED = "suspended", _("suspended")
    REVOKED = "revoked", _("revoked")


# Statuses in which the zone is a registered code and so must carry one.
CODED_STATUSES = (ZoneStatus.APPROVED, ZoneStatus.SUSPENDED, ZoneStatus.REVOKED)


class CultivationZone(models.Model):
    code = PlantingAreaCodeField(
        _("planting-area code"), max_length=40, null=True, blank=True, unique=True,
        help_text=_("Stored normalised: “VN - GLOR - 0090” becomes “VN-GLOR-0090”."),
    )
    name = models.CharField(_("name"), max_length=200)
    crop = models.CharField(_("crop"), max_length=20, choices=Crop.choices)
    variety = models.CharField(_("variety"), max_length=120, blank=True)
    declared_area_ha = models.DecimalField(
        _("declared area (ha)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    area_ha = models.GeneratedField(
        expression=AreaHectares("geometry"), output_field=models.FloatField(), db_persist=True,
        verbose_name=_("mapped area (ha)"),
    )
    holder = models.CharField(
        _("code holder"), max_length=200, blank=True,
        help_text=_("The company, cooperative or household that holds the code."),
    )
    representative = models.CharField(_("representative"), max_length=120, blank=True)
    households = models.PositiveIntegerField(_("number of households"), null=True, blank=True)
    markets = ChoiceArrayField(
        models.CharField(max_length=12, choices=Market.choices), verbose_name=_("markets"),
        default=list, blank=True,
    )
    standards = ChoiceArrayField(
        models.CharField(max_length=12, choices=Standard.choices), verbose_name=_("standards"),
        default=list, blank=True,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ZoneStatus.choices, default=ZoneStatus.DRAFT, db_index=True
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    units = models.ManyToManyField(
        AdminUnit, verbose_name=_("administrative units"), related_name="zones", blank=True
    )
    parcels = models.ManyToManyField(Parcel, verbose_name=_("parcels"), related_name="zones", blank=True)
    geometry = models.MultiPolygonField(
        _("boundary"), srid=4326, null=True, blank=True,
        help_text=_("May stay empty while the zone is registered but not yet mapped."),
    )
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Demonstration data, not a real registration.")
    )
    # Every change through layers.zone_services adds one and records a ZoneRevision; the API sends it
    # as the ETag. The database default and migration 0004's trigger bump it for writers that do not
    # (imports, SQL), so an editor holding an older version is always told.
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("cultivation zone")
        verbose_name_plural = _("cultivation zones")
        ordering = ["code", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_from__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="zone_valid_period",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=CODED_STATUSES) | Q(code__isnull=False),
                name="zone_registered_has_code",
            ),
            models.CheckConstraint(
                condition=Q(declared_area_ha__isnull=True) | Q(declared_area_ha__gt=0),
                name="zone_declared_area_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}" if self.code else self.name
