"""Fixtures for the tile tests (prefixed `tiles_`): units, zones and logged-in readers near Pleiku."""

import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AbstractUser
from django.test import Client

from layers.models import AdminUnit, CultivationZone, Role, ZoneStatus
from layers.roles import sync_role_groups
from layers.services import user_provision
from tests.factories import box, make_unit


@pytest.fixture
def tiles_unit_a() -> AdminUnit:
    return make_unit("Biển Hồ", lon=107.98, lat=13.99, size_deg=0.04)


@pytest.fixture
def tiles_unit_b() -> AdminUnit:
    return make_unit("Đak Đoa", lon=108.10, lat=13.90, size_deg=0.04)


ZoneMaker = Callable[..., CultivationZone]


@pytest.fixture
def tiles_zone() -> ZoneMaker:
    """Make a zone: a box of `size` degrees at lon/lat, in the given units, with any other fields."""
    counter = iter(range(1, 10_000))

    def make(*units: AdminUnit, lon: float = 108.0, lat: float = 14.0, size: float = 0.005,
             status: str = ZoneStatus.APPROVED, **fields: Any) -> CultivationZone:
        number = next(counter)
        fields.setdefault("code", f"VN-GLOR-{number:04d}")
        zone = CultivationZone.objects.create(name=f"Vùng {number}", crop="coffee", status=status,
                                              geometry=box(lon, lat, size), **fields)
        zone.units.set(units)
        return zone

    return make


@pytest.fixture
def tiles_client_for() -> Callable[..., Client]:
    """A logged-in client for a new user of `role` (extension staff get `units`)."""

    # The role groups are made by post_migrate; a transactional test elsewhere may have flushed them.
    sync_role_groups()
    numbers = itertools.count(1)

    def login(role: Role, *units: AdminUnit) -> Client:
        user, _password = user_provision(username=f"{role.value}-{next(numbers)}", role=role,
                                         unit_codes=[unit.code for unit in units])
        client = Client()
        assert isinstance(user, AbstractUser)
        client.force_login(user)
        return client

    return login
