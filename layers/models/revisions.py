"""The history of cultivation zones: one revision per version, who made it, when, why and what it held."""

from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from layers.models.zones import CultivationZone


class ZoneAction(models.TextChoices):
    # A context of their own: "created" elsewhere means "created at".
    BASELINE = "baseline", pgettext_lazy("zone history", "state when the history began")
    CREATE = "create", pgettext_lazy("zone history", "created")
    UPDATE = "update", pgettext_lazy("zone history", "edited")
    SUBMIT = "submit", pgettext_lazy("zone history", "submitted")
    APPROVE = "approve", pgettext_lazy("zone history", "approved")
    REJECT = "reject", pgettext_lazy("zone history", "sent back to draft")
    SUSPEND = "suspend", pgettext_lazy("zone history", "suspended")
    REINSTATE = "reinstate", pgettext_lazy("zone history", "reinstated")
    REVOKE = "revoke", pgettext_lazy("zone history", "revoked")
    REVERT = "revert", pgettext_lazy("zone history", "reverted")


class ZoneRevision(models.Model):
    """The zone as it stood at `version`, after `action` by `user`.

    The attributes are a JSON snapshot (layers.zone_services.zone_snapshot) rather than columns, so
    a field added to the zone later does not need a history migration; the geometry is a real column
    so that an old boundary can be drawn and restored exactly.
    """

    zone = models.ForeignKey(
        CultivationZone, verbose_name=_("cultivation zone"), on_delete=models.CASCADE, related_name="revisions"
    )
    version = models.PositiveIntegerField(_("version"))
    action = models.CharField(_("action"), max_length=10, choices=ZoneAction.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    # Kept apart from `user` so the record still says who it was after the account is deleted.
    username = models.CharField(_("user name"), max_length=150, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)
    reverted_to = models.PositiveIntegerField(_("restored version"), null=True, blank=True)
    attributes = models.JSONField(_("attributes"), default=dict)
    # Revisions are read per zone, never searched in space: no spatial index to pay for on each write.
    geometry = models.MultiPolygonField(_("boundary"), srid=4326, null=True, blank=True, spatial_index=False)

    class Meta:
        verbose_name = _("zone revision")
        verbose_name_plural = _("zone revisions")
        ordering = ["zone", "version"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "version"], name="zone_revision_once_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.zone_id} v{self.version} {self.action}"
