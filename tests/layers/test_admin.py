"""The admin: accent-insensitive search, every page renders, the offline base map, commune scoping."""

import datetime as dt
import json
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from layers import permissions
from layers.admin import OUTSIDE_SCOPE, STATUS_NOT_ALLOWED
from layers.models import AdminUnit, CultivationZone, Parcel, Role, TourismSite, UserScope, ZoneStatus
from layers.roles import role_group, sync_role_groups
from layers.widgets import OfflineMapWidget
from tests.factories import box, make_unit

pytestmark = pytest.mark.django_db

def make_zone(name: str, *units: AdminUnit, **fields: Any) -> CultivationZone:
    zone = CultivationZone.objects.create(name=name, crop="coffee", geometry=box(108.0, 14.0, 0.005),
                                          **fields)
    zone.units.set(units)
    return zone


def make_user(username: str, role: Role, *units: AdminUnit) -> User:
    user = User.objects.create_user(username, password="x", is_staff=True)
    scope = UserScope.objects.create(user=user, role=role)
    scope.units.set(units)
    user.groups.add(role_group(role))
    return user


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def groups() -> None:
    # The role groups are made by post_migrate; a transactional test elsewhere may have flushed them.
    sync_role_groups()


@pytest.fixture
def unit_a() -> AdminUnit:
    return make_unit("Biển Hồ", lon=107.98, lat=14.0, size_deg=0.02)


@pytest.fixture
def unit_b() -> AdminUnit:
    return make_unit("Đak Đoa", lon=108.0, lat=14.0, size_deg=0.02)


@pytest.fixture
def zone_a(unit_a: AdminUnit) -> CultivationZone:
    return make_zone("Vùng cà phê Biển Hồ", unit_a, code="VN-GLOR-0065", status=ZoneStatus.DRAFT)


@pytest.fixture
def zone_b(unit_b: AdminUnit) -> CultivationZone:
    return make_zone("Vùng hồ tiêu Đak Đoa", unit_b, code="VN-GLOR-0138", status=ZoneStatus.DRAFT)


@pytest.fixture
def superuser() -> User:
    return User.objects.create_superuser("root", password="x")


@pytest.fixture
def staff_a(unit_a: AdminUnit) -> User:
    return make_user("officer-a", Role.EXTENSION_STAFF, unit_a)


def changelist(client: Client, model: str, query: str) -> list[Any]:
    response = client.get(reverse(f"admin:layers_{model}_changelist"), {"q": query})
    assert response.status_code == 200
    return list(response.context["cl"].queryset)


def zone_form_data(zone: CultivationZone, **changes: Any) -> dict[str, Any]:
    """What the zone change form posts when saved unchanged, with `changes` applied."""
    data: dict[str, Any] = {
        "code": zone.code or "", "name": zone.name, "status": zone.status, "crop": zone.crop,
        "variety": zone.variety, "holder": zone.holder, "representative": zone.representative,
        "households": "", "declared_area_ha": "", "valid_from": "", "valid_until": "",
        "units": list(zone.units.values_list("pk", flat=True)) if zone.pk else [],
        "parcels": [], "markets": [], "standards": [],
        "geometry": zone.geometry.ewkt if zone.geometry else "",
    }
    return {**data, **changes}


def post_zone(client: Client, zone: CultivationZone, **changes: Any) -> Any:
    url = reverse("admin:layers_cultivationzone_change", args=[zone.pk])
    return client.post(url, zone_form_data(zone, **changes))


# Search ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["bien ho", "BIEN HO", "Biển Hồ", "biển hồ"])
def test_unit_search_ignores_accents_and_case(superuser: User, unit_a: AdminUnit, unit_b: AdminUnit,
                                              query: str) -> None:
    assert changelist(client_for(superuser), "adminunit", query) == [unit_a]


def test_unit_search_folds_d_with_stroke(superuser: User, unit_a: AdminUnit, unit_b: AdminUnit) -> None:
    assert changelist(client_for(superuser), "adminunit", "dak doa") == [unit_b]


@pytest.mark.parametrize("query", ["bien ho", "BIEN HO", "ca phe"])
def test_zone_search_by_name_ignores_accents(superuser: User, zone_a: CultivationZone,
                                             zone_b: CultivationZone, query: str) -> None:
    assert changelist(client_for(superuser), "cultivationzone", query) == [zone_a]


@pytest.mark.parametrize("query", ["VN - GLOR - 0065", "vn-glor-0065", "VN – GLOR – 0065", "0065"])
def test_zone_search_by_code_in_any_spelling(superuser: User, zone_a: CultivationZone,
                                             zone_b: CultivationZone, query: str) -> None:
    assert changelist(client_for(superuser), "cultivationzone", query) == [zone_a]


def test_parcel_search_by_sheet_and_number_and_unit(superuser: User, unit_a: AdminUnit,
                                                    unit_b: AdminUnit) -> None:
    parcel = Parcel.objects.create(unit=unit_a, sheet_number=12, parcel_number=345, land_use="CLN",
                                   geometry=box(107.99, 14.01, 0.001))
    Parcel.objects.create(unit=unit_b, sheet_number=12, parcel_number=7, land_use="CLN",
                          geometry=box(108.01, 14.01, 0.001))
    client = client_for(superuser)
    assert changelist(client, "parcel", "12/345") == [parcel]
    assert changelist(client, "parcel", "345") == [parcel]
    assert changelist(client, "parcel", "bien ho") == [parcel]


def test_site_search_by_vietnamese_or_english_name(superuser: User, unit_a: AdminUnit) -> None:
    site = TourismSite.objects.create(name_vi="Hồ Tơ Nưng", name_en="Sea Lake", category="nature",
                                      geometry=box(107.99, 14.01, 0.001).centroid, unit=unit_a)
    client = client_for(superuser)
    assert changelist(client, "tourismsite", "ho to nung") == [site]
    assert changelist(client, "tourismsite", "sea lake") == [site]


# Every page renders, with the offline widget ---------------------------------------------------

LAYERS_MODELS = sorted(model._meta.model_name for model in admin.site._registry
                       if model._meta.app_label == "layers")


def test_every_domain_model_is_registered() -> None:
    assert sorted([
        "adminunit", "adminunitsuccession", "cultivationzone", "linkagemodel", "ocopproducer", "ocopproduct", "parcel",
        "tourismroute", "tourismsite", "userscope",
    ]) == LAYERS_MODELS


@pytest.mark.parametrize("model", LAYERS_MODELS)
@pytest.mark.parametrize("page", ["changelist", "add"])
def test_superuser_sees_every_page(superuser: User, zone_a: CultivationZone, model: str, page: str) -> None:
    response = client_for(superuser).get(reverse(f"admin:layers_{model}_{page}"))
    assert response.status_code == 200


def test_illustrative_flag_is_listed(superuser: User, unit_a: AdminUnit) -> None:
    make_zone("Vùng minh hoạ", unit_a, is_illustrative=True)
    response = client_for(superuser).get(reverse("admin:layers_cultivationzone_changelist"))
    assert "column-is_illustrative" in response.content.decode()


def test_zone_page_loads_nothing_from_outside(superuser: User, zone_a: CultivationZone) -> None:
    response = client_for(superuser).get(reverse("admin:layers_cultivationzone_change", args=[zone_a.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "/static/layers/vendor/ol-7.2.2/ol.js" in page
    assert reverse("admin:layers_adminunit_basemap") in page
    assert "cdn.jsdelivr.net" not in page
    assert "openstreetmap" not in page.lower()


def test_widget_media_is_local_only() -> None:
    media = OfflineMapWidget().media
    assert not [url for url in (*media._js, *media._css["all"]) if "//" in url]


# The offline base map --------------------------------------------------------------------------

def test_base_map_has_the_current_units_only(superuser: User, unit_a: AdminUnit, unit_b: AdminUnit) -> None:
    province = make_unit("Gia Lai", level="province", lon=107.9, lat=13.9, size_deg=0.2)
    make_unit("Tân Sơn", lon=107.96, valid_from=dt.date(2008, 1, 1), valid_to=dt.date(2025, 6, 30))
    make_unit("Chưa vẽ", geometry=None)
    response = client_for(superuser).get(reverse("admin:layers_adminunit_basemap"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    collection = json.loads(response.content)
    assert collection["type"] == "FeatureCollection"
    names = [feature["properties"]["name"] for feature in collection["features"]]
    assert names == [province.name, unit_a.name, unit_b.name]  # the province first, beneath the rest
    first = collection["features"][1]
    assert first["properties"] == {"code": unit_a.code, "name": "Biển Hồ", "level": "commune"}
    assert first["geometry"]["type"] in {"Polygon", "MultiPolygon"}  # simplifying may unwrap it


def test_base_map_is_for_staff_only(unit_a: AdminUnit) -> None:
    url = reverse("admin:layers_adminunit_basemap")
    assert Client().get(url).status_code == 302  # to the admin login
    outsider = User.objects.create_user("visitor", password="x")
    assert client_for(outsider).get(url).status_code == 302


# Commune scoping -------------------------------------------------------------------------------

def test_staff_see_only_zones_touching_their_units(staff_a: User, zone_a: CultivationZone,
                                                   zone_b: CultivationZone, unit_a: AdminUnit,
                                                   unit_b: AdminUnit) -> None:
    shared = make_zone("Vùng chung", unit_a, unit_b)
    assert set(changelist(client_for(staff_a), "cultivationzone", "")) == {zone_a, shared}


def test_staff_cannot_open_or_change_a_zone_of_another_unit(staff_a: User, zone_b: CultivationZone) -> None:
    client = client_for(staff_a)
    url = reverse("admin:layers_cultivationzone_change", args=[zone_b.pk])
    assert client.get(url).status_code == 404
    assert post_zone(client, zone_b, name="Đã sửa").status_code == 404
    zone_b.refresh_from_db()
    assert zone_b.name == "Vùng hồ tiêu Đak Đoa"


def test_staff_may_view_but_not_change_a_zone_shared_with_another_unit(
    staff_a: User, unit_a: AdminUnit, unit_b: AdminUnit
) -> None:
    shared = make_zone("Vùng chung", unit_a, unit_b)
    client = client_for(staff_a)
    assert client.get(reverse("admin:layers_cultivationzone_change", args=[shared.pk])).status_code == 200
    assert post_zone(client, shared, name="Đã sửa").status_code == 403
    shared.refresh_from_db()
    assert shared.name == "Vùng chung"


def test_staff_can_submit_a_zone_of_their_unit(staff_a: User, zone_a: CultivationZone) -> None:
    response = post_zone(client_for(staff_a), zone_a, status=ZoneStatus.SUBMITTED, name="Đã nộp")
    assert response.status_code == 302, response.context["adminform"].form.errors
    zone_a.refresh_from_db()
    assert (zone_a.status, zone_a.name) == (ZoneStatus.SUBMITTED, "Đã nộp")


def test_staff_cannot_move_a_zone_into_another_unit(staff_a: User, zone_a: CultivationZone,
                                                    unit_a: AdminUnit, unit_b: AdminUnit) -> None:
    for units in ([unit_b.pk], [unit_a.pk, unit_b.pk]):
        response = post_zone(client_for(staff_a), zone_a, units=units, name="Đã chuyển")
        assert response.status_code == 200
        assert str(OUTSIDE_SCOPE) in response.context["adminform"].form.errors["units"]
    zone_a.refresh_from_db()
    assert zone_a.name == "Vùng cà phê Biển Hồ"
    assert list(zone_a.units.all()) == [unit_a]


def test_staff_cannot_approve(staff_a: User, zone_a: CultivationZone) -> None:
    response = post_zone(client_for(staff_a), zone_a, status=ZoneStatus.APPROVED)
    assert response.status_code == 200
    assert str(STATUS_NOT_ALLOWED) in response.context["adminform"].form.errors["status"]
    zone_a.refresh_from_db()
    assert zone_a.status == ZoneStatus.DRAFT


def test_approver_can_approve_any_zone(zone_b: CultivationZone) -> None:
    approver = make_user("approver", Role.APPROVER)
    assert post_zone(client_for(approver), zone_b, status=ZoneStatus.APPROVED).status_code == 302
    zone_b.refresh_from_db()
    assert zone_b.status == ZoneStatus.APPROVED


def test_staff_add_a_zone_only_in_their_units(staff_a: User, unit_a: AdminUnit, unit_b: AdminUnit) -> None:
    client = client_for(staff_a)
    url = reverse("admin:layers_cultivationzone_add")
    blank = zone_form_data(CultivationZone(name="Vùng mới", crop="coffee"))
    assert client.post(url, {**blank, "units": [unit_b.pk]}).status_code == 200
    assert client.post(url, {**blank, "units": []}).status_code == 200
    assert not CultivationZone.objects.exists()
    assert client.post(url, {**blank, "units": [unit_a.pk]}).status_code == 302
    assert list(CultivationZone.objects.get().units.all()) == [unit_a]


def test_staff_see_and_change_only_parcels_of_their_units(staff_a: User, unit_a: AdminUnit,
                                                          unit_b: AdminUnit) -> None:
    own = Parcel.objects.create(unit=unit_a, sheet_number=1, parcel_number=1, land_use="CLN",
                                geometry=box(107.99, 14.01, 0.001))
    other = Parcel.objects.create(unit=unit_b, sheet_number=1, parcel_number=2, land_use="CLN",
                                  geometry=box(108.01, 14.01, 0.001))
    client = client_for(staff_a)
    assert changelist(client, "parcel", "") == [own]
    assert client.get(reverse("admin:layers_parcel_change", args=[other.pk])).status_code == 404
    data = {"unit": unit_b.pk, "sheet_number": 1, "parcel_number": 1, "land_use": "CLN",
            "recorded_area_m2": "", "geometry": own.geometry.ewkt}
    response = client.post(reverse("admin:layers_parcel_change", args=[own.pk]), data)
    assert str(OUTSIDE_SCOPE) in response.context["adminform"].form.errors["unit"]
    own.refresh_from_db()
    assert own.unit == unit_a


@pytest.mark.parametrize("model", LAYERS_MODELS)
def test_planner_cannot_add_anything(unit_a: AdminUnit, model: str) -> None:
    planner = make_user("planner", Role.PLANNER)
    assert client_for(planner).get(reverse(f"admin:layers_{model}_add")).status_code == 403


def test_planner_can_look_but_not_change(zone_a: CultivationZone) -> None:
    client = client_for(make_user("planner", Role.PLANNER))
    assert client.get(reverse("admin:layers_cultivationzone_changelist")).status_code == 200
    assert post_zone(client, zone_a, name="Đã sửa").status_code == 403
    zone_a.refresh_from_db()
    assert zone_a.name == "Vùng cà phê Biển Hồ"


def test_roles_of_users(superuser: User, staff_a: User) -> None:
    nobody = User.objects.create_user("nobody", password="x", is_staff=True)
    assert permissions.user_role(superuser) == Role.ADMIN
    assert permissions.user_role(staff_a) == Role.EXTENSION_STAFF
    assert permissions.user_role(nobody) is None
    assert not permissions.units_editable_by(nobody).exists()
