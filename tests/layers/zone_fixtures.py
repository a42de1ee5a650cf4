"""Fixtures for zone editing (layers and editor tests): two communes side by side on the VN-2000 grid,
squares measured in metres inside them, and users of every role.

The communes are squares of the EPSG:9218 grid, so a zone square placed across their shared edge has
an exactly known part on each side.
"""

import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AbstractUser
from django.contrib.gis.geos import MultiPolygon
from django.db import connection

from layers.models import AdminUnit, Role
from layers.roles import sync_role_groups
from layers.services import user_provision
from layers.zone_services import zone_create
from tests.factories import make_unit, square_in_vn2000

COMMUNE_SIDE_M = 2000.0
Square = Callable[..., MultiPolygon]
UserFor = Callable[..., AbstractUser]


@pytest.fixture
def origin() -> tuple[float, float]:
    """The south-west corner of commune A in EPSG:9218 metres (near 107.98 E, 14.00 N)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_X(p), ST_Y(p) FROM ST_Transform(ST_SetSRID(ST_MakePoint(107.98, 14.0), 4326), "
                       "9218) AS p")
        easting, northing = cursor.fetchone()
    return round(easting), round(northing)


@pytest.fixture
def square(origin: tuple[float, float]) -> Square:
    """A square of `side` metres whose south-west corner is (`dx`, `dy`) metres from commune A's."""

    def make(dx: float, dy: float, side: float) -> MultiPolygon:
        return square_in_vn2000(easting=origin[0] + dx, northing=origin[1] + dy, side_m=side)

    return make


@pytest.fixture
def commune_a(square: Square) -> AdminUnit:
    return make_unit("Biển Hồ", geometry=square(0, 0, COMMUNE_SIDE_M))


@pytest.fixture
def commune_b(square: Square) -> AdminUnit:
    """East of commune A, sharing its eastern edge."""
    return make_unit("Gào", geometry=square(COMMUNE_SIDE_M, 0, COMMUNE_SIDE_M))


@pytest.fixture
def user_for() -> UserFor:
    # The role groups are made by post_migrate; a transactional test elsewhere may have flushed them.
    sync_role_groups()
    numbers = itertools.count(1)

    def make(role: Role, *units: AdminUnit) -> AbstractUser:
        user, _password = user_provision(username=f"{role.value}-{next(numbers)}", role=role,
                                         unit_codes=[unit.code for unit in units])
        assert isinstance(user, AbstractUser)
        return user

    return make


@pytest.fixture
def staff_a(user_for: UserFor, commune_a: AdminUnit) -> AbstractUser:
    return user_for(Role.EXTENSION_STAFF, commune_a)


@pytest.fixture
def staff_b(user_for: UserFor, commune_b: AdminUnit) -> AbstractUser:
    return user_for(Role.EXTENSION_STAFF, commune_b)


@pytest.fixture
def approver(user_for: UserFor) -> AbstractUser:
    return user_for(Role.APPROVER)


@pytest.fixture
def administrator(user_for: UserFor) -> AbstractUser:
    return user_for(Role.ADMIN)


def coffee(**changes: Any) -> dict[str, Any]:
    """Attributes of a 4 ha coffee zone (a 200 m square), with `changes`."""
    return {"name": "Vùng cà phê Biển Hồ", "crop": "coffee", "declared_area_ha": "4.00", "holder": "HTX Biển Hồ",
            **changes}


@pytest.fixture
def draft_a(staff_a: AbstractUser, square: Square) -> Any:
    """A 4 ha coffee draft in commune A, made by its officer."""
    return zone_create(user=staff_a, attributes=coffee(), geometry=square(100, 100, 200)).zone
