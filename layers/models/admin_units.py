"""Administrative units before and after the reform of 1 July 2025, and how they succeed each other."""

from django.contrib.gis.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from layers.models.measures import AreaSquareMetres


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("province")
    DISTRICT = "district", _("district")
    WARD = "ward", _("ward")
    COMMUNE = "commune", _("commune")
    TOWNSHIP = "township", _("township")


class AdminUnit(models.Model):
    """A province, district (until 30 June 2025), ward or commune, for the period it existed.

    GSO codes identify units; names do not (several communes share a name across districts).
    Codes are reused across the reform, so a code is unique only together with `valid_from`.
    A unit whose official code is not in our sources keeps an empty code and is found by its slug.
    """

    slug = models.SlugField(_("key"), max_length=80, unique=True)
    code = models.CharField(_("GSO code"), max_length=10, blank=True, db_index=True)
    name = models.CharField(_("name"), max_length=120)
    full_name = models.CharField(_("full name"), max_length=160)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    full_name_en = models.CharField(_("full name (English)"), max_length=160, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=UnitLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    valid_from = models.DateField(
        _("valid from"), null=True, blank=True,
        help_text=_("Empty when the unit was in force before the records kept here begin."),
    )
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    geometry = models.MultiPolygonField(_("boundary"), srid=4326, null=True, blank=True)
    area_m2 = models.GeneratedField(
        expression=AreaSquareMetres("geometry"), output_field=models.FloatField(), db_persist=True,
        verbose_name=_("area (m²)"),
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = [F("valid_to").desc(nulls_first=True), "level", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "valid_from"], condition=~Q(code=""), name="admin_unit_code_per_version"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="admin_unit_valid_period",
            ),
        ]

    def __str__(self) -> str:
        start = f"{self.valid_from:%d/%m/%Y}" if self.valid_from else ""
        end = f"{self.valid_to:%d/%m/%Y}" if self.valid_to else ""
        return f"{self.full_name} ({start}–{end})" if start or end else self.full_name

    @property
    def is_current(self) -> bool:
        return self.valid_to is None


class AdminUnitSuccession(models.Model):
    """`predecessor` was merged, wholly or in part, into `successor` on `effective_on`."""

    predecessor = models.ForeignKey(
        AdminUnit, verbose_name=_("former unit"), on_delete=models.CASCADE, related_name="successions"
    )
    successor = models.ForeignKey(
        AdminUnit, verbose_name=_("new unit"), on_delete=models.CASCADE, related_name="predecessions"
    )
    effective_on = models.DateField(_("effective on"))
    legal_basis = models.CharField(_("legal basis"), max_length=120)

    class Meta:
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unit_succession_once"),
            models.CheckConstraint(
                condition=~Q(predecessor=F("successor")), name="unit_succession_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor.full_name} → {self.successor.full_name}"
