"""Versions and revisions outside the API: the migration's baseline, the admin's saves, and who reads what."""

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.db import connection
from django.test import Client
from django.urls import reverse
from psycopg2 import sql

from layers.models import AdminUnit, CultivationZone, Role, ZoneAction, ZoneRevision, ZoneStatus
from layers.registry import LAYERS
from layers.visibility import row_filter, zones_readable_by
from layers.zone_services import zone_snapshot
from tests.layers.zone_fixtures import Square, UserFor

pytestmark = pytest.mark.django_db

BASELINE_SQL = importlib.import_module("layers.migrations.0004_zone_versions").BASELINE


def test_the_migration_baseline_holds_what_the_services_snapshot(commune_a: AdminUnit, square: Square) -> None:
    zone = CultivationZone.objects.create(
        name="Cũ", crop="pepper", code="VN-GLOR-0098", status=ZoneStatus.APPROVED, declared_area_ha=Decimal("11.30"),
        markets=["china", "eu"], standards=["vietgap"], valid_from=dt.date(2024, 3, 1), households=12,
        geometry=square(100, 100, 340))
    zone.units.set([commune_a])
    with connection.cursor() as cursor:
        cursor.execute(BASELINE_SQL)
    baseline = ZoneRevision.objects.get(zone=zone)
    assert baseline.action == ZoneAction.BASELINE and baseline.version == 1
    assert baseline.attributes == zone_snapshot(zone)
    assert baseline.geometry.equals_exact(zone.geometry, 0)


def test_an_admin_save_is_a_version_with_a_revision(user_for: UserFor, commune_a: AdminUnit, square: Square) -> None:
    approver = user_for(Role.APPROVER)
    zone = CultivationZone.objects.create(name="Trong admin", crop="coffee", geometry=square(100, 100, 200),
                                          status=ZoneStatus.SUBMITTED, code="VN-GLOR-0200")
    zone.units.set([commune_a])
    client = Client()
    client.force_login(approver)
    data = {"code": zone.code, "name": "Đã duyệt trong admin", "status": ZoneStatus.APPROVED, "crop": "coffee",
            "variety": "", "holder": "", "representative": "", "households": "", "declared_area_ha": "",
            "valid_from": "", "valid_until": "", "units": [commune_a.pk], "parcels": [], "markets": [],
            "standards": [], "geometry": zone.geometry.ewkt}
    response = client.post(reverse("admin:layers_cultivationzone_change", args=[zone.pk]), data)
    assert response.status_code == 302
    zone.refresh_from_db()
    assert (zone.version, zone.status) == (2, ZoneStatus.APPROVED)
    revision = zone.revisions.get()
    assert (revision.version, revision.action, revision.user) == (2, ZoneAction.APPROVE, approver)
    page = client.get(reverse("admin:layers_cultivationzone_change", args=[zone.pk])).content.decode()
    assert "v2" in page and approver.username in page


@pytest.mark.parametrize("role", [None, *Role])
def test_the_editing_api_and_the_map_read_paths_see_the_same_zones(
    role: Role | None, user_for: UserFor, commune_a: AdminUnit, commune_b: AdminUnit, square: Square
) -> None:
    for status, unit, dx in [("draft", commune_a, 100), ("submitted", commune_b, 2100), ("approved", commune_b, 2400),
                             ("revoked", commune_a, 400)]:
        zone = CultivationZone.objects.create(name=status, crop="coffee", status=status, geometry=square(dx, 100, 200),
                                              code=None if status in {"draft", "submitted"} else f"VN-GLOR-{dx}")
        zone.units.set([unit])
    user: AbstractUser | AnonymousUser = AnonymousUser() if role is None else (
        user_for(role, commune_a) if role == Role.EXTENSION_STAFF else user_for(role))
    condition = row_filter(LAYERS["zones"], user, alias="t")
    query = sql.SQL("SELECT t.name FROM layers_cultivationzone t WHERE {}").format(condition.condition)
    with connection.cursor() as cursor:
        cursor.execute(query, condition.params)
        by_sql = {row[0] for row in cursor.fetchall()}
    assert set(zones_readable_by(user).values_list("name", flat=True)) == by_sql
    assert ("draft" in by_sql) is (role in {Role.EXTENSION_STAFF, Role.APPROVER, Role.ADMIN})
