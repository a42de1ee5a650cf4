"""VN-2000 / TM-3 108-30 (EPSG:9218) in PostGIS agrees with PROJ's own definition."""

import pyproj
import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

# Points across Pleiku and its surroundings, in VN-2000 / TM-3 108-30 metres (easting, northing).
SAMPLE_POINTS = [(446_000.0, 1_546_000.0), (452_500.0, 1_553_200.0), (430_100.0, 1_535_900.0),
                 (470_000.0, 1_570_000.0), (500_000.0, 1_550_000.0)]


def _postgis_to_wgs84(easting: float, northing: float) -> tuple[float, float]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_X(p), ST_Y(p) FROM ST_Transform(ST_SetSRID(ST_MakePoint(%s, %s), 9218), 4326) AS p",
            [easting, northing],
        )
        return cursor.fetchone()


def _distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    return pyproj.Geod(ellps="WGS84").inv(lon1, lat1, lon2, lat2)[2]


@pytest.mark.parametrize(("easting", "northing"), SAMPLE_POINTS)
def test_9218_to_wgs84_matches_pyproj_within_a_decimetre(easting: float, northing: float) -> None:
    expected = pyproj.Transformer.from_crs(9218, 4326, always_xy=True).transform(easting, northing)
    actual = _postgis_to_wgs84(easting, northing)
    assert _distance_m(*expected, *actual) < 0.1


def test_round_trip_returns_to_the_same_metre_coordinates() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_X(p), ST_Y(p) FROM ST_Transform(ST_Transform("
            "ST_SetSRID(ST_MakePoint(446000, 1546000), 9218), 4326), 9218) AS p"
        )
        x, y = cursor.fetchone()
    assert abs(x - 446_000) < 0.01
    assert abs(y - 1_546_000) < 0.01


def test_the_datum_shift_is_applied() -> None:
    """Without the VN-2000 shift a point lands over 100 m away; the registered row must not do that."""
    unshifted = pyproj.Transformer.from_crs(
        "+proj=tmerc +lon_0=108.5 +k=0.9999 +x_0=500000 +ellps=WGS84", 4326, always_xy=True
    ).transform(446_000.0, 1_546_000.0)
    assert _distance_m(*unshifted, *_postgis_to_wgs84(446_000.0, 1_546_000.0)) > 100


def test_all_tm3_zones_are_registered_with_the_shift_of_postgis_4756() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT proj4text FROM spatial_ref_sys WHERE srid = 4756")
        (geographic,) = cursor.fetchone()
        cursor.execute("SELECT srid, proj4text FROM spatial_ref_sys WHERE srid BETWEEN 9205 AND 9218")
        rows = cursor.fetchall()
    shift = next(part for part in geographic.split() if part.startswith("+towgs84="))
    assert len(rows) == 14
    assert all(shift in proj4 for _, proj4 in rows)


def test_each_zone_matches_pyproj_at_its_central_meridian() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT srid FROM spatial_ref_sys WHERE srid BETWEEN 9205 AND 9218 ORDER BY srid")
        srids = [row[0] for row in cursor.fetchall()]
        for srid in srids:
            expected = pyproj.Transformer.from_crs(srid, 4326, always_xy=True).transform(500_000, 1_700_000)
            cursor.execute(
                "SELECT ST_X(p), ST_Y(p) FROM ST_Transform(ST_SetSRID(ST_MakePoint(500000, 1700000), %s), 4326) p",
                [srid],
            )
            assert _distance_m(*expected, *cursor.fetchone()) < 0.1, srid
