"""Fixtures for the ingest tests: small administrative units with real PostGIS boundaries."""

import datetime as dt

import pytest
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon

from layers.models import AdminUnit, UnitLevel

REFORM_DATE = dt.date(2025, 7, 1)

# Small made-up boundaries near Pleiku, so that the tests do not depend on shipped data files.
# The ward is concave (a notch in its north side), the commune has a hole and a detached part:
# the shapes that break naive clipping.
WARD_WKT = (
    "POLYGON((108.000 14.000, 108.030 14.002, 108.032 14.022, 108.016 14.014, 108.012 14.026, "
    "107.998 14.024, 108.000 14.000))"
)  # about 7.6 km²
COMMUNE_WKT = (
    "MULTIPOLYGON(((108.05 13.95, 108.09 13.95, 108.09 13.99, 108.05 13.99, 108.05 13.95),"
    "(108.065 13.965, 108.065 13.975, 108.075 13.975, 108.075 13.965, 108.065 13.965)),"
    "((108.10 13.95, 108.12 13.955, 108.11 13.97, 108.10 13.95)))"
)  # about 20 km²


def make_unit(code: str, level: str, wkt: str, *, valid_to: dt.date | None = None) -> AdminUnit:
    geometry = GEOSGeometry(wkt, srid=4326)
    if not isinstance(geometry, MultiPolygon):
        geometry = MultiPolygon(geometry, srid=4326)
    return AdminUnit.objects.create(
        slug=f"unit-{code}", code=code, name=code, full_name=f"Unit {code}", level=level,
        valid_from=REFORM_DATE if valid_to is None else dt.date(2000, 1, 1), valid_to=valid_to,
        geometry=geometry,
    )


@pytest.fixture
def ward() -> AdminUnit:
    return make_unit("99001", UnitLevel.WARD, WARD_WKT)


@pytest.fixture
def commune() -> AdminUnit:
    return make_unit("99002", UnitLevel.COMMUNE, COMMUNE_WKT)


@pytest.fixture
def units(ward: AdminUnit, commune: AdminUnit) -> list[AdminUnit]:
    """The two current units, plus a retired commune and a district that generation must ignore."""
    make_unit("99003", UnitLevel.COMMUNE, COMMUNE_WKT, valid_to=dt.date(2025, 6, 30))
    make_unit("99000", UnitLevel.DISTRICT, COMMUNE_WKT)
    return [ward, commune]


@pytest.fixture(autouse=True)
def _in_english(english: None) -> None:
    """Messages are asserted in English here; tests of the Vietnamese ask for it explicitly."""
