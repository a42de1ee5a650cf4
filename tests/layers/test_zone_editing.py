"""Creating and editing zones through the services: who may, within which units, and what is recorded."""


import pytest
from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.db import connection

from layers.errors import NotPermitted, ZoneInvalid, ZoneNotFound, ZoneVersionConflict
from layers.models import AdminUnit, CultivationZone, Parcel, Role, ZoneAction, ZoneStatus
from layers.zone_checks import OUTSIDE_UNITS
from layers.zone_services import zone_approve, zone_check, zone_create, zone_submit, zone_update
from tests.layers.zone_fixtures import Square, UserFor, coffee

pytestmark = pytest.mark.django_db


def codes(error: pytest.ExceptionInfo[ZoneInvalid]) -> list[str]:
    return [problem.code for problem in error.value.problems]


# Creating ---------------------------------------------------------------------------------------

def test_staff_create_a_draft_in_their_unit_at_version_1(staff_a: AbstractUser, commune_a: AdminUnit,
                                                        square: Square) -> None:
    saved = zone_create(user=staff_a, attributes=coffee(variety="TR4"), geometry=square(100, 100, 200))
    zone = CultivationZone.objects.get(pk=saved.zone.pk)
    assert (zone.status, zone.version, zone.code, zone.variety) == (ZoneStatus.DRAFT, 1, None, "TR4")
    assert zone.area_ha == pytest.approx(4.0, abs=1e-4)
    assert list(zone.units.all()) == [commune_a]
    (revision,) = zone.revisions.all()
    assert (revision.version, revision.action, revision.user, revision.username) == (
        1, ZoneAction.CREATE, staff_a, staff_a.username)
    assert revision.attributes["holder"] == "HTX Biển Hồ" and revision.attributes["units"] == [commune_a.pk]
    assert revision.geometry.equals_exact(zone.geometry, 1e-12)


def test_the_units_follow_the_boundary_and_the_parcels_are_attached(
    administrator: AbstractUser, commune_a: AdminUnit, commune_b: AdminUnit, square: Square
) -> None:
    inside = Parcel.objects.create(unit=commune_b, sheet_number=1, parcel_number=1, land_use="CLN",
                                   geometry=square(2010, 110, 50))
    outside = Parcel.objects.create(unit=commune_b, sheet_number=1, parcel_number=2, land_use="CLN",
                                    geometry=square(2500, 110, 50))
    zone = zone_create(user=administrator, attributes=coffee(), geometry=square(1900, 100, 200)).zone
    assert set(zone.units.all()) == {commune_a, commune_b}
    assert list(zone.parcels.all()) == [inside]
    assert outside not in zone.parcels.all()


def test_staff_cannot_create_a_zone_reaching_into_another_unit(staff_a: AbstractUser, commune_b: AdminUnit,
                                                              square: Square) -> None:
    with pytest.raises(ZoneInvalid) as error:
        zone_create(user=staff_a, attributes=coffee(), geometry=square(1900, 100, 200))
    (outside,) = [p for p in error.value.problems if p.code == OUTSIDE_UNITS]
    assert outside.geometry is not None
    with pytest.raises(ZoneInvalid):
        zone_create(user=staff_a, attributes=coffee(), geometry=square(2100, 100, 200))  # wholly in B
    assert not CultivationZone.objects.exists()


@pytest.mark.parametrize("role", [Role.PLANNER, Role.TOURISM_PROMOTER, Role.APPROVER])
def test_roles_that_do_not_draw_zones_cannot_create(role: Role, user_for: UserFor, commune_a: AdminUnit,
                                                    square: Square) -> None:
    with pytest.raises(NotPermitted):
        zone_create(user=user_for(role), attributes=coffee(), geometry=square(100, 100, 200))


def test_anonymous_users_cannot_create(commune_a: AdminUnit, square: Square) -> None:
    with pytest.raises(NotPermitted):
        zone_create(user=AnonymousUser(), attributes=coffee(), geometry=square(100, 100, 200))


def test_field_errors_name_their_field(staff_a: AbstractUser, square: Square) -> None:
    with pytest.raises(ZoneInvalid) as error:
        zone_create(user=staff_a, attributes=coffee(name="", crop="tobacco", colour="red"),
                    geometry=square(100, 100, 200))
    fields = {problem.field: problem.code for problem in error.value.problems}
    assert fields == {"name": "blank", "crop": "invalid_choice", "colour": "unknown_property"}


def test_staff_cannot_give_a_code(staff_a: AbstractUser, square: Square) -> None:
    with pytest.raises(NotPermitted):
        zone_create(user=staff_a, attributes=coffee(code="VN-GLOR-0999"), geometry=square(100, 100, 200))


def test_the_status_is_not_an_attribute(staff_a: AbstractUser, square: Square) -> None:
    with pytest.raises(ZoneInvalid) as error:
        zone_create(user=staff_a, attributes=coffee(status="approved"), geometry=square(100, 100, 200))
    assert codes(error) == ["read_only"]


# Seeing and editing -----------------------------------------------------------------------------

def test_staff_of_another_unit_can_neither_see_nor_edit_a_draft(draft_a: CultivationZone, staff_b: AbstractUser,
                                                               square: Square) -> None:
    with pytest.raises(ZoneNotFound):
        zone_update(user=staff_b, zone_id=draft_a.pk, expected_version=1, attributes=coffee(),
                    geometry=square(100, 100, 200))
    with pytest.raises(ZoneNotFound):
        zone_submit(user=staff_b, zone_id=draft_a.pk)
    with pytest.raises(ZoneNotFound):
        zone_check(user=staff_b, zone_id=draft_a.pk, attributes=coffee(), geometry=square(2100, 100, 200))


def test_an_edit_is_the_next_version_and_records_what_changed(draft_a: CultivationZone, staff_a: AbstractUser,
                                                             square: Square) -> None:
    saved = zone_update(user=staff_a, zone_id=draft_a.pk, expected_version=1, attributes=coffee(name="Đồi chè"),
                        geometry=square(100, 100, 250))
    zone = CultivationZone.objects.get(pk=draft_a.pk)
    assert (zone.version, zone.name) == (2, "Đồi chè")
    assert zone.area_ha == pytest.approx(6.25, abs=1e-4)
    assert [(r.version, r.action) for r in zone.revisions.all()] == [(1, ZoneAction.CREATE), (2, ZoneAction.UPDATE)]
    assert [p.code for p in saved.warnings] == ["area_mismatch"]  # 6.25 ha mapped, 4 declared


def test_a_stale_version_is_a_conflict_carrying_the_current_zone(draft_a: CultivationZone, staff_a: AbstractUser,
                                                                 square: Square) -> None:
    zone_update(user=staff_a, zone_id=draft_a.pk, expected_version=1, attributes=coffee(name="Lần một"),
                geometry=square(100, 100, 200))
    with pytest.raises(ZoneVersionConflict) as error:
        zone_update(user=staff_a, zone_id=draft_a.pk, expected_version=1, attributes=coffee(name="Lần hai"),
                    geometry=square(100, 100, 200))
    assert (error.value.current.version, error.value.current.name) == (2, "Lần một")
    assert CultivationZone.objects.get(pk=draft_a.pk).name == "Lần một"


def test_a_put_replaces_every_attribute(draft_a: CultivationZone, staff_a: AbstractUser, square: Square) -> None:
    zone_update(user=staff_a, zone_id=draft_a.pk, expected_version=1,
                attributes={"name": "Chỉ tên", "crop": "tea", "declared_area_ha": None}, geometry=square(100, 100, 200))
    zone = CultivationZone.objects.get(pk=draft_a.pk)
    assert (zone.holder, zone.crop, zone.declared_area_ha, zone.markets) == ("", "tea", None, [])


def test_staff_cannot_edit_an_approved_zone_but_an_approver_can(draft_a: CultivationZone, staff_a: AbstractUser,
                                                                approver: AbstractUser, square: Square) -> None:
    zone_submit(user=staff_a, zone_id=draft_a.pk)
    zone_approve(user=approver, zone_id=draft_a.pk)
    with pytest.raises(NotPermitted):
        zone_update(user=staff_a, zone_id=draft_a.pk, expected_version=3, attributes=coffee(),
                    geometry=square(100, 100, 200))
    saved = zone_update(user=approver, zone_id=draft_a.pk, expected_version=3, attributes=coffee(name="Sửa"),
                        geometry=square(100, 100, 200))
    assert (saved.zone.version, saved.zone.code) == (4, "VN-GLOR-0001")  # the code stays when not sent


def test_staff_cannot_move_a_zone_into_another_unit(draft_a: CultivationZone, staff_a: AbstractUser,
                                                    commune_b: AdminUnit, square: Square) -> None:
    with pytest.raises(ZoneInvalid) as error:
        zone_update(user=staff_a, zone_id=draft_a.pk, expected_version=1, attributes=coffee(),
                    geometry=square(1950, 100, 200))
    assert OUTSIDE_UNITS in codes(error)
    assert CultivationZone.objects.get(pk=draft_a.pk).version == 1


def test_staff_cannot_edit_a_zone_shared_with_another_unit(staff_a: AbstractUser, administrator: AbstractUser,
                                                           commune_a: AdminUnit, commune_b: AdminUnit,
                                                           square: Square) -> None:
    shared = zone_create(user=administrator, attributes=coffee(), geometry=square(1900, 100, 200)).zone
    with pytest.raises(NotPermitted):
        zone_update(user=staff_a, zone_id=shared.pk, expected_version=1, attributes=coffee(),
                    geometry=square(1700, 100, 200))


def test_a_planner_cannot_edit_what_they_can_see(draft_a: CultivationZone, staff_a: AbstractUser,
                                                 approver: AbstractUser, user_for: UserFor, square: Square) -> None:
    zone_submit(user=staff_a, zone_id=draft_a.pk)
    zone_approve(user=approver, zone_id=draft_a.pk)
    with pytest.raises(NotPermitted):
        zone_update(user=user_for(Role.PLANNER), zone_id=draft_a.pk, expected_version=3, attributes=coffee(),
                    geometry=square(100, 100, 200))


# The preview check ------------------------------------------------------------------------------

def test_the_check_of_an_edit_does_not_find_the_zone_overlapping_itself(
    draft_a: CultivationZone, staff_a: AbstractUser, approver: AbstractUser, square: Square
) -> None:
    zone_submit(user=staff_a, zone_id=draft_a.pk)
    moved = square(150, 100, 200)
    assert zone_check(user=staff_a, zone_id=draft_a.pk, attributes=coffee(), geometry=moved).problems == ()
    (overlap,) = zone_check(user=staff_a, attributes=coffee(), geometry=moved).problems
    assert overlap.code == "overlap" and draft_a.name in overlap.message  # staff see their own zone
    assert CultivationZone.objects.count() == 1


def test_the_check_saves_nothing(draft_a: CultivationZone, staff_a: AbstractUser, square: Square) -> None:
    result = zone_check(user=staff_a, zone_id=draft_a.pk, attributes=coffee(name="Thử"),
                        geometry=square(100, 100, 300))
    assert result.area_ha == pytest.approx(9.0, abs=1e-4)
    assert [unit.name for unit in result.units] == ["Biển Hồ"]
    draft_a.refresh_from_db()
    assert (draft_a.name, draft_a.version) == ("Vùng cà phê Biển Hồ", 1)


# Versions written by others ---------------------------------------------------------------------

def test_any_other_writer_raises_the_version(draft_a: CultivationZone, staff_a: AbstractUser,
                                             square: Square) -> None:
    with connection.cursor() as cursor:  # an import, psql, …
        cursor.execute("UPDATE layers_cultivationzone SET name = 'Nhập từ tệp' WHERE id = %s", [draft_a.pk])
    assert CultivationZone.objects.get(pk=draft_a.pk).version == 2
    with pytest.raises(ZoneVersionConflict):
        zone_update(user=staff_a, zone_id=draft_a.pk, expected_version=1, attributes=coffee(),
                    geometry=square(100, 100, 200))
    saved = zone_update(user=staff_a, zone_id=draft_a.pk, expected_version=2, attributes=coffee(),
                        geometry=square(100, 100, 200))
    assert CultivationZone.objects.get(pk=draft_a.pk).version == saved.zone.version == 3




@pytest.mark.parametrize(("name", "value"), [("valid_from", 20240301), ("markets", "china"), ("households", "12"),
                                             ("is_illustrative", "yes"), ("name", ["x"]), ("code", 65),
                                             ("declared_area_ha", True)])
def test_values_of_the_wrong_json_type_are_named(staff_a: AbstractUser, square: Square, name: str,
                                                 value: object) -> None:
    with pytest.raises(ZoneInvalid) as error:
        zone_create(user=staff_a, attributes=coffee(**{name: value}), geometry=square(100, 100, 200))
    assert (name, "invalid_type") in [(p.field, p.code) for p in error.value.problems]


def test_values_django_cleans_are_accepted_as_json_gives_them(staff_a: AbstractUser, square: Square) -> None:
    attributes = coffee(valid_from="2025-07-01", valid_until="2028-06-30", declared_area_ha=4, households=12,
                        markets=["china", "eu"], is_illustrative=True)
    zone = zone_create(user=staff_a, attributes=attributes, geometry=square(100, 100, 200)).zone
    zone.refresh_from_db()
    assert (str(zone.valid_from), zone.households, zone.markets, zone.is_illustrative) == (
        "2025-07-01", 12, ["china", "eu"], True)
