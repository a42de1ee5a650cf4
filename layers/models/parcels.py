"""Cadastral parcels (thửa đất)."""

from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from layers.models.admin_units import AdminUnit
from layers.models.measures import AreaSquareMetres


class LandUse(models.TextChoices):
    """Land-use codes of the cadastral records (Circular 08/2024/TT-BTNMT and its predecessors)."""

    LUC = "LUC", _("LUC – specialised wet rice")
    LUK = "LUK", _("LUK – other rice land")
    BHK = "BHK", _("BHK – other annual crops")
    NHK = "NHK", _("NHK – annual crops on upland")
    CLN = "CLN", _("CLN – perennial crops")
    RSX = "RSX", _("RSX – production forest")
    RPH = "RPH", _("RPH – protection forest")
    NTS = "NTS", _("NTS – aquaculture")
    ONT = "ONT", _("ONT – rural residential")
    ODT = "ODT", _("ODT – urban residential")
    DGT = "DGT", _("DGT – transport")
    SON = "SON", _("SON – rivers and streams")
    MNC = "MNC", _("MNC – water bodies")
    TMD = "TMD", _("TMD – trade and services")
    SKC = "SKC", _("SKC – non-agricultural production")
    DTL = "DTL", _("DTL – irrigation")

    @classmethod
    def agricultural(cls) -> frozenset[str]:
        return frozenset({"LUC", "LUK", "BHK", "NHK", "CLN", "RSX", "RPH", "NTS"})


class Parcel(models.Model):
    unit = models.ForeignKey(
        AdminUnit, verbose_name=_("administrative unit"), on_delete=models.PROTECT, related_name="parcels"
    )
    sheet_number = models.PositiveIntegerField(_("map sheet (số tờ)"))
    parcel_number = models.PositiveIntegerField(_("parcel number (số thửa)"))
    land_use = models.CharField(_("land-use code (loại đất)"), max_length=3, choices=LandUse.choices)
    recorded_area_m2 = models.FloatField(
        _("recorded area (m²)"), null=True, blank=True,
        help_text=_("The area written in the land record, which may differ from the mapped area."),
    )
    geometry = models.MultiPolygonField(_("boundary"), srid=4326)
    area_m2 = models.GeneratedField(
        expression=AreaSquareMetres("geometry"), output_field=models.FloatField(), db_persist=True,
        verbose_name=_("mapped area (m²)"),
    )
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Synthetic demonstration data, not a real record.")
    )

    class Meta:
        verbose_name = _("parcel")
        verbose_name_plural = _("parcels")
        ordering = ["unit", "sheet_number", "parcel_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "sheet_number", "parcel_number"], name="parcel_unique_per_unit_sheet"
            ),
            models.CheckConstraint(
                condition=Q(sheet_number__gt=0) & Q(parcel_number__gt=0), name="parcel_numbers_positive"
            ),
            models.CheckConstraint(
                condition=Q(recorded_area_m2__isnull=True) | Q(recorded_area_m2__gt=0),
                name="parcel_recorded_area_positive",
            ),
        ]

    def __str__(self) -> str:
        return _("Sheet %(sheet)s, parcel %(number)s") % {
            "sheet": self.sheet_number, "number": self.parcel_number
        }
