"""/api/zones/ and /api/zones/{id}: list, create, read, replace; ETags, If-Match and the error statuses."""

import json

import pytest
from django.contrib.auth.models import AbstractUser
from django.test import Client

from layers.models import AdminUnit, CultivationZone, Role
from layers.registry import LAYERS
from layers.zone_services import zone_approve, zone_submit
from tests.editor.api import ZONES, client_for, error_codes, feature, post, put
from tests.layers.zone_fixtures import Square, UserFor

pytestmark = pytest.mark.django_db


def url(zone: CultivationZone) -> str:
    return f"{ZONES}{zone.pk}"


@pytest.fixture
def approved(draft_a: CultivationZone, staff_a: AbstractUser, approver: AbstractUser) -> CultivationZone:
    zone_submit(user=staff_a, zone_id=draft_a.pk)
    return zone_approve(user=approver, zone_id=draft_a.pk).zone


# Create -----------------------------------------------------------------------------------------

def test_staff_create_a_zone_201_with_location_and_etag(staff_a: AbstractUser, commune_a: AdminUnit,
                                                        square: Square) -> None:
    response = post(client_for(staff_a), ZONES, feature(square(100, 100, 200), variety="TR4"))
    assert response.status_code == 201, response.content
    body = json.loads(response.content)
    zone = CultivationZone.objects.get()
    assert response["Location"] == f"http://testserver{ZONES}{zone.pk}"
    assert response["ETag"] == '"v1"' and response["Content-Type"] == "application/geo+json"
    assert body["id"] == zone.pk and body["geometry"]["type"] == "MultiPolygon"
    properties = body["properties"]
    assert (properties["status"], properties["version"], properties["variety"]) == ("draft", 1, "TR4")
    assert properties["area_ha"] == pytest.approx(4.0, abs=1e-4)
    assert properties["units"] == [{"id": commune_a.pk, "code": commune_a.code, "name": "Biển Hồ"}]
    assert body["warnings"] == []


def test_a_single_polygon_is_taken_as_a_multipolygon(staff_a: AbstractUser, square: Square) -> None:
    polygon = json.loads(square(100, 100, 200)[0].json)
    assert polygon["type"] == "Polygon"
    assert post(client_for(staff_a), ZONES, feature(polygon)).status_code == 201


def test_heights_in_the_coordinates_are_dropped(staff_a: AbstractUser, square: Square) -> None:
    shape = json.loads(square(100, 100, 200).json)
    shape["coordinates"] = [[[[*point, 742.0] for point in ring] for ring in polygon]
                            for polygon in shape["coordinates"]]
    assert post(client_for(staff_a), ZONES, feature(shape)).status_code == 201
    assert not CultivationZone.objects.get().geometry.hasz


def test_anonymous_writes_are_401(commune_a: AdminUnit, square: Square) -> None:
    response = post(Client(), ZONES, feature(square(100, 100, 200)))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    assert error_codes(response) == ["not_authenticated"]
    assert not CultivationZone.objects.exists()


@pytest.mark.parametrize("role", [Role.PLANNER, Role.TOURISM_PROMOTER])
def test_readers_cannot_create_403(role: Role, user_for: UserFor, commune_a: AdminUnit, square: Square) -> None:
    response = post(client_for(user_for(role)), ZONES, feature(square(100, 100, 200)))
    assert response.status_code == 403 and error_codes(response) == ["forbidden"]


def test_staff_of_unit_a_cannot_create_in_unit_b_422_with_the_outside_part(
    staff_a: AbstractUser, commune_b: AdminUnit, square: Square
) -> None:
    response = post(client_for(staff_a), ZONES, feature(square(2100, 100, 200)))
    assert response.status_code == 422
    (error,) = json.loads(response.content)["errors"]
    assert (error["code"], error["field"]) == ("outside_units", "geometry")
    assert error["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    assert not CultivationZone.objects.exists()


def test_a_bow_tie_is_422_with_the_crossing_point(staff_a: AbstractUser) -> None:
    bow_tie = {"type": "Polygon", "coordinates": [[[107.985, 14.005], [107.987, 14.007], [107.987, 14.005],
                                                   [107.985, 14.007], [107.985, 14.005]]]}
    response = post(client_for(staff_a), ZONES, feature(bow_tie))
    assert response.status_code == 422
    (error,) = json.loads(response.content)["errors"]
    assert error["code"] == "self_intersection"
    assert error["geometry"] == {"type": "Point", "coordinates": [107.986, 14.006]}


def test_a_small_coffee_zone_is_422_and_warnings_travel_with_the_errors(staff_a: AbstractUser,
                                                                        square: Square) -> None:
    response = post(client_for(staff_a), ZONES, feature(square(100, 100, 500 ** 0.5), declared_area_ha=1))
    body = json.loads(response.content)
    assert response.status_code == 422
    assert [e["code"] for e in body["errors"]] == ["below_minimum_area"]
    assert [w["code"] for w in body["warnings"]] == ["area_mismatch"]


def test_a_201_carries_advisory_warnings(staff_a: AbstractUser, square: Square) -> None:
    response = post(client_for(staff_a), ZONES, feature(square(100, 100, 200), declared_area_ha=9))
    assert response.status_code == 201
    (warning,) = json.loads(response.content)["warnings"]
    assert (warning["code"], warning["field"]) == ("area_mismatch", "declared_area_ha")


@pytest.mark.parametrize(("body", "status", "code"), [
    ({"type": "FeatureCollection", "features": []}, 422, "invalid"),
    ({"type": "Feature", "properties": {"name": "x"}, "geometry": None}, 422, "geometry_required"),
    ({"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [108, 14]}}, 422,
     "geometry_type"),
    ({"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[108, 14], [108.1, 14]]]}},
     422, "geometry_malformed"),
    ({"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [
        [[14, 108], [14.1, 108], [14.1, 108.1], [14, 108]]]}}, 422, "geometry_out_of_range"),
])
def test_bodies_that_are_not_a_zone_are_422(staff_a: AbstractUser, body: dict[str, object], status: int,
                                            code: str) -> None:
    response = post(client_for(staff_a), ZONES, body)
    assert (response.status_code, error_codes(response)) == (status, [code])


def test_a_body_that_is_not_json_is_400(staff_a: AbstractUser) -> None:
    response = client_for(staff_a).post(ZONES, "{not json", content_type="application/json")
    assert response.status_code == 400 and error_codes(response) == ["bad_request"]


def test_unknown_properties_are_named(staff_a: AbstractUser, square: Square) -> None:
    response = post(client_for(staff_a), ZONES, feature(square(100, 100, 200), colour="red", name=""))
    body = json.loads(response.content)
    assert response.status_code == 422
    assert {(e["field"], e["code"]) for e in body["errors"]} == {("colour", "unknown_property"), ("name", "blank")}


# Read -------------------------------------------------------------------------------------------

def test_get_one_zone_with_its_etag(draft_a: CultivationZone, staff_a: AbstractUser) -> None:
    response = client_for(staff_a).get(url(draft_a))
    assert response.status_code == 200 and response["ETag"] == '"v1"'
    assert json.loads(response.content)["properties"]["holder"] == "HTX Biển Hồ"


def test_a_zone_one_may_not_see_is_404_like_a_missing_one(draft_a: CultivationZone, staff_b: AbstractUser) -> None:
    for client in (Client(), client_for(staff_b)):
        hidden, missing = client.get(url(draft_a)), client.get(f"{ZONES}999999")
        assert hidden.status_code == missing.status_code == 404
        assert json.loads(hidden.content)["errors"][0]["code"] == "not_found"


def test_anonymous_readers_get_public_properties_only(approved: CultivationZone) -> None:
    response = Client().get(url(approved))
    assert response.status_code == 200
    properties = json.loads(response.content)["properties"]
    assert set(properties) == {*LAYERS["zones"].public_properties, "version"}
    assert "representative" not in properties and "units" not in properties


def test_the_list_holds_what_each_user_may_see(draft_a: CultivationZone, approved: CultivationZone,
                                               staff_a: AbstractUser, staff_b: AbstractUser, square: Square) -> None:
    draft = CultivationZone.objects.create(name="Nháp khác", crop="tea", geometry=square(500, 100, 200))
    draft.units.set(CultivationZone.objects.get(pk=approved.pk).units.all())

    def ids(client: Client) -> set[int]:
        body = json.loads(client.get(ZONES).content)
        assert body["type"] == "FeatureCollection" and body["numberReturned"] == len(body["features"])
        return {f["id"] for f in body["features"]}

    assert ids(Client()) == {approved.pk}
    assert ids(client_for(staff_b)) == {approved.pk}
    assert ids(client_for(staff_a)) == {approved.pk, draft.pk}


def test_the_list_filters_by_status_unit_and_code(approved: CultivationZone, staff_a: AbstractUser,
                                                  commune_a: AdminUnit, commune_b: AdminUnit, square: Square) -> None:
    draft = CultivationZone.objects.create(name="Nháp", crop="tea", geometry=square(500, 100, 200))
    draft.units.set([commune_a])
    client = client_for(staff_a)

    def ids(**query: str) -> list[int]:
        response = client.get(ZONES, query)
        assert response.status_code == 200, response.content
        return [f["id"] for f in json.loads(response.content)["features"]]

    assert ids(status="draft") == [draft.pk]
    assert ids(status="approved,draft") == sorted([approved.pk, draft.pk])
    assert ids(unit=commune_a.code) == sorted([approved.pk, draft.pk])
    assert ids(unit=commune_b.code) == []
    assert ids(code="vn - glor - 0001") == [approved.pk]
    assert ids(bbox="108.5,15,108.6,15.1") == []
    assert client.get(ZONES, {"status": "lost"}).status_code == 400
    assert client.get(ZONES, {"bbox": "1,2,3"}).status_code == 400


def test_the_list_is_paginated(administrator: AbstractUser, square: Square) -> None:
    for number in range(5):
        CultivationZone.objects.create(name=f"Vùng {number}", crop="tea", geometry=square(300 * number, 0, 200))
    client = client_for(administrator)
    first = json.loads(client.get(ZONES, {"limit": 2}).content)
    assert (first["numberMatched"], first["numberReturned"]) == (5, 2)
    next_link = next(link["href"] for link in first["links"] if link["rel"] == "next")
    second = json.loads(client.get(next_link).content)
    assert [f["properties"]["name"] for f in second["features"]] == ["Vùng 2", "Vùng 3"]
    assert client.get(ZONES, {"limit": 0}).status_code == 400


# Replace ----------------------------------------------------------------------------------------

def test_put_with_the_current_etag_saves_the_next_version(draft_a: CultivationZone, staff_a: AbstractUser,
                                                          square: Square) -> None:
    response = put(client_for(staff_a), url(draft_a), feature(square(100, 100, 210), name="Sửa"),
                   **{"If-Match": '"v1"'})
    assert response.status_code == 200, response.content
    assert response["ETag"] == '"v2"'
    assert json.loads(response.content)["properties"]["name"] == "Sửa"


def test_put_without_if_match_is_428(draft_a: CultivationZone, staff_a: AbstractUser, square: Square) -> None:
    response = put(client_for(staff_a), url(draft_a), feature(square(100, 100, 200), name="Sửa"))
    assert response.status_code == 428 and error_codes(response) == ["if_match_required"]
    assert CultivationZone.objects.get(pk=draft_a.pk).name != "Sửa"


def test_a_stale_if_match_is_412_with_the_current_version(draft_a: CultivationZone, staff_a: AbstractUser,
                                                          square: Square) -> None:
    client = client_for(staff_a)
    assert put(client, url(draft_a), feature(square(100, 100, 200), name="Của An"),
               **{"If-Match": '"v1"'}).status_code == 200
    response = put(client, url(draft_a), feature(square(100, 100, 220), name="Của Bình"), **{"If-Match": '"v1"'})
    body = json.loads(response.content)
    assert response.status_code == 412 and response["ETag"] == '"v2"'
    assert body["errors"][0]["code"] == "version_conflict"
    assert body["current_version"] == 2
    assert body["current"]["properties"]["name"] == "Của An" and body["current"]["properties"]["version"] == 2
    assert body["current"]["geometry"]["type"] == "MultiPolygon"
    assert CultivationZone.objects.get(pk=draft_a.pk).name == "Của An"


@pytest.mark.parametrize("header", ["*", 'W/"v1"', "1", '"v1", "v2"'])
def test_an_if_match_that_names_no_version_is_refused(draft_a: CultivationZone, staff_a: AbstractUser,
                                                      square: Square, header: str) -> None:
    response = put(client_for(staff_a), url(draft_a), feature(square(100, 100, 200)), **{"If-Match": header})
    assert response.status_code == 400 and json.loads(response.content)["errors"][0]["field"] == "If-Match"


def test_the_feature_sent_back_as_received_is_accepted(draft_a: CultivationZone, staff_a: AbstractUser) -> None:
    client = client_for(staff_a)
    received = json.loads(client.get(url(draft_a)).content)
    response = put(client, url(draft_a), received, **{"If-Match": '"v1"'})
    assert response.status_code == 200, response.content


def test_staff_cannot_put_an_approved_zone_403(approved: CultivationZone, staff_a: AbstractUser,
                                               square: Square) -> None:
    response = put(client_for(staff_a), url(approved), feature(square(100, 100, 200)), **{"If-Match": '"v3"'})
    assert response.status_code == 403


def test_staff_of_another_unit_cannot_put_a_draft_404(draft_a: CultivationZone, staff_b: AbstractUser,
                                                      square: Square) -> None:
    response = put(client_for(staff_b), url(draft_a), feature(square(2100, 100, 200)), **{"If-Match": '"v1"'})
    assert response.status_code == 404


def test_other_methods_are_405(draft_a: CultivationZone, staff_a: AbstractUser) -> None:
    response = client_for(staff_a).delete(url(draft_a))
    assert response.status_code == 405 and response["Allow"] == "GET, PUT, HEAD"
    assert CultivationZone.objects.filter(pk=draft_a.pk).exists()




def test_answers_are_private_to_whoever_asked(draft_a: CultivationZone, staff_a: AbstractUser) -> None:
    for response in (client_for(staff_a).get(url(draft_a)), Client().get(url(draft_a)), Client().get(ZONES)):
        assert "private" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]
        assert {"Authorization", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}
