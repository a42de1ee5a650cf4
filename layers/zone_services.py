"""Editing cultivation zones: create, edit, the approval workflow and revert, each one a new version.

Every function takes the acting user and checks here, not only in views, that the user may act:
extension staff create and edit only inside their units and only drafts and submitted zones;
approvers and administrators decide (approve, reject, suspend, reinstate, revoke, revert); a zone
the user may not see is reported missing (ZoneNotFound), never forbidden.

Each write locks the zone's row, raises `version` by one, re-derives the units and parcels from the
boundary when it changed, and records a ZoneRevision: who, when, what and, for decisions against the
zone, why. Blocking check problems raise ZoneInvalid; advisory ones come back as `warnings`.
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.gis.geos import MultiPolygon
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from layers.codes import EmptyCode, normalise_code
from layers.errors import NotPermitted, TransitionNotAllowed, ZoneInvalid, ZoneNotFound, ZoneVersionConflict
from layers.models import AdminUnit, CultivationZone, ZoneAction, ZoneRevision, ZoneStatus
from layers.permissions import (
    AnyUser,
    is_unit_scoped,
    is_zone_decider,
    may_edit_zones,
    units_editable_by,
    units_within_scope,
    zone_content_editable_by,
    zone_creatable_by,
)
from layers.services import zone_attach_parcels
from layers.visibility import zones_readable_by
from layers.zone_checks import OUTSIDE_UNITS, ZoneCandidate, ZoneProblem, geometry_area_ha, units_reached, zone_problems
from layers.zone_codes import code_next

# What an editor may set; `code` only deciders may change, `status` only the workflow.
EDITABLE_FIELDS = ("name", "crop", "variety", "declared_area_ha", "holder", "representative", "households",
                   "markets", "standards", "valid_from", "valid_until", "is_illustrative")
SNAPSHOT_FIELDS = (*EDITABLE_FIELDS, "code", "status")


@dataclass(frozen=True)
class ZoneSaved:
    zone: CultivationZone
    warnings: tuple[ZoneProblem, ...] = ()


@dataclass(frozen=True)
class ZoneCheckResult:
    problems: tuple[ZoneProblem, ...]
    warnings: tuple[ZoneProblem, ...]
    area_ha: float | None
    units: tuple[AdminUnit, ...]


def _json_value(zone: CultivationZone, name: str) -> object:
    value = getattr(zone, name)
    if isinstance(value, Decimal):
        # As the column holds it ("4.50", never "4.5"), so that a value read back compares equal.
        places = zone._meta.get_field(name).decimal_places  # type: ignore[union-attr]
        return str(value.quantize(Decimal(1).scaleb(-places)))
    if isinstance(value, dt.date):
        return value.isoformat()
    return list(value) if isinstance(value, list | tuple) else value


def zone_snapshot(zone: CultivationZone) -> dict[str, Any]:
    """The zone's attributes as JSON, as revisions keep them (migration 0004 writes the same keys)."""
    snapshot = {name: _json_value(zone, name) for name in SNAPSHOT_FIELDS}
    snapshot["units"] = sorted(zone.units.values_list("pk", flat=True)) if zone.pk else []
    return snapshot


# --- reading, locking and comparing versions ---------------------------------------------------

def _visible_zone(*, user: AnyUser, zone_id: int, lock: bool = False) -> CultivationZone:
    zones = zones_readable_by(user)
    zone = (zones.select_for_update() if lock else zones).filter(pk=zone_id).first()
    if zone is None:
        raise ZoneNotFound(_("There is no zone %(id)s.") % {"id": zone_id})
    return zone


def _check_version(zone: CultivationZone, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != zone.version:
        raise ZoneVersionConflict(
            _("The zone has changed since you opened it: you edited version %(yours)s, it is now at version "
              "%(current)s.") % {"yours": expected_version, "current": zone.version}, current=zone)


# --- attributes ------------------------------------------------------------------------------

def _apply_code(zone: CultivationZone, value: object, *, user: AnyUser) -> None:
    try:
        code = normalise_code(str(value)) if value is not None else None
    except EmptyCode:
        code = None
    if code != zone.code and not is_zone_decider(user):
        raise NotPermitted(_("Only approvers give or change planting-area codes."))
    zone.code = code


# The JSON types each attribute may arrive as (None always may); Django's cleaning takes it from there,
# but some of its fields fail with a TypeError, not a ValidationError, on a value of another type.
_TEXT: tuple[type, ...] = (str,)
_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "name": _TEXT, "crop": _TEXT, "variety": _TEXT, "holder": _TEXT, "representative": _TEXT, "code": _TEXT,
    "declared_area_ha": (int, float, str, Decimal), "households": (int,), "markets": (list, tuple),
    "standards": (list, tuple), "valid_from": (str, dt.date), "valid_until": (str, dt.date), "is_illustrative": (bool,),
}


def _mistyped(attributes: Mapping[str, object]) -> list[str]:
    def wrong(name: str, value: object) -> bool:
        kinds = _JSON_TYPES[name]
        return not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds)

    return [name for name, value in attributes.items() if name in _JSON_TYPES and value is not None
            and wrong(name, value)]


def _apply(zone: CultivationZone, attributes: Mapping[str, object], *, user: AnyUser) -> list[ZoneProblem]:
    """Set every editable field from `attributes` (absent ones to their default, as a PUT replaces)."""
    problems = [ZoneProblem("unknown_property", _("There is no property %(name)s.") % {"name": name}, field=name)
                for name in sorted(set(attributes) - set(SNAPSHOT_FIELDS))]
    mistyped = _mistyped(attributes)
    problems += [ZoneProblem("invalid_type", _("This value has the wrong type."), field=name) for name in mistyped]
    if "status" in attributes and attributes["status"] != zone.status:
        problems.append(ZoneProblem("read_only", _("The status changes only through submit, approve and the other "
                                                   "workflow steps."), field="status"))
    if "code" in attributes and "code" not in mistyped:
        _apply_code(zone, attributes["code"], user=user)
    for name in EDITABLE_FIELDS:
        field = zone._meta.get_field(name)
        value = None if name in mistyped else attributes.get(name)
        if value is None and not field.null:  # type: ignore[union-attr]
            value = field.get_default()  # type: ignore[union-attr]
        setattr(zone, name, value)
    return problems


def _field_problems(zone: CultivationZone) -> list[ZoneProblem]:
    try:
        zone.full_clean(exclude=["geometry", "units", "parcels"])
    except ValidationError as error:
        return [ZoneProblem(item.code or "invalid", message, field=None if name == NON_FIELD_ERRORS else name)
                for name, items in error.error_dict.items() for item in items for message in item.messages]
    return []


# --- checks ----------------------------------------------------------------------------------

def _problems(zone: CultivationZone, *, user: AnyUser) -> tuple[list[ZoneProblem], list[ZoneProblem]]:
    """(blocking, advisory) problems of the zone as it is in memory, seen by `user`."""
    visible = zones_readable_by(user)
    scope = list(units_editable_by(user).values_list("pk", flat=True)) if is_unit_scoped(user) else None
    declared = zone.declared_area_ha if isinstance(zone.declared_area_ha, Decimal) else None
    candidate = ZoneCandidate(geometry=zone.geometry, crop=str(zone.crop), declared_area_ha=declared,
                              zone_id=zone.pk)
    found = zone_problems(candidate, scope_unit_ids=scope,
                          may_name=lambda zone_id: visible.filter(pk=zone_id).exists())
    return [p for p in found if p.blocking], [p for p in found if not p.blocking]


def _checked(zone: CultivationZone, *, user: AnyUser, problems: Sequence[ZoneProblem] = ()) -> tuple[ZoneProblem, ...]:
    """Raise ZoneInvalid for `problems` and any blocking check; otherwise return the warnings."""
    blocking, warnings = _problems(zone, user=user)
    if problems or blocking:
        raise ZoneInvalid([*problems, *blocking], warnings)
    return tuple(warnings)


def _units_for(geometry: MultiPolygon, *, user: AnyUser) -> list[int]:
    """The units the boundary reaches; extension staff may only save zones wholly within theirs."""
    unit_ids = units_reached(geometry, sliver_m2=float(settings.ZONE_SLIVER_M2))
    if is_unit_scoped(user) and not units_within_scope(user, unit_ids):
        raise ZoneInvalid([ZoneProblem(OUTSIDE_UNITS, _("The zone reaches administrative units you do not "
                                                        "serve; redraw it inside yours, or ask an approver."))])
    return unit_ids


# --- saving ----------------------------------------------------------------------------------

def zone_revision_record(*, zone: CultivationZone, user: AnyUser, action: ZoneAction, reason: str = "",
                         reverted_to: int | None = None) -> ZoneRevision:
    """Record the zone as it now stands, at its current version."""
    known = user if user.is_authenticated else None
    return ZoneRevision.objects.create(
        zone=zone, version=zone.version, action=action, user_id=getattr(known, "pk", None),
        username=getattr(known, "username", ""),
        reason=reason, reverted_to=reverted_to, attributes=zone_snapshot(zone), geometry=zone.geometry)


def _save(zone: CultivationZone, *, user: AnyUser, action: ZoneAction, unit_ids: Sequence[int] | None = None,
          reason: str = "", reverted_to: int | None = None) -> None:
    """Write the next version; `unit_ids` (derived from a new boundary) replace the units when given."""
    zone.version = zone.version + 1 if zone.pk else 1
    zone.save()
    if unit_ids is not None:
        zone.units.set(unit_ids)
    if zone.geometry is not None and unit_ids is not None:
        zone_attach_parcels(zone=zone)
    zone_revision_record(zone=zone, user=user, action=action, reason=reason, reverted_to=reverted_to)


def _save_edit(zone: CultivationZone, *, user: AnyUser, problems: list[ZoneProblem], action: ZoneAction,
               units_without_geometry: Sequence[int] | None = None, **record: Any) -> ZoneSaved:
    """Check and save a changed boundary or attributes; a zone without a boundary (an old version being
    restored) takes `units_without_geometry`, since there is nothing to derive its units from."""
    warnings = _checked(zone, user=user, problems=[*problems, *_field_problems(zone)])
    unit_ids = _units_for(zone.geometry, user=user) if zone.geometry is not None else units_without_geometry
    _save(zone, user=user, action=action, unit_ids=unit_ids, **record)
    return ZoneSaved(zone=zone, warnings=warnings)


@transaction.atomic
def zone_create(*, user: AnyUser, attributes: Mapping[str, object], geometry: MultiPolygon) -> ZoneSaved:
    """A new draft zone drawn by `user`; its units are those its boundary reaches."""
    if not zone_creatable_by(user):
        raise NotPermitted(_("You may not create cultivation zones."))
    zone = CultivationZone(status=ZoneStatus.DRAFT, geometry=geometry)
    problems = _apply(zone, attributes, user=user)
    return _save_edit(zone, user=user, problems=problems, action=ZoneAction.CREATE)


@transaction.atomic
def zone_update(*, user: AnyUser, zone_id: int, expected_version: int, attributes: Mapping[str, object],
                geometry: MultiPolygon) -> ZoneSaved:
    """Replace the zone's boundary and attributes, if it is still at `expected_version`.

    Raises ZoneVersionConflict, carrying the zone as it now stands, when someone saved in between.
    """
    zone = _visible_zone(user=user, zone_id=zone_id, lock=True)
    if not zone_content_editable_by(user, zone):
        raise NotPermitted(_("You may not edit this zone."))
    _check_version(zone, expected_version)
    zone.geometry = geometry
    problems = _apply(zone, attributes, user=user)
    return _save_edit(zone, user=user, problems=problems, action=ZoneAction.UPDATE)


@transaction.atomic
def zone_revert(*, user: AnyUser, zone_id: int, to_version: int, reason: str = "",
                expected_version: int | None = None) -> ZoneSaved:
    """Restore the boundary and attributes of an earlier version as a new version (deciders only).

    The status and the code stay as they are: the workflow moves only forward, through its own steps.
    """
    zone = _visible_zone(user=user, zone_id=zone_id, lock=True)
    if not is_zone_decider(user):
        raise NotPermitted(_("Only approvers and administrators may revert a zone."))
    _check_version(zone, expected_version)
    revision = zone.revisions.filter(version=to_version).first()
    if revision is None or to_version == zone.version:
        message = _("Version %(version)s is not an earlier version of this zone.") % {"version": to_version}
        raise ZoneInvalid([ZoneProblem("unknown_version", message, field="to_version")])
    saved = revision.attributes
    zone.geometry = revision.geometry
    problems = _apply(zone, {name: saved[name] for name in EDITABLE_FIELDS if name in saved}, user=user)
    unit_ids = AdminUnit.objects.filter(pk__in=saved.get("units", [])).values_list("pk", flat=True)
    return _save_edit(zone, user=user, problems=problems, action=ZoneAction.REVERT, reason=reason.strip(),
                      reverted_to=to_version, units_without_geometry=list(unit_ids))


def zone_check(*, user: AnyUser, attributes: Mapping[str, object], geometry: MultiPolygon,
               zone_id: int | None = None) -> ZoneCheckResult:
    """Every problem that saving this boundary and these attributes would meet, without saving.

    With `zone_id`, they are checked as an edit of that zone (which does not overlap itself).
    """
    if not may_edit_zones(user):
        raise NotPermitted(_("You may not edit cultivation zones."))
    zone = _visible_zone(user=user, zone_id=zone_id) if zone_id is not None else CultivationZone()
    zone.geometry = geometry
    problems = _apply(zone, attributes, user=user) + _field_problems(zone)
    blocking, warnings = _problems(zone, user=user)
    measurable = geometry.valid and not geometry.empty  # overlays of an invalid boundary fail
    unit_ids = units_reached(geometry, sliver_m2=float(settings.ZONE_SLIVER_M2)) if measurable else []
    area = geometry_area_ha(geometry) if measurable else None
    return ZoneCheckResult(problems=(*problems, *blocking), warnings=tuple(warnings), area_ha=area,
                           units=tuple(AdminUnit.objects.filter(pk__in=unit_ids).order_by("name")))


# --- the workflow ----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Step:
    target: ZoneStatus
    sources: frozenset[str]
    needs_reason: bool = False
    # Submitting and approving check the zone again: another zone may have been submitted meanwhile.
    checks: bool = False


_STEPS: dict[ZoneAction, _Step] = {
    ZoneAction.SUBMIT: _Step(ZoneStatus.SUBMITTED, frozenset({ZoneStatus.DRAFT}), checks=True),
    ZoneAction.APPROVE: _Step(ZoneStatus.APPROVED, frozenset({ZoneStatus.SUBMITTED}), checks=True),
    ZoneAction.REJECT: _Step(ZoneStatus.DRAFT, frozenset({ZoneStatus.SUBMITTED}), needs_reason=True),
    ZoneAction.SUSPEND: _Step(ZoneStatus.SUSPENDED, frozenset({ZoneStatus.APPROVED}), needs_reason=True),
    ZoneAction.REINSTATE: _Step(ZoneStatus.APPROVED, frozenset({ZoneStatus.SUSPENDED})),
    ZoneAction.REVOKE: _Step(ZoneStatus.REVOKED, frozenset({ZoneStatus.APPROVED, ZoneStatus.SUSPENDED}),
                             needs_reason=True),
}


def _may_take(user: AnyUser, action: ZoneAction, zone: CultivationZone) -> bool:
    if action == ZoneAction.SUBMIT:
        return zone_content_editable_by(user, zone)
    return is_zone_decider(user)


@transaction.atomic
def _take_step(action: ZoneAction, *, user: AnyUser, zone_id: int, reason: str = "",
               expected_version: int | None = None) -> ZoneSaved:
    step = _STEPS[action]
    zone = _visible_zone(user=user, zone_id=zone_id, lock=True)
    if not _may_take(user, action, zone):
        raise NotPermitted(_("You may not submit this zone.") if action == ZoneAction.SUBMIT
                           else _("Only approvers and administrators decide on zones."))
    _check_version(zone, expected_version)
    if zone.status not in step.sources:
        raise TransitionNotAllowed(_("This zone is %(status)s; it cannot be %(action)s.")
                                   % {"status": zone.get_status_display(), "action": action.label})
    if step.needs_reason and not reason.strip():
        raise ZoneInvalid([ZoneProblem("reason_required", _("Give the reason; the zone's holder will read it."),
                                       field="reason")])
    warnings = _checked(zone, user=user) if step.checks else ()
    zone.status = step.target
    if action == ZoneAction.APPROVE and not zone.code:
        zone.code = code_next()
    _save(zone, user=user, action=action, reason=reason.strip())
    return ZoneSaved(zone=zone, warnings=warnings)


def zone_submit(*, user: AnyUser, zone_id: int, expected_version: int | None = None) -> ZoneSaved:
    """Draft → submitted, by whoever may edit the zone; the blocking checks run again."""
    return _take_step(ZoneAction.SUBMIT, user=user, zone_id=zone_id, expected_version=expected_version)


def zone_approve(*, user: AnyUser, zone_id: int, expected_version: int | None = None) -> ZoneSaved:
    """Submitted → approved, by a decider; a zone without a code gets the next one of ZONE_CODE_PATTERN."""
    return _take_step(ZoneAction.APPROVE, user=user, zone_id=zone_id, expected_version=expected_version)


def zone_reject(*, user: AnyUser, zone_id: int, reason: str, expected_version: int | None = None) -> ZoneSaved:
    """Submitted → draft, by a decider, with the reason the officer must address."""
    return _take_step(ZoneAction.REJECT, user=user, zone_id=zone_id, reason=reason,
                      expected_version=expected_version)


def zone_suspend(*, user: AnyUser, zone_id: int, reason: str, expected_version: int | None = None) -> ZoneSaved:
    """Approved → suspended, by a decider, with a reason."""
    return _take_step(ZoneAction.SUSPEND, user=user, zone_id=zone_id, reason=reason,
                      expected_version=expected_version)


def zone_reinstate(*, user: AnyUser, zone_id: int, reason: str = "",
                   expected_version: int | None = None) -> ZoneSaved:
    """Suspended → approved again, by a decider; the code is kept."""
    return _take_step(ZoneAction.REINSTATE, user=user, zone_id=zone_id, reason=reason,
                      expected_version=expected_version)


def zone_revoke(*, user: AnyUser, zone_id: int, reason: str, expected_version: int | None = None) -> ZoneSaved:
    """Approved or suspended → revoked for good, by a decider, with a reason."""
    return _take_step(ZoneAction.REVOKE, user=user, zone_id=zone_id, reason=reason,
                      expected_version=expected_version)


def zone_action_for(*, created: bool, previous_status: str | None, status: str) -> ZoneAction:
    """The action a direct save (the admin's) amounts to, for the history."""
    if created:
        return ZoneAction.CREATE
    if previous_status == status:
        return ZoneAction.UPDATE
    if previous_status == ZoneStatus.SUSPENDED and status == ZoneStatus.APPROVED:
        return ZoneAction.REINSTATE
    by_target = {ZoneStatus.SUBMITTED: ZoneAction.SUBMIT, ZoneStatus.APPROVED: ZoneAction.APPROVE,
                 ZoneStatus.DRAFT: ZoneAction.REJECT, ZoneStatus.SUSPENDED: ZoneAction.SUSPEND,
                 ZoneStatus.REVOKED: ZoneAction.REVOKE}
    return by_target.get(ZoneStatus(status), ZoneAction.UPDATE)


def zone_version_next(*, zone: CultivationZone) -> None:
    """Before a direct save of `zone` (the admin's): lock its row and give it the next version."""
    if zone.pk is None:
        zone.version = 1
        return
    current = CultivationZone.objects.select_for_update().values_list("version", flat=True).get(pk=zone.pk)
    zone.version = current + 1
