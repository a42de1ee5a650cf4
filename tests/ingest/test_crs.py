"""Files' coordinate systems: ESRI-style VN-2000 .prj files land where they are; no CRS gets a hint."""

import pyproj
import pytest
from django.db import connection

from ingest.crs import UnknownCrs, missing_crs_hint, srid_of
from layers.crs import VN2000_TM3_BY_MERIDIAN

# As Vietnamese land offices' ArcGIS writes it: VN-2000 named, but no TOWGS84 anywhere.
ESRI_TM3 = (
    'PROJCS["VN_2000_TM_3_{cm_name}",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",'
    '6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],'
    'PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],'
    'PARAMETER["Central_Meridian",{cm}],PARAMETER["Scale_Factor",{k}],PARAMETER["Latitude_Of_Origin",0.0],'
    'UNIT["Meter",1.0]]'
)
GIA_LAI_PRJ = ESRI_TM3.format(cm_name="108_30", cm=108.5, k=0.9999)


def _to_wgs84_in_postgis(srid: int, easting: float, northing: float) -> tuple[float, float]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_X(p), ST_Y(p) FROM ST_Transform(ST_SetSRID(ST_MakePoint(%s, %s), %s), 4326) p",
                       [easting, northing, srid])
        return cursor.fetchone()


def test_esri_vn2000_prj_of_gia_lai_is_tm3_108_30() -> None:
    assert srid_of(GIA_LAI_PRJ, source="thua_dat.prj") == 9218


@pytest.mark.django_db
def test_a_parcel_from_such_a_file_lands_where_it_is_not_200_m_off() -> None:
    geod = pyproj.Geod(ellps="WGS84")
    placed = _to_wgs84_in_postgis(srid_of(GIA_LAI_PRJ, source="thua_dat.prj"), 446_000, 1_546_000)
    official = pyproj.Transformer.from_crs(9218, 4326, always_xy=True).transform(446_000, 1_546_000)
    as_written = pyproj.Transformer.from_crs(
        "+proj=tmerc +lon_0=108.5 +k=0.9999 +x_0=500000 +ellps=WGS84", 4326, always_xy=True
    ).transform(446_000, 1_546_000)
    assert geod.inv(*placed, *official)[2] < 0.1
    assert geod.inv(*placed, *as_written)[2] > 100


@pytest.mark.parametrize(("cm", "srid"), [(105.5, 9209), (107.5, 9216), (108.25, 9217)])
def test_other_tm3_zones_are_recognised(cm: float, srid: int) -> None:
    assert srid_of(ESRI_TM3.format(cm_name=str(cm), cm=cm, k=0.9999), source="x.prj") == srid


def test_vn2000_utm_and_common_systems() -> None:
    utm48 = ESRI_TM3.format(cm_name="UTM48", cm=105.0, k=0.9996)
    assert srid_of(utm48, source="x.prj") == 3405
    assert srid_of(pyproj.CRS.from_epsg(4326).to_wkt(), source="x.gpkg") == 4326
    assert srid_of(pyproj.CRS.from_epsg(32648).to_wkt(), source="x.gpkg") == 32648


def test_a_vn2000_zone_that_does_not_exist_is_refused_naming_the_file() -> None:
    with pytest.raises(UnknownCrs, match=r"odd\.prj"):
        srid_of(ESRI_TM3.format(cm_name="107_45", cm=107.75, k=0.9999), source="odd.prj")


def test_an_unsupported_or_unreadable_crs_is_refused_with_the_way_out() -> None:
    with pytest.raises(UnknownCrs, match="--crs"):
        srid_of(pyproj.CRS.from_epsg(2154).to_wkt(), source="france.shp")
    with pytest.raises(UnknownCrs, match=r"broken\.prj"):
        srid_of("PROJCS[nonsense", source="broken.prj")


@pytest.mark.parametrize(
    ("bounds", "expected"),
    [((107.9, 13.9, 108.1, 14.1), "EPSG:4326"),
     ((440_000, 1_540_000, 452_000, 1_552_000), "EPSG:9218"),
     ((1_540_000, 440_000, 1_552_000, 452_000), "Swap"),
     ((-5e7, 0, 5e7, 1), "Give --crs EPSG:N")],
)
def test_a_file_without_crs_gets_a_hint_from_its_coordinates(bounds: tuple[float, ...], expected: str) -> None:
    hint = missing_crs_hint(bounds, source="ranh_gioi.shp")
    assert hint.startswith("ranh_gioi.shp does not say")
    assert expected in hint


@pytest.mark.django_db
def test_the_zone_table_agrees_with_the_registered_spatial_references() -> None:
    with connection.cursor() as cursor:
        for meridian, srid in VN2000_TM3_BY_MERIDIAN.items():
            cursor.execute("SELECT proj4text FROM spatial_ref_sys WHERE srid = %s", [srid])
            assert f"+lon_0={meridian:g} " in cursor.fetchone()[0]
