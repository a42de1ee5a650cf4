"""The zone life cycle through the services: who takes which step, codes on approval, reasons, revert, history."""

import pytest
from django.contrib.auth.models import AbstractUser
from pytest_django.fixtures import Settings

from layers.errors import NotPermitted, TransitionNotAllowed, ZoneInvalid, ZoneNotFound, ZoneVersionConflict
from layers.models import AdminUnit, CultivationZone, Role, ZoneAction, ZoneStatus
from layers.selectors import zone_history
from layers.zone_services import (
    zone_approve,
    zone_create,
    zone_reinstate,
    zone_reject,
    zone_revert,
    zone_revoke,
    zone_submit,
    zone_suspend,
    zone_update,
)
from tests.layers.zone_fixtures import Square, UserFor, coffee

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(draft_a: CultivationZone, staff_a: AbstractUser) -> CultivationZone:
    return zone_submit(user=staff_a, zone_id=draft_a.pk).zone


@pytest.fixture
def approved(submitted: CultivationZone, approver: AbstractUser) -> CultivationZone:
    return zone_approve(user=approver, zone_id=submitted.pk).zone


def status_of(zone: CultivationZone) -> str:
    return CultivationZone.objects.get(pk=zone.pk).status


# Submitting and approving -----------------------------------------------------------------------

def test_staff_submit_and_cannot_approve(submitted: CultivationZone, staff_a: AbstractUser) -> None:
    assert (status_of(submitted), submitted.version) == (ZoneStatus.SUBMITTED, 2)
    with pytest.raises(NotPermitted):
        zone_approve(user=staff_a, zone_id=submitted.pk)
    assert status_of(submitted) == ZoneStatus.SUBMITTED


def test_approval_assigns_the_first_code(approved: CultivationZone) -> None:
    zone = CultivationZone.objects.get(pk=approved.pk)
    assert (zone.status, zone.code, zone.version) == (ZoneStatus.APPROVED, "VN-GLOR-0001", 3)


def test_the_next_code_follows_the_highest_of_the_pattern(
    staff_a: AbstractUser, approver: AbstractUser, square: Square, commune_a: AdminUnit
) -> None:
    CultivationZone.objects.create(name="Cũ", crop="coffee", status=ZoneStatus.REVOKED, code="VN-GLOR-0065")
    CultivationZone.objects.create(name="Lâm Đồng", crop="coffee", status=ZoneStatus.APPROVED, code="VN-LDOR-0117")
    first = zone_create(user=staff_a, attributes=coffee(), geometry=square(100, 100, 200)).zone
    second = zone_create(user=staff_a, attributes=coffee(), geometry=square(400, 100, 200)).zone
    for zone in (first, second):
        zone_submit(user=staff_a, zone_id=zone.pk)
        zone_approve(user=approver, zone_id=zone.pk)
    assert [CultivationZone.objects.get(pk=z.pk).code for z in (first, second)] == ["VN-GLOR-0066", "VN-GLOR-0067"]


def test_approval_keeps_an_existing_code(submitted: CultivationZone, approver: AbstractUser) -> None:
    CultivationZone.objects.filter(pk=submitted.pk).update(code="VN-GLOR-0050")
    zone = zone_approve(user=approver, zone_id=submitted.pk).zone
    assert zone.code == "VN-GLOR-0050"


def test_the_code_pattern_is_a_setting(submitted: CultivationZone, approver: AbstractUser,
                                       settings: Settings) -> None:
    settings.ZONE_CODE_PATTERN = "VN-GLPH-{sequence:03d}"
    assert zone_approve(user=approver, zone_id=submitted.pk).zone.code == "VN-GLPH-001"


def test_approving_a_draft_is_not_a_step_of_the_life_cycle(draft_a: CultivationZone,
                                                           approver: AbstractUser) -> None:
    with pytest.raises(TransitionNotAllowed):
        zone_approve(user=approver, zone_id=draft_a.pk)
    assert status_of(draft_a) == ZoneStatus.DRAFT


def test_submitting_checks_again_against_zones_submitted_meanwhile(
    draft_a: CultivationZone, staff_a: AbstractUser, square: Square
) -> None:
    rival = zone_create(user=staff_a, attributes=coffee(name="Vùng kề"), geometry=square(200, 100, 200)).zone
    zone_submit(user=staff_a, zone_id=rival.pk)  # two drafts may overlap; the second to be submitted may not
    with pytest.raises(ZoneInvalid) as error:
        zone_submit(user=staff_a, zone_id=draft_a.pk)
    assert [p.code for p in error.value.problems] == ["overlap"]
    assert status_of(draft_a) == ZoneStatus.DRAFT


@pytest.mark.parametrize("role", [Role.PLANNER, Role.TOURISM_PROMOTER])
def test_readers_cannot_take_any_step(approved: CultivationZone, role: Role, user_for: UserFor) -> None:
    reader = user_for(role)
    for step in (zone_suspend, zone_revoke):
        with pytest.raises(NotPermitted):
            step(user=reader, zone_id=approved.pk, reason="x")


def test_a_stale_step_is_refused_when_a_version_is_given(submitted: CultivationZone, approver: AbstractUser) -> None:
    with pytest.raises(ZoneVersionConflict):
        zone_approve(user=approver, zone_id=submitted.pk, expected_version=1)
    assert zone_approve(user=approver, zone_id=submitted.pk, expected_version=2).zone.version == 3


# Decisions with reasons -------------------------------------------------------------------------

def test_rejecting_needs_a_reason(submitted: CultivationZone, approver: AbstractUser) -> None:
    with pytest.raises(ZoneInvalid) as error:
        zone_reject(user=approver, zone_id=submitted.pk, reason="   ")
    assert [(p.code, p.field) for p in error.value.problems] == [("reason_required", "reason")]
    zone = zone_reject(user=approver, zone_id=submitted.pk, reason="Ranh giới lấn sang đất rừng.").zone
    assert status_of(zone) == ZoneStatus.DRAFT
    revision = zone.revisions.get(version=zone.version)
    assert (revision.action, revision.reason, revision.user) == (ZoneAction.REJECT, "Ranh giới lấn sang đất rừng.",
                                                                 approver)


def test_suspend_reinstate_revoke(approved: CultivationZone, approver: AbstractUser) -> None:
    with pytest.raises(ZoneInvalid):
        zone_suspend(user=approver, zone_id=approved.pk, reason="")
    zone_suspend(user=approver, zone_id=approved.pk, reason="Dư lượng thuốc BVTV vượt ngưỡng.")
    assert status_of(approved) == ZoneStatus.SUSPENDED
    zone_reinstate(user=approver, zone_id=approved.pk)
    assert status_of(approved) == ZoneStatus.APPROVED
    zone_suspend(user=approver, zone_id=approved.pk, reason="Lần hai.")
    zone = zone_revoke(user=approver, zone_id=approved.pk, reason="Không khắc phục.").zone
    assert (status_of(zone), CultivationZone.objects.get(pk=zone.pk).code) == (ZoneStatus.REVOKED, "VN-GLOR-0001")
    for step in (zone_reinstate, zone_suspend):
        with pytest.raises(TransitionNotAllowed):
            step(user=approver, zone_id=approved.pk, reason="x")


def test_reinstating_is_only_for_suspended_zones(submitted: CultivationZone, approver: AbstractUser) -> None:
    with pytest.raises(TransitionNotAllowed):
        zone_reinstate(user=approver, zone_id=submitted.pk)


def test_staff_cannot_suspend_or_revoke(approved: CultivationZone, staff_a: AbstractUser) -> None:
    for step in (zone_suspend, zone_revoke):
        with pytest.raises(NotPermitted):
            step(user=staff_a, zone_id=approved.pk, reason="x")


def test_administrators_take_every_step(draft_a: CultivationZone, administrator: AbstractUser) -> None:
    zone_submit(user=administrator, zone_id=draft_a.pk)
    zone_approve(user=administrator, zone_id=draft_a.pk)
    zone_revoke(user=administrator, zone_id=draft_a.pk, reason="Thử.")
    assert status_of(draft_a) == ZoneStatus.REVOKED


# Revert -----------------------------------------------------------------------------------------

def test_an_approver_reverts_to_an_old_version_as_a_new_version(
    approved: CultivationZone, approver: AbstractUser, square: Square
) -> None:
    zone_update(user=approver, zone_id=approved.pk, expected_version=3, attributes=coffee(name="Sai"),
                geometry=square(100, 100, 300))
    saved = zone_revert(user=approver, zone_id=approved.pk, to_version=1, reason="Sửa nhầm.")
    zone = CultivationZone.objects.get(pk=approved.pk)
    assert (zone.version, zone.name, zone.status, zone.code) == (5, "Vùng cà phê Biển Hồ", ZoneStatus.APPROVED,
                                                                 "VN-GLOR-0001")
    assert zone.area_ha == pytest.approx(4.0, abs=1e-4)
    revision = zone.revisions.get(version=5)
    assert (revision.action, revision.reverted_to, revision.reason) == (ZoneAction.REVERT, 1, "Sửa nhầm.")
    assert saved.zone.pk == zone.pk


def test_staff_cannot_revert(draft_a: CultivationZone, staff_a: AbstractUser, square: Square) -> None:
    zone_update(user=staff_a, zone_id=draft_a.pk, expected_version=1, attributes=coffee(name="Hai"),
                geometry=square(100, 100, 200))
    with pytest.raises(NotPermitted):
        zone_revert(user=staff_a, zone_id=draft_a.pk, to_version=1)


@pytest.mark.parametrize("version", [1, 7])
def test_only_an_earlier_existing_version_can_be_restored(draft_a: CultivationZone, approver: AbstractUser,
                                                          version: int) -> None:
    with pytest.raises(ZoneInvalid) as error:
        zone_revert(user=approver, zone_id=draft_a.pk, to_version=version)
    assert error.value.problems[0].field == "to_version"


def test_a_revert_is_checked_like_an_edit(approved: CultivationZone, approver: AbstractUser, staff_a: AbstractUser,
                                          square: Square) -> None:
    zone_update(user=approver, zone_id=approved.pk, expected_version=3, attributes=coffee(),
                geometry=square(700, 100, 200))
    neighbour = zone_create(user=staff_a, attributes=coffee(name="Mới"), geometry=square(150, 100, 200)).zone
    zone_submit(user=staff_a, zone_id=neighbour.pk)
    with pytest.raises(ZoneInvalid) as error:  # the old boundary now overlaps the neighbour
        zone_revert(user=approver, zone_id=approved.pk, to_version=1)
    assert [p.code for p in error.value.problems] == ["overlap"]


# History ----------------------------------------------------------------------------------------

def test_history_lists_who_when_and_what(approved: CultivationZone, staff_a: AbstractUser, approver: AbstractUser,
                                         square: Square) -> None:
    zone_update(user=approver, zone_id=approved.pk, expected_version=3, attributes=coffee(holder="Công ty A"),
                geometry=square(100, 100, 200))
    entries = zone_history(user=approver, zone_id=approved.pk)
    summary = [(e.revision.version, e.revision.action, e.revision.username, e.changed) for e in entries]
    assert summary == [
        (1, ZoneAction.CREATE, staff_a.username, ()),
        (2, ZoneAction.SUBMIT, staff_a.username, ("status",)),
        (3, ZoneAction.APPROVE, approver.username, ("code", "status")),
        (4, ZoneAction.UPDATE, approver.username, ("holder",)),
    ]
    times = [e.revision.recorded_at for e in entries]
    assert times == sorted(times)


def test_a_moved_boundary_shows_in_the_history(draft_a: CultivationZone, staff_a: AbstractUser,
                                               square: Square) -> None:
    zone_update(user=staff_a, zone_id=draft_a.pk, expected_version=1, attributes=coffee(),
                geometry=square(110, 100, 200))
    assert zone_history(user=staff_a, zone_id=draft_a.pk)[-1].changed == ("geometry",)


def test_history_is_for_those_who_work_on_the_zone(approved: CultivationZone, staff_b: AbstractUser,
                                                   user_for: UserFor, draft_a: CultivationZone) -> None:
    for reader in (staff_b, user_for(Role.PLANNER)):
        with pytest.raises(NotPermitted):  # they see the approved zone, not how it was drafted
            zone_history(user=reader, zone_id=approved.pk)


def test_a_draft_history_is_hidden_from_other_units(draft_a: CultivationZone, staff_b: AbstractUser) -> None:
    with pytest.raises(ZoneNotFound):
        zone_history(user=staff_b, zone_id=draft_a.pk)


def test_a_number_given_as_json_is_not_a_change_once_stored(staff_a: AbstractUser, approver: AbstractUser,
                                                             square: Square) -> None:
    zone = zone_create(user=staff_a, attributes=coffee(declared_area_ha=4.5), geometry=square(100, 100, 200)).zone
    zone_submit(user=staff_a, zone_id=zone.pk)  # re-read from the database: 4.50
    created, submitted = zone_history(user=approver, zone_id=zone.pk)
    assert created.revision.attributes["declared_area_ha"] == "4.50"
    assert submitted.changed == ("status",)
