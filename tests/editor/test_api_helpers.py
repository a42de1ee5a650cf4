"""POST /api/zones/check (the editor's preview) and /api/zones/from-parcels."""

import json

import pytest
from django.contrib.auth.models import AbstractUser
from django.db import connection
from django.test import Client

from layers.models import AdminUnit, CultivationZone, Parcel, Role
from layers.zone_services import zone_submit
from tests.editor.api import ZONES, client_for, error_codes, feature, post
from tests.layers.zone_fixtures import Square, UserFor

pytestmark = pytest.mark.django_db
CHECK, FROM_PARCELS = f"{ZONES}check", f"{ZONES}from-parcels"


def area_m2(geojson: dict[str, object]) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_Area(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(%s), 4326), 990218))",
                       [json.dumps(geojson)])
        return float(cursor.fetchone()[0])


def test_the_check_reports_the_overlap_with_its_area_and_saves_nothing(
    draft_a: CultivationZone, staff_a: AbstractUser, square: Square
) -> None:
    zone_submit(user=staff_a, zone_id=draft_a.pk)
    response = post(client_for(staff_a), CHECK, feature(square(200, 100, 200)))
    body = json.loads(response.content)
    assert response.status_code == 200 and body["ok"] is False
    (overlap,) = body["errors"]
    assert overlap["code"] == "overlap" and area_m2(overlap["geometry"]) == pytest.approx(20_000, abs=2)
    assert body["area_ha"] == pytest.approx(4.0, abs=1e-4)
    assert CultivationZone.objects.count() == 1


def test_the_check_of_an_edit_passes_its_own_zone(draft_a: CultivationZone, staff_a: AbstractUser,
                                                  commune_a: AdminUnit, square: Square) -> None:
    zone_submit(user=staff_a, zone_id=draft_a.pk)
    body = json.loads(post(client_for(staff_a), CHECK, {**feature(square(150, 100, 200)), "id": draft_a.pk}).content)
    assert (body["ok"], body["errors"]) == (True, [])
    assert body["units"] == [{"id": commune_a.pk, "code": commune_a.code, "name": "Biển Hồ"}]


def test_the_check_draws_the_part_outside_the_staff_units(staff_a: AbstractUser, commune_b: AdminUnit,
                                                          square: Square) -> None:
    body = json.loads(post(client_for(staff_a), CHECK, feature(square(1900, 100, 200))).content)
    (outside,) = [e for e in body["errors"] if e["code"] == "outside_units"]
    assert area_m2(outside["geometry"]) == pytest.approx(20_000, abs=2)


def test_the_check_needs_an_editor(square: Square, user_for: UserFor) -> None:
    assert post(Client(), CHECK, feature(square(100, 100, 200))).status_code == 401
    assert post(client_for(user_for(Role.PLANNER)), CHECK, feature(square(100, 100, 200))).status_code == 403


def test_the_check_of_a_hidden_zone_is_404(draft_a: CultivationZone, staff_b: AbstractUser, square: Square) -> None:
    response = post(client_for(staff_b), CHECK, {**feature(square(2100, 100, 200)), "id": draft_a.pk})
    assert response.status_code == 404


@pytest.fixture
def parcels(commune_a: AdminUnit, commune_b: AdminUnit, square: Square) -> list[Parcel]:
    """Two adjacent 100 m × 100 m parcels in A, and one in B."""
    return [Parcel.objects.create(unit=unit, sheet_number=1, parcel_number=number, land_use="CLN",
                                  geometry=square(dx, 100, 100))
            for unit, number, dx in ((commune_a, 1, 100), (commune_a, 2, 200), (commune_b, 3, 2100))]


def test_adjacent_parcels_become_one_boundary(parcels: list[Parcel], staff_a: AbstractUser) -> None:
    response = post(client_for(staff_a), FROM_PARCELS, {"parcel_ids": [parcels[0].pk, parcels[1].pk]})
    body = json.loads(response.content)
    assert response.status_code == 200, response.content
    assert body["type"] == "Feature" and body["geometry"]["type"] == "MultiPolygon"
    assert len(body["geometry"]["coordinates"]) == 1  # merged, not two squares side by side
    assert area_m2(body["geometry"]) == pytest.approx(20_000, abs=2)
    assert body["properties"]["parcel_ids"] == sorted([parcels[0].pk, parcels[1].pk])


def test_the_union_can_be_saved_as_a_zone(parcels: list[Parcel], staff_a: AbstractUser) -> None:
    client = client_for(staff_a)
    union = json.loads(post(client, FROM_PARCELS, {"parcel_ids": [parcels[0].pk, parcels[1].pk]}).content)
    response = post(client, ZONES, feature(union["geometry"], declared_area_ha=2))
    assert response.status_code == 201, response.content
    assert set(CultivationZone.objects.get().parcels.all()) == {parcels[0], parcels[1]}


def test_parcels_of_another_unit_are_named_not_used(parcels: list[Parcel], staff_a: AbstractUser) -> None:
    response = post(client_for(staff_a), FROM_PARCELS, {"parcel_ids": [parcels[0].pk, parcels[2].pk, 999999]})
    body = json.loads(response.content)
    assert response.status_code == 422 and error_codes(response) == ["unknown_parcels"]
    assert str(parcels[2].pk) in body["errors"][0]["message"] and "999999" in body["errors"][0]["message"]


@pytest.mark.parametrize("body", [{"parcel_ids": []}, {"parcel_ids": "1,2"}, {"ids": [1]}, {"parcel_ids": [True]}])
def test_a_bad_selection_is_422(parcels: list[Parcel], staff_a: AbstractUser, body: object) -> None:
    assert post(client_for(staff_a), FROM_PARCELS, body).status_code == 422


def test_from_parcels_needs_an_editor(parcels: list[Parcel], user_for: UserFor) -> None:
    assert post(Client(), FROM_PARCELS, {"parcel_ids": [parcels[0].pk]}).status_code == 401
    reader = client_for(user_for(Role.TOURISM_PROMOTER))
    assert post(reader, FROM_PARCELS, {"parcel_ids": [parcels[0].pk]}).status_code == 403
