"""Fixtures for the vector analyses: two communes of 2 km on the VN-2000 grid (from the zone
fixtures), points placed in metres from commune A's corner, and a runner that records progress."""

from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.gis.geos import GEOSGeometry, Point
from django.db import connection

from analysis.spec import Result, RunContext, analysis_get, values_parse
from tests.layers.zone_fixtures import commune_a, commune_b, origin, square  # noqa: F401  (fixtures)

PointAt = Callable[[float, float], Point]
Run = Callable[..., Result]


@pytest.fixture
def point(origin: tuple[float, float]) -> PointAt:  # noqa: F811  (pytest passes the imported fixture)
    """A point `dx`, `dy` metres east and north of commune A's south-west corner, in EPSG:4326."""

    def make(dx: float, dy: float) -> Point:
        with connection.cursor() as cursor:
            cursor.execute("SELECT ST_AsEWKT(ST_Transform(ST_SetSRID(ST_MakePoint(%s, %s), 9218), 4326))",
                           [origin[0] + dx, origin[1] + dy])
            geometry = GEOSGeometry(cursor.fetchone()[0])
        assert isinstance(geometry, Point)
        return geometry

    return make


@pytest.fixture
def run(tmp_path: Path) -> Run:
    """Parse raw parameters as the form and the command do, refuse, then run; progress must rise."""

    def execute(name: str, **raw: object) -> Result:
        analysis = analysis_get(name)
        values = values_parse(analysis.params, raw)
        analysis.refuse(values)
        reported: list[float] = []
        result = analysis.run(values, RunContext(tmp_path, lambda fraction, _note: reported.append(fraction)))
        assert reported and reported == sorted(reported) and all(0 <= f <= 1 for f in reported)
        return result

    return execute
