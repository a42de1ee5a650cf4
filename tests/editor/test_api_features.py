"""/api/{parcels,ocop_producers,tourism_sites}/: create, read, replace, delete; hash ETags; who may write."""

import json
from typing import Any

import pytest
from django.contrib.auth.models import AbstractUser
from django.contrib.gis.geos import MultiPolygon, Point
from django.test import Client

from editor.services import token_create
from layers.models import AdminUnit, OCOPProducer, Parcel, Role, TourismSite
from tests.editor.api import client_for, error_codes, post, put
from tests.layers.zone_fixtures import Square, UserFor

pytestmark = pytest.mark.django_db


def shape(geometry: Any) -> dict[str, Any]:
    return json.loads(geometry.json)


def parcel(geometry: Any, **properties: Any) -> dict[str, Any]:
    return {"type": "Feature", "geometry": shape(geometry),
            "properties": {"sheet_number": 12, "parcel_number": 34, "land_use": "CLN", **properties}}


def producer(geometry: Any, **properties: Any) -> dict[str, Any]:
    return {"type": "Feature", "geometry": shape(geometry),
            "properties": {"name": "HTX Cà phê Biển Hồ", "kind": "cooperative", **properties}}


def site(geometry: Any, **properties: Any) -> dict[str, Any]:
    return {"type": "Feature", "geometry": shape(geometry),
            "properties": {"name_vi": "Biển Hồ", "category": "nature", **properties}}


def centre(square: Square, dx: float) -> Point:
    return square(dx, 100, 10).centroid


def delete(client: Client, url: str, **headers: str) -> Any:
    return client.delete(url, headers=headers)


# Create, read, update, delete per layer ---------------------------------------------------------------

def test_parcel_lifecycle(staff_a: AbstractUser, commune_a: AdminUnit, square: Square) -> None:
    client = client_for(staff_a)
    polygon = square(100, 100, 50)[0]  # a Polygon: promoted to the model's MultiPolygon
    created = post(client, "/api/parcels/", parcel(polygon))
    assert created.status_code == 201, created.content
    row = Parcel.objects.get()
    assert created["Location"] == f"http://testserver/api/parcels/{row.pk}"
    assert row.unit == commune_a and isinstance(row.geometry, MultiPolygon)  # unit from the geometry
    body = json.loads(created.content)
    assert body["properties"]["unit"] == commune_a.code and body["geometry"]["type"] == "MultiPolygon"
    tag = created["ETag"]
    read = client.get(f"/api/parcels/{row.pk}")
    assert read.status_code == 200 and read["ETag"] == tag

    updated = put(client, f"/api/parcels/{row.pk}", parcel(polygon, parcel_number=35), **{"If-Match": tag})
    assert updated.status_code == 200, updated.content
    assert updated["ETag"] != tag and Parcel.objects.get().parcel_number == 35

    stale = put(client, f"/api/parcels/{row.pk}", parcel(polygon, parcel_number=36), **{"If-Match": tag})
    assert stale.status_code == 412 and error_codes(stale) == ["version_conflict"]
    assert json.loads(stale.content)["current"]["properties"]["parcel_number"] == 35
    assert stale["ETag"] == updated["ETag"]

    assert delete(client, f"/api/parcels/{row.pk}").status_code == 428
    assert delete(client, f"/api/parcels/{row.pk}", **{"If-Match": tag}).status_code == 412
    assert delete(client, f"/api/parcels/{row.pk}", **{"If-Match": updated["ETag"]}).status_code == 204
    assert not Parcel.objects.exists()
    assert client.get(f"/api/parcels/{row.pk}").status_code == 404


def test_producer_lifecycle(staff_a: AbstractUser, commune_a: AdminUnit, square: Square) -> None:
    client = client_for(staff_a)
    created = post(client, "/api/ocop_producers/", producer(centre(square, 100), unit=commune_a.code))
    assert created.status_code == 201, created.content
    row = OCOPProducer.objects.get()
    url = f"/api/ocop_producers/{row.pk}"
    changed = put(client, url, producer(centre(square, 300), name="HTX mới"), **{"If-Match": created["ETag"]})
    assert changed.status_code == 200, changed.content
    assert OCOPProducer.objects.get().name == "HTX mới"
    assert delete(client, url, **{"If-Match": changed["ETag"]}).status_code == 204
    assert not OCOPProducer.objects.exists()


def test_site_lifecycle_and_listing(user_for: UserFor, commune_a: AdminUnit, square: Square) -> None:
    client = client_for(user_for(Role.TOURISM_PROMOTER))
    created = post(client, "/api/tourism_sites/", site(square(100, 100, 50)))
    assert created.status_code == 201, created.content
    post(client, "/api/tourism_sites/", site(centre(square, 900), name_vi="Thác"))
    listing = json.loads(client.get("/api/tourism_sites/?limit=1").content)
    assert (listing["numberMatched"], listing["numberReturned"]) == (2, 1)
    assert [link["rel"] for link in listing["links"]] == ["self", "next"]
    west, south, east, north = square(100, 100, 50).extent
    boxed = json.loads(client.get(f"/api/tourism_sites/?bbox={west},{south},{east},{north}").content)
    assert [f["properties"]["name_vi"] for f in boxed["features"]] == ["Biển Hồ"]
    row = TourismSite.objects.get(name_vi="Biển Hồ")
    url = f"/api/tourism_sites/{row.pk}"
    assert put(client, url, site(centre(square, 100), category="culture")).status_code == 428
    assert delete(client, url, **{"If-Match": created["ETag"]}).status_code == 204


def test_anonymous_reads_public_properties_only(staff_a: AbstractUser, commune_a: AdminUnit,
                                                square: Square) -> None:
    post(client_for(staff_a), "/api/parcels/", parcel(square(100, 100, 50), recorded_area_m2=2500))
    (found,) = json.loads(Client().get("/api/parcels/").content)["features"]
    assert "recorded_area_m2" not in found["properties"] and "unit" not in found["properties"]
    assert found["properties"]["parcel_number"] == 34


# Who may write -----------------------------------------------------------------------------------------

def test_staff_of_unit_a_cannot_create_or_edit_in_unit_b(staff_a: AbstractUser, staff_b: AbstractUser,
                                                        commune_b: AdminUnit, square: Square) -> None:
    in_b = square(2100, 100, 50)
    refused = post(client_for(staff_a), "/api/parcels/", parcel(in_b))
    assert refused.status_code == 403 and error_codes(refused) == ["forbidden"]
    named = post(client_for(staff_a), "/api/parcels/", parcel(square(100, 100, 50), unit=commune_b.code))
    assert named.status_code == 403  # naming unit B for a parcel drawn in A is refused too
    created = post(client_for(staff_b), "/api/parcels/", parcel(in_b))
    assert created.status_code == 201
    row = Parcel.objects.get()
    edit = put(client_for(staff_a), f"/api/parcels/{row.pk}", parcel(in_b, parcel_number=99),
               **{"If-Match": created["ETag"]})
    assert edit.status_code == 403 and Parcel.objects.get().parcel_number == 34


def test_approver_writes_parcels_anywhere(approver: AbstractUser, commune_b: AdminUnit, square: Square) -> None:
    assert post(client_for(approver), "/api/parcels/", parcel(square(2100, 100, 50))).status_code == 201
    assert post(client_for(approver), "/api/tourism_sites/", site(centre(square, 2100))).status_code == 403


def test_planner_cannot_write_anything(user_for: UserFor, commune_a: AdminUnit, square: Square) -> None:
    client = client_for(user_for(Role.PLANNER))
    for url, body in (("/api/parcels/", parcel(square(100, 100, 50))),
                      ("/api/ocop_producers/", producer(centre(square, 100))),
                      ("/api/tourism_sites/", site(centre(square, 100)))):
        response = post(client, url, body)
        assert response.status_code == 403 and error_codes(response) == ["forbidden"], url
    assert not (Parcel.objects.exists() or OCOPProducer.objects.exists() or TourismSite.objects.exists())


def test_promoter_writes_sites_but_not_parcels_or_producers(user_for: UserFor, commune_a: AdminUnit,
                                                            square: Square) -> None:
    client = client_for(user_for(Role.TOURISM_PROMOTER))
    assert post(client, "/api/parcels/", parcel(square(100, 100, 50))).status_code == 403
    assert post(client, "/api/ocop_producers/", producer(centre(square, 100))).status_code == 403
    assert post(client, "/api/tourism_sites/", site(centre(square, 100))).status_code == 201


def test_staff_cannot_write_sites(staff_a: AbstractUser, square: Square) -> None:
    assert post(client_for(staff_a), "/api/tourism_sites/", site(centre(square, 100))).status_code == 403


def test_anonymous_writes_are_401(commune_a: AdminUnit, square: Square) -> None:
    response = post(Client(), "/api/ocop_producers/", producer(centre(square, 100)))
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Token")
    assert not OCOPProducer.objects.exists()


def test_a_token_writes_without_csrf(administrator: AbstractUser, commune_a: AdminUnit, square: Square) -> None:
    _token, key = token_create(user=administrator, name="QGIS")
    client = Client(enforce_csrf_checks=True)
    response = post(client, "/api/ocop_producers/", producer(centre(square, 100)), Authorization=f"Token {key}")
    assert response.status_code == 201, response.content
    assert OCOPProducer.objects.get().unit == commune_a


# Validation --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "make"), [("/api/parcels/", lambda sq: parcel(sq(100, 100, 50).centroid)),
                                           ("/api/ocop_producers/", lambda sq: producer(sq(100, 100, 50)))])
def test_a_wrong_geometry_type_is_422(url: str, make: Any, administrator: AbstractUser, commune_a: AdminUnit,
                                      square: Square) -> None:
    response = post(client_for(administrator), url, make(square))
    assert response.status_code == 422
    (error,) = json.loads(response.content)["errors"]
    assert (error["code"], error["field"]) == ("geometry_type", "geometry")


def test_model_validation_is_422_per_field(administrator: AbstractUser, commune_a: AdminUnit,
                                           square: Square) -> None:
    client = client_for(administrator)
    assert post(client, "/api/parcels/", parcel(square(100, 100, 50))).status_code == 201
    duplicate = post(client, "/api/parcels/", parcel(square(300, 100, 50), land_use="XYZ", bogus=1))
    assert duplicate.status_code == 422
    fields = {(e["code"], e["field"]) for e in json.loads(duplicate.content)["errors"]}
    assert {("unknown_property", "bogus"), ("invalid_choice", "land_use")} <= fields


def test_an_unknown_unit_code_is_422(administrator: AbstractUser, commune_a: AdminUnit, square: Square) -> None:
    response = post(client_for(administrator), "/api/tourism_sites/", site(centre(square, 100), unit="99999"))
    assert response.status_code == 422 and error_codes(response) == ["unknown_unit"]


def test_a_zone_etag_is_400_here(administrator: AbstractUser, commune_a: AdminUnit, square: Square) -> None:
    client = client_for(administrator)
    created = post(client, "/api/tourism_sites/", site(centre(square, 100)))
    url = f"/api/tourism_sites/{TourismSite.objects.get().pk}"
    assert created.status_code == 201
    assert put(client, url, site(centre(square, 100)), **{"If-Match": '"v1"'}).status_code == 400


def test_the_unique_parcel_number_constraint_is_422(administrator: AbstractUser, commune_a: AdminUnit,
                                                    square: Square) -> None:
    client = client_for(administrator)
    assert post(client, "/api/parcels/", parcel(square(100, 100, 50))).status_code == 201
    again = post(client, "/api/parcels/", parcel(square(300, 100, 50)))
    assert again.status_code == 422 and any(code.startswith("unique") for code in error_codes(again))
    assert Parcel.objects.count() == 1
