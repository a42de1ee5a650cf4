"""The zone editor's page at /editor/: who may open it, and the settings blob it hands its scripts."""

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import AbstractUser, User
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from editor import page_assets
from layers.models import AdminUnit, Role
from tests.editor.api import client_for
from tests.layers.zone_fixtures import UserFor

pytestmark = pytest.mark.django_db

PAGE = "/editor/"
BLOB = re.compile(r'<script id="ntm-editor-settings" type="application/json">(.*?)</script>', re.DOTALL)


def blob_of(page: str) -> dict[str, Any]:
    match = BLOB.search(page)
    assert match, "the page carries no settings blob"
    return json.loads(match[1])


def open_page(client: Client) -> tuple[str, dict[str, Any]]:
    response = client.get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    return page, blob_of(page)


def test_the_route_is_the_editor_namespace_page() -> None:
    assert reverse("editor:editor-page") == PAGE


def test_visitors_who_are_not_signed_in_are_sent_to_the_login_page(client: Client) -> None:
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/editor/"


@pytest.mark.parametrize("role", [Role.PLANNER, Role.TOURISM_PROMOTER])
def test_roles_that_do_not_edit_zones_are_refused(role: Role, user_for: UserFor) -> None:
    assert client_for(user_for(role)).get(PAGE).status_code == 403


def test_a_signed_in_user_without_a_role_is_refused() -> None:
    nobody = User.objects.create_user("nobody", password="x")
    assert client_for(nobody).get(PAGE).status_code == 403


def test_the_page_answers_only_reads(staff_a: AbstractUser) -> None:
    assert client_for(staff_a).post(PAGE).status_code == 405


def test_extension_staff_get_their_units_and_the_api(staff_a: AbstractUser, commune_a: AdminUnit,
                                                     commune_b: AdminUnit) -> None:
    _page, blob = open_page(client_for(staff_a))
    assert blob["user"]["role"] == "extension_staff"
    assert (blob["user"]["decider"], blob["user"]["canCreate"]) == (False, True)
    assert blob["units"] == [{"id": commune_a.pk, "code": commune_a.code, "name": "Biển Hồ",
                              "fullName": commune_a.full_name}]
    (south, west), (north, east) = blob["view"]["bounds"]
    unit_west, unit_south, unit_east, unit_north = commune_a.geometry.extent
    assert (south, west, north, east) == pytest.approx((unit_south, unit_west, unit_north, unit_east))
    urls = blob["urls"]
    assert urls["zones"] == "/api/zones/" and urls["zone"] == "/api/zones/{id}"
    assert urls["check"] == "/api/zones/check" and urls["fromParcels"] == "/api/zones/from-parcels"
    assert urls["history"] == "/api/zones/{id}/history" and urls["revert"] == "/api/zones/{id}/revert"
    assert urls["steps"]["submit"] == "/api/zones/{id}/submit" and urls["steps"]["approve"] == "/api/zones/{id}/approve"
    assert urls["fieldShapes"] == "/ingest/field-shapes/"
    assert urls["items"] == "/ogc/collections/{layer}/items"
    assert urls["baseMap"] == "/viewer/base.geojson" and urls["viewer"] == "/"
    assert blob["csrf"] == {"cookie": settings.CSRF_COOKIE_NAME, "header": "X-CSRFTOKEN"}
    assert settings.CSRF_COOKIE_NAME in client_for(staff_a).get(PAGE).cookies


def test_approvers_work_city_wide(approver: AbstractUser) -> None:
    _page, blob = open_page(client_for(approver))
    assert blob["user"]["role"] == "approver" and blob["user"]["decider"] is True
    assert blob["user"]["canCreate"] is False  # approvers decide; extension staff draw
    assert blob["units"] == [] and blob["view"]["bounds"] is None


def test_labels_and_choices_are_vietnamese_by_default(staff_a: AbstractUser) -> None:
    page, blob = open_page(client_for(staff_a))
    assert (blob["language"], blob["locale"]) == ("vi", "vi-VN")
    assert blob["choices"]["crop"]["coffee"] == "Cà phê"
    assert blob["choices"]["status"]["draft"] == "Nháp"
    assert blob["fields"]["crop"] == "Cây trồng" and blob["fields"]["geometry"] == "Ranh giới"
    assert blob["minimumAreaHa"]["coffee"] == settings.ZONE_MIN_AREA_HA_PERENNIAL
    assert blob["minimumAreaHa"]["rice"] == settings.ZONE_MIN_AREA_HA_ANNUAL
    assert '<html lang="vi">' in page
    # The form: the model's labels, the crops' Vietnamese names, the markets as check boxes.
    assert '<label for="id_zone-crop">Cây trồng' in page
    assert '<option value="coffee">Cà phê</option>' in page
    assert 'type="checkbox" name="zone-markets" value="china"' in page
    assert 'href="/"' in page and 'action="/i18n/setlang/"' in page


def test_english_with_the_language_cookie(staff_a: AbstractUser) -> None:
    client = client_for(staff_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page, blob = open_page(client)
    assert (blob["language"], blob["locale"]) == ("en", "en-US")
    assert blob["choices"]["crop"]["pepper"] == "Black pepper"
    assert '<html lang="en">' in page and "Tiếng Việt" in page


def test_the_page_loads_only_our_own_static_files(staff_a: AbstractUser) -> None:
    page, _blob = open_page(client_for(staff_a))
    assert not re.search(r'(src|href)="(https?:)?//', page), "the page refers to another server"
    for path in page_assets.static_paths():
        assert finders.find(path), f"{path} is missing from the static files"
    imports = json.loads(re.search(r'<script type="importmap">(.*?)</script>', page, re.DOTALL)[1])["imports"]
    assert set(imports) == set(page_assets.module_paths())
    for href in re.findall(r'(?:src|href)="(/static/[^"]+)"', page):
        assert finders.find(href.removeprefix(settings.STATIC_URL if settings.STATIC_URL.startswith("/")
                                              else "/" + settings.STATIC_URL)), href


def test_every_module_the_scripts_import_is_in_the_import_map() -> None:
    known = set(page_assets.module_paths())
    for path in page_assets.module_paths().values():
        source = Path(finders.find(path)).read_text(encoding="utf-8")  # type: ignore[arg-type]
        for name in re.findall(r"^import .* from '([^']+)';$", source, re.MULTILINE):
            assert name in known, f"{path} imports {name}, which the import map does not name"


def test_geoman_is_vendored_at_the_version_package_json_pins() -> None:
    package = json.loads((settings.BASE_DIR / "package.json").read_text(encoding="utf-8"))
    assert package["devDependencies"]["@geoman-io/leaflet-geoman-free"] == page_assets.GEOMAN_VERSION
    assert package["devDependencies"]["leaflet"] == page_assets.LEAFLET_VERSION
    version = finders.find(f"editor/vendor/leaflet-geoman-{page_assets.GEOMAN_VERSION}/VERSION")
    assert version, "Leaflet-Geoman is not vendored"
    text = Path(version).read_text(encoding="utf-8")
    assert f"version: {page_assets.GEOMAN_VERSION}" in text and "licence: MIT" in text
    assert finders.find(f"editor/vendor/leaflet-geoman-{page_assets.GEOMAN_VERSION}/LICENSE.md")
