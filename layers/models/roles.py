"""Who may do what: a user's role and, for extension staff, the administrative units they serve."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from layers.models.admin_units import AdminUnit


class Role(models.TextChoices):
    EXTENSION_STAFF = "extension_staff", _("extension staff")
    APPROVER = "approver", _("approver")
    TOURISM_PROMOTER = "tourism_promoter", _("tourism promoter")
    PLANNER = "planner", _("planner")
    ADMIN = "admin", _("administrator")


class UserScope(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="scope"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    units = models.ManyToManyField(
        AdminUnit, verbose_name=_("administrative units"), related_name="staff_scopes", blank=True,
        help_text=_("The units whose zones and parcels an extension officer may edit."),
    )

    class Meta:
        verbose_name = _("user role")
        verbose_name_plural = _("user roles")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"
