"""Tourism sites and routes, in Vietnamese and English."""

from django.contrib.gis.db import models
from django.db.models.lookups import In
from django.utils.translation import gettext_lazy as _

from layers.models.admin_units import AdminUnit
from layers.models.measures import LengthMetres


class SiteCategory(models.TextChoices):
    NATURE = "nature", _("nature")
    CULTURE = "culture", _("culture and heritage")
    AGRI_TOURISM = "agri", _("agri-tourism")
    COMMUNITY = "community", _("community tourism")
    HOMESTAY = "homestay", _("homestay")
    VIEWPOINT = "viewpoint", _("viewpoint")
    OCOP_TOURISM = "ocop", _("OCOP tourism")


class GeometryType(models.Func):
    function = "GeometryType"
    output_field = models.CharField()


class TourismSite(models.Model):
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    category = models.CharField(_("category"), max_length=10, choices=SiteCategory.choices)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    geometry = models.GeometryField(
        _("location or area"), srid=4326, help_text=_("A point, or a polygon for a site with an extent.")
    )
    unit = models.ForeignKey(
        AdminUnit, verbose_name=_("administrative unit"), on_delete=models.PROTECT, related_name="sites"
    )
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Demonstration data, to verify before publishing.")
    )
    products = models.ManyToManyField(
        "layers.OCOPProduct", verbose_name=_("OCOP products sold here"), related_name="sites", blank=True
    )

    class Meta:
        verbose_name = _("tourism site")
        verbose_name_plural = _("tourism sites")
        ordering = ["name_vi"]
        constraints = [
            models.CheckConstraint(
                condition=In(GeometryType("geometry"), ["POINT", "POLYGON", "MULTIPOLYGON"]),
                name="tourism_site_point_or_polygon",
            ),
        ]

    def __str__(self) -> str:
        return self.name_vi


class TourismRoute(models.Model):
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    geometry = models.LineStringField(_("route"), srid=4326)
    length_m = models.GeneratedField(
        expression=LengthMetres("geometry"), output_field=models.FloatField(), db_persist=True,
        verbose_name=_("length (m)"),
    )
    sites: "models.ManyToManyField[TourismSite, TourismRouteStop]" = models.ManyToManyField(
        TourismSite, through="TourismRouteStop", verbose_name=_("sites"), related_name="routes"
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)

    class Meta:
        verbose_name = _("tourism route")
        verbose_name_plural = _("tourism routes")
        ordering = ["name_vi"]

    def __str__(self) -> str:
        return self.name_vi


class TourismRouteStop(models.Model):
    route = models.ForeignKey(TourismRoute, on_delete=models.CASCADE, related_name="stops")
    site = models.ForeignKey(TourismSite, on_delete=models.CASCADE, related_name="stops")
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        verbose_name = _("route stop")
        verbose_name_plural = _("route stops")
        ordering = ["route", "order"]
        constraints = [
            models.UniqueConstraint(fields=["route", "order"], name="route_stop_order_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.site}"
