"""OCOP (One Commune One Product) producers and their ranked products (Decision 148/QĐ-TTg, 2023)."""

import datetime as dt

from django.contrib.gis.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from layers.models.admin_units import AdminUnit
from layers.models.zones import CultivationZone

CERTIFICATE_MONTHS = 36


class ProducerKind(models.TextChoices):
    COMPANY = "company", _("company")
    COOPERATIVE = "cooperative", _("cooperative")
    COOPERATIVE_GROUP = "coop_group", _("cooperative group")
    HOUSEHOLD = "household", _("household business")


class ProductGroup(models.TextChoices):
    """The six product groups of Decision 148/QĐ-TTg (24 February 2023)."""

    FOOD = "food", _("food")
    DRINKS = "drinks", _("drinks")
    HERBAL = "herbal", _("herbal products")
    HANDICRAFTS = "handicrafts", _("handicrafts and textiles")
    FLOWERS = "flowers", _("flowers, ornamental plants and animals")
    TOURISM = "tourism", _("community, eco- and agri-tourism services and destinations")


# Half-open score bands [low, high) of the 100-point scale that give each star rating.
STAR_SCORE_BANDS = {3: (50, 70), 4: (70, 90), 5: (90, 101)}


def certificate_expiry(issued_on: dt.date) -> dt.date:
    """OCOP certificates are valid for 36 months from issue."""
    month_index = issued_on.month - 1 + CERTIFICATE_MONTHS
    year, month = issued_on.year + month_index // 12, month_index % 12 + 1
    day = min(issued_on.day, _days_in_month(year, month))
    return dt.date(year, month, day)


def _days_in_month(year: int, month: int) -> int:
    first_of_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return (first_of_next - dt.timedelta(days=1)).day


class OCOPProducer(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind of producer"), max_length=12, choices=ProducerKind.choices)
    tax_code = models.CharField(_("tax code"), max_length=14, blank=True)
    representative = models.CharField(_("representative"), max_length=120, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    location = models.PointField(_("location"), srid=4326, null=True, blank=True)
    unit = models.ForeignKey(
        AdminUnit, verbose_name=_("administrative unit"), on_delete=models.PROTECT, related_name="producers"
    )
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Demonstration data, not a real producer.")
    )

    class Meta:
        verbose_name = _("OCOP producer")
        verbose_name_plural = _("OCOP producers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["tax_code"], condition=~Q(tax_code=""), name="ocop_producer_tax_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OCOPProduct(models.Model):
    name = models.CharField(_("name"), max_length=200)
    group = models.CharField(_("product group"), max_length=12, choices=ProductGroup.choices)
    stars = models.PositiveSmallIntegerField(_("stars"), choices=[(s, "★" * s) for s in (3, 4, 5)])
    score = models.DecimalField(_("score (of 100)"), max_digits=5, decimal_places=2)
    certificate_number = models.CharField(_("certificate number"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"))
    producer = models.ForeignKey(
        OCOPProducer, verbose_name=_("producer"), on_delete=models.CASCADE, related_name="products"
    )
    source_zones = models.ManyToManyField(
        CultivationZone, verbose_name=_("raw-material zones"), related_name="ocop_products", blank=True
    )
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Demonstration data, not a real certificate.")
    )

    class Meta:
        verbose_name = _("OCOP product")
        verbose_name_plural = _("OCOP products")
        ordering = ["-stars", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(stars__gte=3) & Q(stars__lte=5), name="ocop_stars_3_to_5"),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=100), name="ocop_score_0_to_100"),
            models.CheckConstraint(
                condition=Q(expires_on__gt=F("issued_on")), name="ocop_expiry_after_issue"
            ),
            *(
                models.CheckConstraint(
                    condition=~Q(stars=stars) | (Q(score__gte=low) & Q(score__lt=high)),
                    name=f"ocop_score_fits_{stars}_stars",
                )
                for stars, (low, high) in STAR_SCORE_BANDS.items()
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({'★' * self.stars})"
