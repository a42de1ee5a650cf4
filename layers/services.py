"""Writes to the domain, as keyword-only functions named <entity>_<action>."""

import secrets
from collections.abc import Sequence

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db import connection, transaction
from django.utils.translation import gettext as _

from layers.errors import InvalidRoleAssignment, TransitionNotAllowed, UnknownUnit
from layers.models import AdminUnit, CultivationZone, Role, UserScope, ZoneStatus
from layers.roles import role_group

# The zone life cycle: a draft is submitted, then approved; an approved code may be suspended
# (and reinstated) or revoked; a submitted zone may be sent back to draft.
ZONE_TRANSITIONS: dict[str, frozenset[str]] = {
    ZoneStatus.DRAFT: frozenset({ZoneStatus.SUBMITTED}),
    ZoneStatus.SUBMITTED: frozenset({ZoneStatus.APPROVED, ZoneStatus.DRAFT}),
    ZoneStatus.APPROVED: frozenset({ZoneStatus.SUSPENDED, ZoneStatus.REVOKED}),
    ZoneStatus.SUSPENDED: frozenset({ZoneStatus.APPROVED, ZoneStatus.REVOKED}),
    ZoneStatus.REVOKED: frozenset(),
}


def zone_change_status(*, zone: CultivationZone, status: ZoneStatus) -> CultivationZone:
    """Move a zone along its life cycle; any other move raises TransitionNotAllowed."""
    if status not in ZONE_TRANSITIONS[zone.status]:
        raise TransitionNotAllowed(
            _("A zone cannot go from %(old)s to %(new)s.") % {"old": zone.status, "new": status}
        )
    zone.status = status
    zone.save(update_fields=["status", "updated_at"])
    return zone


def _current_units(codes: Sequence[str]) -> list[AdminUnit]:
    units = list(AdminUnit.objects.filter(code__in=codes, valid_to__isnull=True))
    missing = sorted(set(codes) - {unit.code for unit in units})
    if missing:
        raise UnknownUnit(_("No current administrative unit has GSO code %(codes)s.")
                          % {"codes": ", ".join(missing)})
    return units


@transaction.atomic
def user_provision(
    *, username: str, role: Role, unit_codes: Sequence[str] = (), password: str | None = None
) -> tuple[AbstractUser, str]:
    """Create or update a user with exactly one role; returns the user and the password set.

    Extension staff must be given the units they serve; other roles work city-wide.
    A password is generated when none is given.
    """
    if role == Role.EXTENSION_STAFF and not unit_codes:
        raise InvalidRoleAssignment(_("Extension staff need at least one administrative unit (--unit)."))
    if role != Role.EXTENSION_STAFF and unit_codes:
        raise InvalidRoleAssignment(_("Only extension staff are scoped to administrative units."))
    units = _current_units(unit_codes)
    user, _created = get_user_model().objects.get_or_create(username=username)
    secret = password or secrets.token_urlsafe(12)
    user.set_password(secret)
    user.is_staff = True
    user.is_superuser = role == Role.ADMIN
    user.save()
    user.groups.set([role_group(role)])
    scope, _created = UserScope.objects.update_or_create(user=user, defaults={"role": role})
    scope.units.set(units)
    return user, secret


def unit_upsert(*, slug: str, **fields: object) -> AdminUnit:
    """Create or update the unit with this slug (the natural key of a unit version)."""
    unit, _created = AdminUnit.objects.update_or_create(slug=slug, defaults=fields)
    return unit


def unit_succession_record(
    *, predecessor: AdminUnit, successor: AdminUnit, effective_on: object, legal_basis: str
) -> None:
    predecessor.successions.update_or_create(
        successor=successor, defaults={"effective_on": effective_on, "legal_basis": legal_basis}
    )


_ATTACH_PARCELS_SQL = """
SELECT p.id FROM layers_parcel p, layers_cultivationzone z
WHERE z.id = %s AND z.geometry IS NOT NULL
  AND p.geometry && z.geometry AND ST_Intersects(z.geometry, ST_PointOnSurface(p.geometry))
"""


def zone_attach_parcels(*, zone: CultivationZone) -> int:
    """Link a zone to the parcels it covers (those whose interior point lies inside it)."""
    with connection.cursor() as cursor:
        cursor.execute(_ATTACH_PARCELS_SQL, [zone.pk])
        parcel_ids = [row[0] for row in cursor.fetchall()]
    zone.parcels.set(parcel_ids)
    return len(parcel_ids)
