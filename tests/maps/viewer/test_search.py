"""GET /api/search: codes however they are typed, parcels by sheet and number, names without accents,
and never a zone the reader may not see."""

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.contrib.gis.geos import Point
from django.test import Client
from openapi_spec_validator import validate

from layers.models import CultivationZone, Role, TourismSite
from maps.search.terms import ParcelNumber, parcel_number, search_terms
from tests.maps.viewer.conftest import Place

pytestmark = pytest.mark.django_db


def search(client: Client, q: str, **params: object) -> list[dict[str, Any]]:
    response = client.get("/api/search", {"q": q, **params})
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert body["query"] == " ".join(q.split())
    return body["results"]


def found(results: list[dict[str, Any]]) -> list[tuple[str, int]]:
    return [(result["layer"], result["id"]) for result in results]


@pytest.mark.parametrize("q", ["VN-GLOR-0138", "vn - glor - 0138", "VN – GLOR – 0138", "vn glor 0138",
                               "VN-GLOR-01", "ｖｎ－ｇｌｏｒ－０１３８"])
def test_planting_area_codes_are_found_however_they_are_typed(client: Client, place: Place, q: str) -> None:
    results = search(client, q)
    assert found(results)[0] == ("zones", place.zone.pk)
    assert results[0]["label"] == "VN-GLOR-0138 – Vùng cà phê Robusta Biển Hồ"


def test_a_zone_result_frames_the_zone(client: Client, place: Place) -> None:
    (result,) = search(client, "VN-GLOR-0138")
    assert result["bbox"] == pytest.approx([107.97, 13.97, 107.98, 13.98])
    assert result["point"] is None


@pytest.mark.parametrize("q", ["12/345", " 12 / 345 ", "tờ 12 thửa 345", "Tờ 12, thửa 345", "to 12 thua 345",
                               "thửa 345 tờ 12", "tờ bản đồ số 12 thửa đất số 345", "sheet 12 parcel 345"])
def test_parcels_are_found_by_sheet_and_number(client: Client, place: Place, q: str) -> None:
    results = search(client, q)
    assert found(results) == [("parcels", place.parcel.pk)]
    assert results[0]["label"] == "Tờ 12, thửa 345 – Xã Biển Hồ"


def test_other_numbers_find_no_parcel(client: Client, place: Place) -> None:
    assert search(client, "12/346") == []
    assert search(client, "tờ 13 thửa 345") == []


def test_bien_ho_finds_bien_ho_without_accents(client: Client, place: Place) -> None:
    results = search(client, "bien ho")
    labels = [result["label"] for result in results]
    assert "Xã Biển Hồ" in labels
    assert "Biển Hồ (hồ T'Nưng)" in labels
    assert "HTX Chè Biển Hồ" in labels
    assert "VN-GLOR-0138 – Vùng cà phê Robusta Biển Hồ" in labels
    # Today's unit comes before the one that ended with the 2025 reform, which says so.
    current = labels.index("Xã Biển Hồ")
    former = next(i for i, label in enumerate(labels) if label.startswith("Xã Biển Hồ (cũ)"))
    assert current < former
    assert labels[former].endswith("30/06/2025)")  # " (đến 30/06/2025)" once translated


def test_points_come_with_their_point(client: Client, place: Place) -> None:
    (lake,) = [result for result in search(client, "T'Nưng") if result["layer"] == "tourism_sites"]
    assert lake["point"] == pytest.approx([107.985, 13.99])
    assert lake["bbox"] == pytest.approx([107.985, 13.99, 107.985, 13.99])


def test_tourism_sites_are_found_by_their_english_name_and_labelled_in_the_language(client: Client,
                                                                                     place: Place) -> None:
    assert found(search(client, "tnung lake")) == []  # the apostrophe is part of the name
    assert found(search(client, "t'nung lake")) == [("tourism_sites", place.lake.pk)]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    (lake,) = search(client, "t'nung lake")
    assert lake["label"] == "T'Nung Lake"


def test_an_anonymous_search_never_finds_a_draft_zone(client: Client, place: Place) -> None:
    assert ("zones", place.draft.pk) not in found(search(client, "Vùng chè nháp"))
    assert ("zones", place.draft.pk) not in found(search(client, "bien ho", limit=50))


def test_the_zones_commune_staff_find_its_draft(place: Place, tiles_client_for: Callable[..., Client]) -> None:
    staff = tiles_client_for(Role.EXTENSION_STAFF, place.biển_hồ)
    assert found(search(staff, "vung che nhap")) == [("zones", place.draft.pk)]
    other = tiles_client_for(Role.EXTENSION_STAFF, place.đak_đoa)
    assert found(search(other, "vung che nhap")) == []
    approver = tiles_client_for(Role.APPROVER)
    assert found(search(approver, "vung che nhap")) == [("zones", place.draft.pk)]


def test_the_limit_is_kept(client: Client, place: Place) -> None:
    for number in range(12):
        TourismSite.objects.create(name_vi=f"Điểm ngắm cảnh số {number}", category="viewpoint",
                                   geometry=Point(107.98, 13.98, srid=4326), unit=place.biển_hồ)
    assert len(search(client, "diem ngam canh")) == 10  # the default
    assert len(search(client, "diem ngam canh", limit=3)) == 3
    assert len(search(client, "diem ngam canh", limit=50)) == 12


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}, {"q": "x" * 101}, {"q": "bien", "limit": "0"},
                                    {"q": "bien", "limit": "51"}, {"q": "bien", "limit": "ten"}])
def test_bad_requests_are_json_problems(client: Client, params: dict[str, str]) -> None:
    response = client.get("/api/search", params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert json.loads(response.content)["status"] == 400


def test_only_get(client: Client) -> None:
    response = client.post("/api/search?q=bien")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("q", ["'; DROP TABLE layers_cultivationzone; --", "%", "_", "\\", "%' OR '1'='1",
                               "bien%ho", "') OR 1=1 --", "{}", "$1", "%s", "%(q)s"])
def test_sql_looking_text_is_only_text(client: Client, place: Place, q: str) -> None:
    assert search(client, q) == []
    assert CultivationZone.objects.count() == 2


def test_like_wildcards_match_only_themselves(client: Client, place: Place) -> None:
    TourismSite.objects.create(name_vi="Vườn 100% hữu cơ", category="agri", geometry=Point(107.98, 13.98, srid=4326),
                               unit=place.biển_hồ)
    assert [result["label"] for result in search(client, "100%")] == ["Vườn 100% hữu cơ"]
    assert search(client, "10_%") == []


def test_answers_are_not_shared_between_readers(client: Client, place: Place) -> None:
    response = client.get("/api/search", {"q": "bien"})
    assert response["Cache-Control"] == "private, max-age=0"


@pytest.mark.parametrize(("text", "expected"), [
    ("12/345", ParcelNumber(12, 345)), ("to 12 thua 345", ParcelNumber(12, 345)),
    ("to so 12, thua so 345", ParcelNumber(12, 345)), ("thua 345 to 12", ParcelNumber(12, 345)),
    ("sheet 3 parcel 4", ParcelNumber(3, 4)), ("12 345", None), ("0/345", None), ("12/", None),
    ("1234567890/1", None), ("bien ho", None),
])
def test_parcel_numbers_are_read_from_folded_text(text: str, expected: ParcelNumber | None) -> None:
    assert parcel_number(text) == expected


def test_terms_escape_like_wildcards_and_normalise_codes() -> None:
    terms = search_terms("  VN - glor_0138  ")
    assert terms.text == "VN - glor_0138"
    assert terms.code_prefix == "VN-GLOR-0138%"
    assert terms.name_pattern == "%vn - glor\\_0138%"
    assert terms.parcel is None


def test_the_openapi_document_describes_the_search(client: Client) -> None:
    document = json.loads(client.get("/api/schema/").content)
    validate(document)
    operation = document["paths"]["/api/search"]["get"]
    assert {parameter["name"] for parameter in operation["parameters"]} == {"q", "limit"}
    result = operation["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["results"]
    assert set(result["items"]["required"]) == {"layer", "id", "label", "bbox", "point"}
