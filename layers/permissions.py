"""Commune scoping: which zones and parcels a user may edit, on top of the role's model permissions.

Model permissions (may this role change zones at all?) come from the role's group, in
`layers.roles`. These rules answer the next question, asked by the admin and the APIs alike:
may this user change *this* zone or parcel? Extension staff work only inside the units of their
`UserScope`; approvers and administrators work city-wide.
"""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, PermissionsMixin
from django.contrib.gis.db.models import Union
from django.contrib.gis.geos import GEOSGeometry
from django.db.models import QuerySet

from layers.models import AdminUnit, CultivationZone, Parcel, Role, UserScope, ZoneStatus

AnyUser = AbstractBaseUser | AnonymousUser

# Roles whose edits are not limited to units (their model permissions still apply).
_CITY_WIDE = frozenset({Role.APPROVER, Role.ADMIN})
# Extension staff prepare a zone and hand it in; deciding on it is the approver's.
STAFF_ZONE_STATUSES = frozenset({ZoneStatus.DRAFT, ZoneStatus.SUBMITTED})


def user_role(user: AnyUser) -> Role | None:
    """The user's role; superusers count as administrators; no role for anonymous or inactive users."""
    if not user.is_authenticated or not user.is_active:
        return None
    if getattr(user, "is_superuser", False):
        return Role.ADMIN
    scope = _scope(user)
    return Role(scope.role) if scope else None


def _scope(user: AnyUser) -> UserScope | None:
    try:
        return user.scope  # type: ignore[union-attr,attr-defined,no-any-return]
    except UserScope.DoesNotExist:
        return None


def is_unit_scoped(user: AnyUser) -> bool:
    """True when the user's edits are limited to the units of their scope."""
    return user_role(user) == Role.EXTENSION_STAFF


def units_editable_by(user: AnyUser) -> QuerySet[AdminUnit]:
    """The units in which the user may edit zones and parcels (all units for city-wide roles)."""
    role = user_role(user)
    if role in _CITY_WIDE:
        return AdminUnit.objects.all()
    scope = _scope(user)
    if role == Role.EXTENSION_STAFF and scope is not None:
        return AdminUnit.objects.filter(staff_scopes=scope)
    return AdminUnit.objects.none()


def units_within_scope(user: AnyUser, unit_ids: Iterable[int]) -> bool:
    """True when every one of the units is editable by the user (and there is at least one)."""
    wanted = set(unit_ids)
    if not wanted:
        return user_role(user) in _CITY_WIDE
    if user_role(user) in _CITY_WIDE:
        return True
    return units_editable_by(user).filter(pk__in=wanted).count() == len(wanted)


def zones_visible_to(user: AnyUser, zones: QuerySet[CultivationZone]) -> QuerySet[CultivationZone]:
    """Extension staff see the zones that touch their units; everyone else sees all of `zones`."""
    if not is_unit_scoped(user):
        return zones
    # A subquery rather than a join, so a zone in two of the user's units is listed once.
    touching = CultivationZone.units.through.objects.filter(adminunit__in=units_editable_by(user))
    return zones.filter(pk__in=touching.values("cultivationzone_id"))


def parcels_visible_to(user: AnyUser, parcels: QuerySet[Parcel]) -> QuerySet[Parcel]:
    """Extension staff see the parcels in their units; everyone else sees all of `parcels`."""
    if not is_unit_scoped(user):
        return parcels
    return parcels.filter(unit__in=units_editable_by(user))


def zone_editable_by(user: AnyUser, zone: CultivationZone) -> bool:
    """Approvers and administrators may edit any zone; extension staff one wholly within their units.

    A zone without units is not within anyone's units, so only city-wide roles may edit it.
    """
    role = user_role(user)
    if role in _CITY_WIDE:
        return True
    if role != Role.EXTENSION_STAFF or zone.pk is None:
        return False
    return units_within_scope(user, zone.units.values_list("pk", flat=True))


def parcel_editable_by(user: AnyUser, parcel: Parcel) -> bool:
    """Approvers and administrators may edit any parcel; extension staff the parcels of their units."""
    role = user_role(user)
    if role in _CITY_WIDE:
        return True
    if role != Role.EXTENSION_STAFF or parcel.unit_id is None:
        return False
    return units_editable_by(user).filter(pk=parcel.unit_id).exists()


def zone_statuses_settable_by(user: AnyUser, current: str | None = None) -> frozenset[str]:
    """The statuses the user may give a zone now in status `current`.

    Extension staff may only draft and submit; keeping a zone's current status is not a decision,
    so it stays allowed (otherwise staff could not correct an approved zone's details at all).
    Approvers and administrators may set any status.
    """
    role = user_role(user)
    if role in _CITY_WIDE:
        return frozenset(ZoneStatus.values)
    if role == Role.EXTENSION_STAFF:
        return STAFF_ZONE_STATUSES | ({current} if current else set())
    return frozenset()


def _has_perm(user: AnyUser, permission: str) -> bool:
    """The role's model permission (from its group); false for anonymous users and users without a role."""
    return user_role(user) is not None and isinstance(user, PermissionsMixin) and user.has_perm(permission)


def zone_creatable_by(user: AnyUser) -> bool:
    """Extension staff (inside their units, checked on the boundary) and administrators create zones."""
    return _has_perm(user, "layers.add_cultivationzone")


def may_edit_zones(user: AnyUser) -> bool:
    """May the user draw zones at all (create or change some zone)? Used by the editing helpers."""
    return _has_perm(user, "layers.add_cultivationzone") or _has_perm(user, "layers.change_cultivationzone")


def is_zone_decider(user: AnyUser) -> bool:
    """Approvers and administrators decide on zones: approve, reject, suspend, reinstate, revoke, revert."""
    return user_role(user) in _CITY_WIDE


def zone_content_editable_by(user: AnyUser, zone: CultivationZone) -> bool:
    """May the user change this zone's boundary and attributes (or submit it)?

    Deciders may; extension staff only while the zone is a draft or submitted and lies wholly within
    their units (after approval the code's contents are the approver's responsibility).
    """
    if not _has_perm(user, "layers.change_cultivationzone"):
        return False
    if is_unit_scoped(user) and zone.status not in STAFF_ZONE_STATUSES:
        return False
    return zone_editable_by(user, zone)


# Who may write which layer, by import or through the API; extension staff only inside their units
# (checked per feature, see `feature_in_scope`).
_WRITERS: dict[str, frozenset[Role]] = {
    "communes": frozenset({Role.ADMIN}),
    "parcels": frozenset({Role.ADMIN, Role.APPROVER, Role.EXTENSION_STAFF}),
    "zones": frozenset({Role.ADMIN, Role.APPROVER, Role.EXTENSION_STAFF}),
    "ocop_producers": frozenset({Role.ADMIN, Role.EXTENSION_STAFF}),
    "tourism_sites": frozenset({Role.ADMIN, Role.TOURISM_PROMOTER}),
}


def layer_writable_by(user: AnyUser, layer_id: str) -> bool:
    """True when the user's role may write features of the layer (create, edit, delete, import)."""
    role = user_role(user)
    return role is not None and role in _WRITERS.get(layer_id, frozenset())


def layer_importable_by(user: AnyUser, layer_id: str) -> bool:
    """True when the user's role may import features into the layer."""
    return layer_writable_by(user, layer_id)


def feature_in_scope(user: AnyUser, *, unit_id: int, geometry: GEOSGeometry) -> bool:
    """May the user put a feature of unit `unit_id` at `geometry`? Unit-scoped users only inside their
    units: both the unit named and the geometry (covered by the union of their units); others anywhere."""
    if not is_unit_scoped(user):
        return True
    units = units_editable_by(user)
    if not units.filter(pk=unit_id).exists():
        return False
    union = units.aggregate(union=Union("geometry"))["union"]
    return union is not None and union.covers(geometry)
