"""Production–consumption linkage models (mô hình liên kết sản xuất – tiêu thụ): a company or
cooperative buys from households of one or more units, ideally from registered raw-material zones.

Plan 1362/KH-UBND counts them: 70 % of communes should have cooperatives or linkage models for key
products, and 50 % of the models should be tied to a raw-material zone with digital records.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from layers.models.admin_units import AdminUnit
from layers.models.ocop import OCOPProducer
from layers.models.zones import Crop, CultivationZone


class LinkageModel(models.Model):
    name = models.CharField(_("name"), max_length=200)
    product = models.CharField(_("key product"), max_length=20, choices=Crop.choices)
    lead = models.ForeignKey(
        OCOPProducer, verbose_name=_("lead company or cooperative"), on_delete=models.PROTECT,
        related_name="linkages", null=True, blank=True,
    )
    lead_name = models.CharField(
        _("lead (if not an OCOP producer)"), max_length=200, blank=True,
        help_text=_("The buyer's name when it is not recorded as an OCOP producer."),
    )
    units = models.ManyToManyField(AdminUnit, verbose_name=_("administrative units"), related_name="linkages")
    zones = models.ManyToManyField(
        CultivationZone, verbose_name=_("raw-material zones"), related_name="linkages", blank=True,
        help_text=_("The registered zones the model buys from: these make it digitally recorded."),
    )
    households = models.PositiveIntegerField(_("linked households"), null=True, blank=True)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Demonstration data, not a real contract.")
    )

    class Meta:
        verbose_name = _("linkage model")
        verbose_name_plural = _("linkage models")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lead__isnull=False) | ~Q(lead_name=""), name="linkage_has_a_lead",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="linkage_period",
            ),
        ]

    def __str__(self) -> str:
        return self.name
