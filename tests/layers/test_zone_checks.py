"""Each zone check on a hand-made geometry whose answer is known."""

import json
from typing import Any

import pytest
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon
from django.db import connection
from pytest_django.fixtures import Settings as SettingsWrapper

from layers.models import AdminUnit, CultivationZone, ZoneStatus
from layers.zone_checks import (
    AREA_MISMATCH,
    BELOW_MINIMUM_AREA,
    NO_UNIT,
    OUTSIDE_UNITS,
    OVERLAP,
    SELF_INTERSECTION,
    ZoneCandidate,
    area_mismatch_problem,
    geometry_problems,
    minimum_area_problem,
    units_reached,
    zone_overlaps,
    zone_problems,
)
from tests.layers.zone_fixtures import Square

pytestmark = pytest.mark.django_db

BOW_TIE = MultiPolygon(Polygon(((107.985, 14.005), (107.987, 14.007), (107.987, 14.005), (107.985, 14.007),
                                (107.985, 14.005))), srid=4326)


def area_m2(geojson: dict[str, Any], *, within: MultiPolygon | None = None) -> float:
    """The area of a GeoJSON geometry in the VN-2000 plane (of its part within `within`, if given)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_Area(ST_Transform(CASE WHEN %s::geometry IS NULL THEN g "
                       "ELSE ST_Intersection(g, %s::geometry) END, 990218)) "
                       "FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON(%s), 4326) AS g) s",
                       [within.ewkt if within else None, within.ewkt if within else None, json.dumps(geojson)])
        return float(cursor.fetchone()[0])


def zone(geometry: MultiPolygon, status: str = ZoneStatus.APPROVED, **fields: Any) -> CultivationZone:
    return CultivationZone.objects.create(name="Vùng đã có", crop="coffee", status=status, geometry=geometry,
                                          code=fields.pop("code", "VN-GLOR-0065" if status != "draft" else None),
                                          **fields)


def candidate(geometry: MultiPolygon, **fields: Any) -> ZoneCandidate:
    return ZoneCandidate(**{"geometry": geometry, "crop": "coffee", "declared_area_ha": None, **fields})


# Self-intersection ------------------------------------------------------------------------------

def test_a_bow_tie_is_drawn_at_its_crossing_point() -> None:
    (problem,) = geometry_problems(BOW_TIE)
    assert problem.code == SELF_INTERSECTION and problem.blocking
    assert problem.geometry is not None and problem.geometry["type"] == "Point"
    assert problem.geometry["coordinates"] == pytest.approx([107.986, 14.006], abs=1e-9)


def test_a_bow_tie_stops_the_other_checks(square: Square) -> None:
    zone(MultiPolygon(Polygon.from_bbox((107.984, 14.004, 107.988, 14.008)), srid=4326))
    assert [p.code for p in zone_problems(candidate(BOW_TIE))] == [SELF_INTERSECTION]


def test_a_valid_square_has_no_geometry_problem(square: Square) -> None:
    assert geometry_problems(square(100, 100, 200)) == []


def test_an_empty_boundary_is_refused() -> None:
    (problem,) = geometry_problems(MultiPolygon(srid=4326))
    assert problem.code == "empty_geometry"


def test_a_hole_outside_its_shell_is_invalid_but_not_a_crossing() -> None:
    shell = ((0, 0), (1, 0), (1, 1), (0, 1), (0, 0))
    hole = ((2, 2), (3, 2), (3, 3), (2, 3), (2, 2))
    (problem,) = geometry_problems(MultiPolygon(Polygon(shell, hole), srid=4326))
    assert problem.code == "invalid_geometry" and problem.blocking


# Overlaps ---------------------------------------------------------------------------------------

def test_two_squares_overlap_by_the_shared_strip(square: Square) -> None:
    other = zone(square(100, 100, 200))
    (overlap,) = zone_overlaps(square(200, 100, 200), exclude_zone_id=None, sliver_m2=10)
    assert overlap.zone_id == other.pk
    assert overlap.area_m2 == pytest.approx(100 * 200, abs=1)
    assert area_m2(overlap.geometry) == pytest.approx(20_000, abs=1)


def test_the_overlap_is_a_blocking_problem_that_names_the_zone_only_if_visible(square: Square) -> None:
    zone(square(100, 100, 200), code="VN-GLOR-0065")
    (hidden, _no_unit) = zone_problems(candidate(square(200, 100, 200), declared_area_ha=4))
    assert hidden.code == OVERLAP and hidden.blocking and "VN-GLOR-0065" not in hidden.message
    (named, _no_unit) = zone_problems(candidate(square(200, 100, 200), declared_area_ha=4),
                                      may_name=lambda _id: True)
    assert named.code == OVERLAP and "VN-GLOR-0065" in named.message


@pytest.mark.parametrize(("status", "counts"), [
    (ZoneStatus.SUBMITTED, True), (ZoneStatus.APPROVED, True), (ZoneStatus.SUSPENDED, True),
    (ZoneStatus.DRAFT, False), (ZoneStatus.REVOKED, False),
])
def test_only_active_zones_count_as_overlaps(square: Square, status: str, counts: bool) -> None:
    zone(square(100, 100, 200), status=status)
    assert bool(zone_overlaps(square(200, 100, 200), exclude_zone_id=None, sliver_m2=10)) is counts


def test_a_zone_does_not_overlap_itself(square: Square) -> None:
    itself = zone(square(100, 100, 200))
    assert zone_overlaps(square(110, 100, 200), exclude_zone_id=itself.pk, sliver_m2=10) == []


def test_slivers_under_the_setting_are_ignored(square: Square, settings: SettingsWrapper) -> None:
    zone(square(100, 100, 200))
    touching = candidate(square(299, 100, 200), declared_area_ha=4)  # a 1 m × 200 m strip: 200 m²
    settings.ZONE_SLIVER_M2 = 250
    assert OVERLAP not in [p.code for p in zone_problems(touching)]
    settings.ZONE_SLIVER_M2 = 150
    assert OVERLAP in [p.code for p in zone_problems(touching)]


# Administrative units ---------------------------------------------------------------------------

def test_the_part_outside_the_staff_units_is_drawn(square: Square, commune_a: AdminUnit,
                                                   commune_b: AdminUnit) -> None:
    straddling = candidate(square(1900, 100, 200), declared_area_ha=4)  # half in A, half in B
    problems = {p.code: p for p in zone_problems(straddling, scope_unit_ids=[commune_a.pk])}
    outside = problems[OUTSIDE_UNITS]
    assert outside.blocking and outside.geometry is not None
    assert area_m2(outside.geometry) == pytest.approx(20_000, abs=2)
    assert area_m2(outside.geometry, within=commune_b.geometry) == pytest.approx(20_000, abs=2)
    assert OUTSIDE_UNITS not in [p.code for p in zone_problems(straddling, scope_unit_ids=[commune_a.pk,
                                                                                             commune_b.pk])]


def test_city_wide_users_are_not_limited_to_units(square: Square, commune_a: AdminUnit) -> None:
    assert OUTSIDE_UNITS not in [p.code for p in zone_problems(candidate(square(1900, 100, 200)))]


def test_a_unit_counts_when_the_zone_reaches_it_by_more_than_a_sliver(
    square: Square, commune_a: AdminUnit, commune_b: AdminUnit, settings: SettingsWrapper
) -> None:
    assert units_reached(square(1795, 100, 210), sliver_m2=10) == sorted([commune_a.pk, commune_b.pk])
    assert units_reached(square(1790.01, 100, 210), sliver_m2=10) == [commune_a.pk]  # 2 m² across the line
    assert units_reached(square(2001, 100, 5), sliver_m2=1_000) == [commune_b.pk]  # small, but it is there


def test_a_zone_in_no_unit_is_a_warning(square: Square, commune_a: AdminUnit) -> None:
    (problem,) = [p for p in zone_problems(candidate(square(50_000, 100, 200))) if p.code == NO_UNIT]
    assert not problem.blocking


# Figures ----------------------------------------------------------------------------------------

def test_coffee_of_a_twentieth_of_a_hectare_is_below_the_perennial_minimum(square: Square) -> None:
    small = square(100, 100, 500 ** 0.5)  # 500 m² = 0.05 ha
    (problem,) = [p for p in zone_problems(candidate(small)) if p.code == BELOW_MINIMUM_AREA]
    assert problem.blocking and "0.05" in problem.message and "1.00" in problem.message


@pytest.mark.parametrize(("crop", "area_ha", "blocked"), [
    ("coffee", 0.99, True), ("coffee", 1.0, False), ("rice", 0.05, True), ("rice", 0.1, False),
    ("vegetables", 0.5, False), ("other", 0.5, True),
])
def test_the_minimum_follows_the_crop_cycle(crop: str, area_ha: float, blocked: bool) -> None:
    assert (minimum_area_problem(area_ha=area_ha, crop=crop) is not None) is blocked


def test_the_minimums_are_settings(settings: SettingsWrapper) -> None:
    settings.ZONE_MIN_AREA_HA_PERENNIAL = 0.01
    assert minimum_area_problem(area_ha=0.05, crop="coffee") is None
    settings.ZONE_MIN_AREA_HA_ANNUAL = 1
    assert minimum_area_problem(area_ha=0.5, crop="rice") is not None


def test_without_a_boundary_the_declared_area_is_held_to_the_minimum() -> None:
    (problem,) = zone_problems(ZoneCandidate(geometry=None, crop="coffee", declared_area_ha=0.5))
    assert (problem.code, problem.field) == (BELOW_MINIMUM_AREA, "declared_area_ha")


@pytest.mark.parametrize(("declared", "warned"), [(4, False), (5, False), (3.4, False), (6, True), (3.3, True),
                                                  (None, False)])
def test_the_mapped_area_far_from_the_declared_one_is_a_warning(declared: float | None, warned: bool) -> None:
    # 4 ha mapped, off by |mapped − declared| / declared: 5 → 20 % (allowed), 3.4 → 18 %, 6 → 33 %, 3.3 → 21 %.
    problem = area_mismatch_problem(area_ha=4.0, declared_ha=declared, tolerance=0.2)
    assert (problem is not None) is warned
    if problem:
        assert not problem.blocking and problem.field == "declared_area_ha"


def test_the_area_warning_comes_from_the_measured_boundary(square: Square, settings: SettingsWrapper) -> None:
    four_hectares = candidate(square(100, 100, 200), declared_area_ha=6)
    assert [p.code for p in zone_problems(four_hectares)] == [AREA_MISMATCH, NO_UNIT]
    settings.ZONE_AREA_TOLERANCE = 0.5
    assert [p.code for p in zone_problems(four_hectares)] == [NO_UNIT]


def test_blocking_problems_come_before_warnings(square: Square) -> None:
    zone(square(100, 100, 200))
    codes = [(p.code, p.blocking) for p in zone_problems(candidate(square(150, 100, 20), declared_area_ha=9))]
    assert codes == [(OVERLAP, True), (BELOW_MINIMUM_AREA, True), (AREA_MISMATCH, False), (NO_UNIT, False)]


def test_geojson_of_problems_keeps_seven_decimals() -> None:
    (problem,) = geometry_problems(BOW_TIE)
    point = GEOSGeometry(json.dumps(problem.geometry))
    assert point.x == pytest.approx(107.986, abs=1e-7)
