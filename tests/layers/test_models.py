"""Constraints and computed measures of the domain models, on the real PostGIS."""

import datetime as dt
from decimal import Decimal

import pyproj
import pytest
from django.contrib.gis.geos import LineString, Point
from django.db import IntegrityError, connection, transaction

from layers.models import CultivationZone, OCOPProducer, OCOPProduct, Parcel, TourismRoute, TourismSite
from layers.models.ocop import certificate_expiry
from tests.factories import box, make_unit, square_in_vn2000

pytestmark = pytest.mark.django_db


def _geodesic_area_m2(geometry) -> float:  # type: ignore[no-untyped-def]
    lons, lats = zip(*geometry[0][0].coords, strict=True)
    area, _perimeter = pyproj.Geod(ellps="WGS84").polygon_area_perimeter(lons, lats)
    return abs(area)


def _parcel(unit, sheet: int = 1, number: int = 1, **fields) -> Parcel:  # type: ignore[no-untyped-def]
    defaults = {"land_use": "CLN", "geometry": box(107.99, 14.03, 0.001)}
    defaults.update(fields)
    return Parcel.objects.create(unit=unit, sheet_number=sheet, parcel_number=number, **defaults)


def test_parcel_area_of_a_known_square_is_within_half_a_percent() -> None:
    unit = make_unit()
    parcel = _parcel(unit, geometry=square_in_vn2000(easting=446_000, northing=1_546_000, side_m=100))
    parcel.refresh_from_db()
    assert parcel.area_m2 == pytest.approx(10_000, rel=0.005)


def test_areas_agree_with_the_datum_shifted_vn2000_grid_to_two_ppm() -> None:
    """The grid without the datum shift (migration layers/0003) measures what EPSG:9218 measures."""
    unit = make_unit()
    parcel = _parcel(unit, geometry=square_in_vn2000(easting=446_000, northing=1_546_000, side_m=37))
    with connection.cursor() as cursor:
        cursor.execute("SELECT area_m2, ST_Area(ST_Transform(geometry, 9218)) FROM layers_parcel WHERE id = %s",
                       [parcel.pk])
        area, official = cursor.fetchone()
    assert official == pytest.approx(37 * 37, abs=1e-4)
    assert area == pytest.approx(official, rel=2e-6)


def test_zone_area_in_hectares_matches_the_geodesic_area() -> None:
    geometry = box(107.99, 14.03, 0.01)  # about 1.08 km × 1.11 km
    zone = CultivationZone.objects.create(name="Chè", crop="tea", geometry=geometry)
    zone.refresh_from_db()
    assert zone.area_ha == pytest.approx(_geodesic_area_m2(geometry) / 10_000, rel=0.005)


def test_unmapped_zone_has_no_area() -> None:
    zone = CultivationZone.objects.create(name="Chưa có ranh giới", crop="pepper", declared_area_ha=Decimal(3))
    zone.refresh_from_db()
    assert zone.geometry is None
    assert zone.area_ha is None


def test_parcel_is_unique_per_unit_sheet_and_number() -> None:
    unit, other = make_unit(), make_unit("Gào")
    _parcel(unit)
    _parcel(other)  # the same numbers in another unit are another parcel
    with pytest.raises(IntegrityError), transaction.atomic():
        _parcel(unit)


def test_parcel_numbers_must_be_positive() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        _parcel(make_unit(), sheet=0)


def test_a_registered_zone_must_carry_a_code() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        CultivationZone.objects.create(name="Không mã", crop="coffee", status="approved")


def test_zone_validity_cannot_end_before_it_starts() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        CultivationZone.objects.create(name="Z", crop="tea", valid_from=dt.date(2025, 1, 2),
                                       valid_until=dt.date(2025, 1, 1))


def test_planting_area_codes_are_unique_in_any_written_form() -> None:
    CultivationZone.objects.create(name="A", crop="tea", code="VN-GLOR-0090")
    with pytest.raises(IntegrityError), transaction.atomic():
        CultivationZone.objects.create(name="B", crop="tea", code="VN - GLOR - 0090")


def _product(**fields) -> OCOPProduct:  # type: ignore[no-untyped-def]
    producer = OCOPProducer.objects.create(name="HTX", kind="cooperative", unit=make_unit())
    values = {"name": "Chè", "group": "drinks", "stars": 4, "score": Decimal("75"),
              "issued_on": dt.date(2024, 1, 31), "expires_on": dt.date(2027, 1, 31), "producer": producer}
    values.update(fields)
    return OCOPProduct.objects.create(**values)


@pytest.mark.parametrize(("stars", "score"), [(2, 45), (6, 95), (3, 75), (4, 65), (5, 89.99), (5, 101)])
def test_ocop_stars_and_score_must_agree(stars: int, score: float) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        _product(stars=stars, score=Decimal(str(score)))


@pytest.mark.parametrize(("stars", "score"), [(3, 50), (3, 69.99), (4, 70), (5, 90), (5, 100)])
def test_ocop_scores_at_band_edges_are_accepted(stars: int, score: float) -> None:
    assert _product(stars=stars, score=Decimal(str(score))).pk


def test_ocop_certificate_lasts_36_months() -> None:
    assert certificate_expiry(dt.date(2024, 8, 15)) == dt.date(2027, 8, 15)
    assert certificate_expiry(dt.date(2024, 2, 29)) == dt.date(2027, 2, 28)
    with pytest.raises(IntegrityError), transaction.atomic():
        _product(expires_on=dt.date(2024, 1, 1))


def test_tourism_site_is_a_point_or_a_polygon() -> None:
    unit = make_unit()
    assert TourismSite.objects.create(name_vi="Chùa", category="culture", unit=unit,
                                      geometry=Point(107.9956, 14.0417, srid=4326)).pk
    assert TourismSite.objects.create(name_vi="Hồ", category="nature", unit=unit,
                                      geometry=box(107.99, 14.04, 0.01)).pk
    with pytest.raises(IntegrityError), transaction.atomic():
        TourismSite.objects.create(name_vi="Đường", category="viewpoint", unit=unit,
                                   geometry=LineString((107.99, 14.04), (108.0, 14.05), srid=4326))


def test_route_length_is_computed_in_metres() -> None:
    route = TourismRoute.objects.create(
        name_vi="Tuyến", geometry=LineString((108.0, 14.0), (108.0, 14.01), srid=4326)
    )
    route.refresh_from_db()
    expected = pyproj.Geod(ellps="WGS84").inv(108.0, 14.0, 108.0, 14.01)[2]
    assert route.length_m == pytest.approx(expected, rel=0.005)


def test_admin_unit_period_must_be_ordered() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make_unit(valid_from=dt.date(2025, 7, 1), valid_to=dt.date(2025, 6, 30))


def test_admin_unit_code_is_unique_per_version_only() -> None:
    first = make_unit(code="23590", slug="a", valid_from=dt.date(2025, 7, 1))
    make_unit(code="23590", slug="b", valid_from=None, valid_to=dt.date(2025, 6, 30))  # an older version
    with pytest.raises(IntegrityError), transaction.atomic():
        make_unit(code=first.code, slug="c", valid_from=first.valid_from)
