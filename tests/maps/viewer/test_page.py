"""The viewer page at `/`: one settings blob per reader and language, the header's links, the base map."""

import dataclasses
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.staticfiles import finders
from django.core.checks import run_checks
from django.test import Client, override_settings

from layers.models import AdminUnit, Role
from layers.registry import LAYERS, register
from maps.viewer import assets
from maps.viewer.settings_blob import viewer_settings
from tests.maps.viewer.conftest import Place

pytestmark = pytest.mark.django_db

BLOB = re.compile(r'<script id="ntm-viewer-settings" type="application/json">(.*?)</script>', re.DOTALL)


def blob_of(page: str) -> dict[str, Any]:
    match = BLOB.search(page)
    assert match, "the page carries no settings blob"
    return json.loads(match[1])


def get_page(client: Client, language: str | None = None) -> tuple[str, dict[str, Any]]:
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    return page, blob_of(page)


def layer(blob: dict[str, Any], layer_id: str) -> dict[str, Any]:
    return next(entry for entry in blob["layers"] if entry["id"] == layer_id)


def test_the_root_is_the_viewer_with_every_public_layer(client: Client) -> None:
    _page, blob = get_page(client)
    assert [entry["id"] for entry in blob["layers"]] == [spec.id for spec in LAYERS.values() if spec.public]
    zones = layer(blob, "zones")
    assert zones["tiles"] == "/tiles/zones/{z}/{x}/{y}.pbf"
    assert (zones["minZoom"], zones["maxZoom"]) == (LAYERS["zones"].min_zoom, LAYERS["zones"].max_zoom)
    assert zones["style"]["by"] == "crop" and zones["style"]["palette"]["coffee"] == "#6f4e37"
    assert blob["view"] == {"center": [13.98, 108.0], "zoom": 12, "minZoom": 6, "maxZoom": 20}
    assert blob["baseMap"]["geojson"] == "/viewer/base.geojson" and blob["baseMap"]["tiles"] == ""


def test_anonymous_readers_get_no_private_layer_and_staff_do() -> None:
    private = dataclasses.replace(LAYERS["parcels"], id="cadastre_private", public=False)
    registry = register(LAYERS, private)
    staff = User.objects.create_superuser("root", password="x")
    anonymous_ids = [entry["id"] for entry in viewer_settings(user=AnonymousUser(), language="vi",
                                                              registry=registry)["layers"]]
    staff_ids = [entry["id"] for entry in viewer_settings(user=staff, language="vi", registry=registry)["layers"]]
    assert "cadastre_private" not in anonymous_ids
    assert "cadastre_private" in staff_ids


def test_labels_are_vietnamese_by_default(client: Client) -> None:
    page, blob = get_page(client, None)
    zones = layer(blob, "zones")
    assert (blob["language"], blob["locale"]) == ("vi", "vi-VN")
    assert zones["title"] == "Vùng trồng"
    labels = {prop["name"]: prop["label"] for prop in zones["properties"]}
    assert labels["crop"] == "Cây trồng" and labels["code"] == "Mã số vùng trồng"
    crop = next(prop for prop in zones["properties"] if prop["name"] == "crop")
    assert crop["choices"]["coffee"] == "cà phê"
    assert {"value": "coffee", "label": "cà phê", "color": "#6f4e37"} in zones["legend"]
    assert layer(blob, "tourism_sites")["heading"] == ["name_vi"]
    assert '<html lang="vi">' in page and "Đăng nhập" in page


def test_labels_are_english_with_the_language_cookie(client: Client) -> None:
    page, blob = get_page(client, "en")
    zones = layer(blob, "zones")
    assert (blob["language"], blob["locale"]) == ("en", "en-US")
    assert zones["title"] == "Cultivation zones"
    assert {prop["name"]: prop["label"] for prop in zones["properties"]}["crop"] == "Crop"
    assert zones["legend"][0] == {"value": "coffee", "label": "coffee", "color": "#6f4e37"}
    assert layer(blob, "tourism_sites")["heading"] == ["name_en", "name_vi"]
    assert '<html lang="en">' in page and "Log in" in page and "Tiếng Việt" in page


def test_popups_get_every_public_property_but_the_illustrative_flag(client: Client) -> None:
    _page, blob = get_page(client)
    for spec in LAYERS.values():
        names = [prop["name"] for prop in layer(blob, spec.id)["properties"]]
        assert names == [name for name in spec.public_properties if name != "is_illustrative"]
    assert "is_illustrative" not in json.dumps(blob["layers"])


def test_anonymous_readers_get_a_login_link_and_no_editor(client: Client) -> None:
    page, blob = get_page(client)
    assert blob["user"] == {"authenticated": False, "name": "", "role": None, "roleLabel": "",
                            "canEditZones": False}
    assert 'href="/admin/login/?next=%2F"' in page
    assert "/editor/" not in page.split("ntm-viewer-settings")[0]  # not in the header
    assert 'action="/admin/logout/"' not in page


@pytest.mark.parametrize(("role", "edits"), [
    (Role.EXTENSION_STAFF, True), (Role.APPROVER, True), (Role.ADMIN, True),
    (Role.PLANNER, False), (Role.TOURISM_PROMOTER, False),
])
def test_the_editor_link_is_for_roles_that_edit_zones(role: Role, edits: bool, place: Place,
                                                       tiles_client_for: Callable[..., Client]) -> None:
    units: tuple[AdminUnit, ...] = (place.biển_hồ,) if role == Role.EXTENSION_STAFF else ()
    page, blob = get_page(tiles_client_for(role, *units))
    header = page.split("ntm-viewer-settings")[0]
    assert blob["user"]["authenticated"] and blob["user"]["role"] == role.value
    assert blob["user"]["canEditZones"] is edits
    assert ('href="/editor/"' in header) is edits
    assert 'action="/admin/logout/"' in header  # its button reads Đăng xuất once translated (context: viewer header)
    assert "/admin/login/" not in header


def test_the_language_switch_posts_to_django_set_language(client: Client) -> None:
    page, _blob = get_page(client)
    assert 'action="/i18n/setlang/"' in page and 'name="language" value="en"' in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert get_page(client)[1]["language"] == "en"


def test_the_page_loads_only_our_own_static_files(client: Client) -> None:
    page, _blob = get_page(client)
    assert not re.search(r'(src|href)="(https?:)?//', page), "the page refers to another server"
    for path in (*assets.STYLESHEETS, *assets.CLASSIC_SCRIPTS, *(f"maps/viewer/{m}.js" for m in assets.MODULES)):
        assert finders.find(path), f"{path} is missing from the static files"
    imports = json.loads(re.search(r'<script type="importmap">(.*?)</script>', page, re.DOTALL)[1])["imports"]
    assert set(imports) == {f"viewer/{name}" for name in assets.MODULES}


def test_the_vendored_versions_are_the_ones_package_json_pins() -> None:
    package = json.loads((settings.BASE_DIR / "package.json").read_text(encoding="utf-8"))
    assert package["devDependencies"]["leaflet"] == assets.LEAFLET_VERSION
    assert package["devDependencies"]["leaflet.vectorgrid"] == assets.VECTORGRID_VERSION
    for folder in (f"leaflet-{assets.LEAFLET_VERSION}", f"leaflet.vectorgrid-{assets.VECTORGRID_VERSION}"):
        version = finders.find(f"maps/vendor/{folder}/VERSION")
        assert version, f"{folder} is not vendored"
        assert f"version: {folder.rsplit('-', 1)[1]}" in Path(version).read_text(encoding="utf-8")


@override_settings(MAPS_BASE_TILE_URL="https://tile.example.org/{z}/{x}/{y}.png",
                   MAPS_BASE_TILE_ATTRIBUTION="© Example")
def test_an_outside_tile_server_is_offered_only_when_configured(client: Client) -> None:
    base = get_page(client)[1]["baseMap"]
    assert (base["tiles"], base["tilesAttribution"]) == ("https://tile.example.org/{z}/{x}/{y}.png", "© Example")
    assert not [message for message in run_checks() if message.id == "ntm.E201"]


@pytest.mark.parametrize("url", ["tile.example.org/{z}/{x}/{y}.png", "https://tile.example.org/{z}/{x}.png",
                                 "javascript:alert(1)//{z}{x}{y}"])
def test_a_broken_tile_url_fails_the_system_check(url: str) -> None:
    with override_settings(MAPS_BASE_TILE_URL=url):
        assert [message.id for message in run_checks() if message.id.startswith("ntm.E2")] == ["ntm.E201"]


def test_the_base_map_is_todays_units_with_cache_headers(client: Client, place: Place) -> None:
    response = client.get("/viewer/base.geojson")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert response["Cache-Control"].startswith("public, max-age=")
    collection = json.loads(response.content)
    names = sorted(feature["properties"]["name"] for feature in collection["features"])
    assert names == ["Biển Hồ", "Đak Đoa"]  # the unit that ended in 2025 is not drawn
    again = client.get("/viewer/base.geojson", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_the_viewer_answers_only_reads(client: Client) -> None:
    assert client.post("/").status_code == 405
    assert client.post("/viewer/base.geojson").status_code == 405
