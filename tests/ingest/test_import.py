"""The import pipeline on real files of every format, into every layer they fit, all or nothing."""

import datetime as dt
import json
import unicodedata
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import shapely
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation

from ingest.pipeline import ImportRequest, ingest_file
from ingest.report import Report
from layers.models import AdminUnit, AdminUnitSuccession, CultivationZone, OCOPProducer, Parcel, Role, TourismSite
from layers.services import user_provision
from tests.ingest.files import (
    IN_WARD,
    frame,
    gpx,
    kml,
    kml_polygon,
    parcel_rows,
    square,
    write,
    zipped,
)
from tests.ingest.test_crs import GIA_LAI_PRJ

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(units: list[AdminUnit]) -> Any:
    return user_provision(username="quantri", role=Role.ADMIN)[0]


@pytest.fixture
def staff(units: list[AdminUnit]) -> Any:
    """Extension staff of the commune only (not the ward)."""
    return user_provision(username="canbo", role=Role.EXTENSION_STAFF, unit_codes=["99002"])[0]


def run(path: Path, layer: str, user: Any, **options: Any) -> Report:
    return ingest_file(ImportRequest(path=path, layer=layer, user=user, **options))


def reasons(report: Report) -> list[tuple[int | None, str, str]]:
    return [(problem.feature, problem.field, problem.reason) for problem in report.problems]


def test_geopackage_parcels_are_created_then_updated_not_duplicated(tmp_path: Path, admin: Any, ward: AdminUnit
                                                                     ) -> None:
    path = write(parcel_rows(ward, 3), tmp_path / "thua_dat.gpkg", "GPKG")
    first = run(path, "parcels", admin)
    assert (first.ok, first.committed, first.read, first.created, first.updated) == (True, True, 3, 3, 0)
    assert first.mapping == {"unit": "ma_xa", "sheet_number": "so_to", "parcel_number": "so_thua",
                             "land_use": "loai_dat", "recorded_area_m2": "dien_tich"}
    again = run(path, "parcels", admin)
    assert (again.created, again.updated) == (0, 3)
    parcel = Parcel.objects.get(sheet_number=7, parcel_number=2)
    assert parcel.recorded_area_m2 == 102.5  # "102,50" as Vietnamese files write it
    assert parcel.unit == ward and Parcel.objects.count() == 3
    assert 11_500 < parcel.area_m2 < 12_500  # a 0.001° square at 14° N, measured in EPSG:9218


def test_every_problem_is_reported_with_feature_and_column_and_nothing_is_written(
        tmp_path: Path, admin: Any, ward: AdminUnit) -> None:
    data = parcel_rows(ward, 6)
    data.loc[1, "so_thua"] = 1  # same key as feature 1
    data.loc[2, "loai_dat"] = "XYZ"
    data.loc[3, "dien_tich"] = "nhiều"
    data.loc[4, "geometry"] = shapely.from_wkt(
        "POLYGON((108.01 14.01, 108.011 14.011, 108.011 14.01, 108.01 14.011, 108.01 14.01))")
    data.loc[5, "geometry"] = square(106.7, 10.8)  # Hồ Chí Minh City
    report = run(write(data, tmp_path / "sai.gpkg", "GPKG"), "parcels", admin)
    assert not report.ok and not report.committed and report.rejected == 5, report.lines()
    found = reasons(report)
    assert (2, "ma_xa + so_to + so_thua", "has the same key as feature 1") in found
    assert (3, "loai_dat", "'XYZ' is not one of LUC, LUK, BHK, NHK, CLN, RSX, RPH, NTS, ONT, ODT, DGT, SON, MNC, "
                           "TMD, SKC, DTL") in found
    assert (4, "dien_tich", "'nhiều' is not a number") in found
    assert any(n == 5 and field == "geometry" and "self-intersection at 108.0105 14.0105" in reason
               for n, field, reason in found)
    assert any(n == 6 and field == "geometry" and "outside" in reason for n, field, reason in found)
    assert all(problem.file == "sai.gpkg" and problem.layer == "parcels" for problem in report.problems)
    assert Parcel.objects.count() == 0


def test_repair_is_applied_only_when_asked(tmp_path: Path, admin: Any, ward: AdminUnit) -> None:
    data = parcel_rows(ward, 1)
    data.loc[0, "geometry"] = shapely.from_wkt(
        "POLYGON((108.01 14.01, 108.011 14.011, 108.011 14.01, 108.01 14.011, 108.01 14.01))")
    path = write(data, tmp_path / "no.gpkg", "GPKG")
    assert not run(path, "parcels", admin).ok
    report = run(path, "parcels", admin, repair=True)
    assert report.committed and report.created == 1
    parcel = Parcel.objects.get()
    assert parcel.geometry.valid and len(parcel.geometry) == 2  # the bow-tie became two triangles


def test_zipped_shapefile_with_esri_vn2000_prj_lands_where_it_is(tmp_path: Path, admin: Any, ward: AdminUnit
                                                                   ) -> None:
    easting, northing = _vn2000(*IN_WARD)
    data = frame([{"MA_XA": ward.code, "SHBANDO": 12, "SHTHUA": 4, "KYHIEUMDSD": "LUC"}],
                 [shapely.box(easting, northing, easting + 40, northing + 30)], crs=9218)
    folder = tmp_path / "shp"
    folder.mkdir()
    write(data, folder / "thua_dat.shp", "ESRI Shapefile")
    (folder / "thua_dat.prj").write_text(GIA_LAI_PRJ)  # as ArcGIS writes it: no datum shift
    report = run(zipped(folder, "thua_dat", tmp_path / "thua_dat.zip"), "parcels", admin)
    assert report.committed, report.lines()
    parcel = Parcel.objects.get()
    corners = [_vn2000(*vertex) for vertex in parcel.geometry[0].exterior_ring.coords]
    assert min(abs(x - easting) + abs(y - northing) for x, y in corners) < 0.01
    assert parcel.area_m2 == pytest.approx(1200, abs=0.5)


def _vn2000(lon: float, lat: float) -> tuple[float, float]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_X(p), ST_Y(p) FROM ST_Transform(ST_SetSRID(ST_MakePoint(%s, %s), 4326), 9218) p",
                       [lon, lat])
        return cursor.fetchone()


def test_dbf_in_windows_1258_without_cpg_reads_vietnamese(tmp_path: Path, admin: Any, ward: AdminUnit) -> None:
    data = frame([{"ten": "Khu du lịch Biển Hồ chè", "loai": "nature"}], [shapely.Point(*IN_WARD)])
    write(data, tmp_path / "diem.shp", "ESRI Shapefile", encoding="cp1258")
    (tmp_path / "diem.cpg").unlink()
    report = run(tmp_path / "diem.shp", "tourism_sites", admin)
    assert report.committed, report.lines()
    assert TourismSite.objects.get().name_vi == "Khu du lịch Biển Hồ chè"
    assert any("CP1258" in warning for warning in report.warnings)


def test_kml_traced_in_google_earth_becomes_draft_zones(tmp_path: Path, admin: Any, ward: AdminUnit) -> None:
    path = kml(tmp_path / "vung.kml", [("Vùng cà phê Đội 1", kml_polygon(square(*IN_WARD, 0.002)))])
    report = run(path, "zones", admin, constants={"crop": "cà phê"})
    assert report.committed, report.lines()
    zone = CultivationZone.objects.get()
    assert (zone.name, zone.crop, zone.status, zone.code) == ("Vùng cà phê Đội 1", "coffee", "draft", None)
    assert list(zone.units.all()) == [ward]


def test_kmz_is_read_like_its_kml(tmp_path: Path, admin: Any, ward: AdminUnit) -> None:
    import zipfile

    inner = kml(tmp_path / "doc.kml", [("Vườn tiêu", kml_polygon(square(*IN_WARD)))])
    with zipfile.ZipFile(tmp_path / "vung.kmz", "w") as archive:
        archive.write(inner, "doc.kml")
    report = run(tmp_path / "vung.kmz", "zones", admin, constants={"crop": "pepper"})
    assert report.committed and CultivationZone.objects.get().crop == "pepper"


def test_gpx_track_walked_round_a_field_is_a_zone_and_waypoints_are_sites(tmp_path: Path, admin: Any,
                                                                          ward: AdminUnit) -> None:
    lon, lat = IN_WARD
    ring = [(lon, lat), (lon + 0.002, lat), (lon + 0.002, lat + 0.002), (lon, lat + 0.002), (lon, lat)]
    report = run(gpx(tmp_path / "ranh.gpx", track=ring), "zones", admin,
                 constants={"crop": "tea"}, source_layer="tracks")
    assert report.committed, report.lines()
    assert CultivationZone.objects.get().geometry.geom_type == "MultiPolygon"
    sites = run(gpx(tmp_path / "diem.gpx", waypoints=[("Thác Phú Cường", lon, lat)]), "tourism_sites", admin,
                constants={"category": "nature"}, source_layer="waypoints")
    assert sites.committed and TourismSite.objects.get().name_vi == "Thác Phú Cường"


def test_csv_code_registry_without_geometry_names_units_the_old_way(tmp_path: Path, admin: Any,
                                                                    ward: AdminUnit) -> None:
    former = AdminUnit.objects.create(slug="xa-tan-son", name="Tân Sơn", full_name="Xã Tân Sơn", level="commune",
                                      valid_to=dt.date(2024, 10, 31))
    AdminUnitSuccession.objects.create(predecessor=former, successor=ward, effective_on=dt.date(2024, 11, 1),
                                       legal_basis="1195/NQ-UBTVQH15")
    path = tmp_path / "ma_so.csv"
    registry = [{"Mã vùng trồng": "vn - glor - 0090 ot", "Tên": "HTX Ia Phí", "Cây trồng": "Cà phê",
                 "Xã": "xã Tân Sơn", "Diện tích ha": "18,00", "Thị trường": "Trung Quốc; EU"}]
    pd.DataFrame(registry).to_csv(path, index=False)
    report = run(path, "zones", admin)
    assert report.committed, report.lines()
    zone = CultivationZone.objects.get()
    assert (zone.code, zone.geometry, float(zone.declared_area_ha)) == ("VN-GLOR-0090OT", None, 18.0)
    assert zone.markets == ["china", "eu"] and list(zone.units.all()) == [ward]


def test_csv_with_wkt_geometries(tmp_path: Path, admin: Any, ward: AdminUnit) -> None:
    path = tmp_path / "vung.csv"
    pd.DataFrame([{"ten": "Vùng chè", "cay_trong": "tea", "WKT": square(*IN_WARD).wkt},
                  {"ten": "Vùng sai", "cay_trong": "tea", "WKT": "POLYGON((108 14, 108.01"}]).to_csv(path, index=False)
    assert "give --crs EPSG:4326" in run(path, "zones", admin).problems[0].reason  # WKT says no CRS
    report = run(path, "zones", admin, crs=4326)
    assert reasons(report) == [(2, "geometry", "the geometry cannot be read (a ring that is not closed, "
                                               "or broken WKB)")]
    assert CultivationZone.objects.count() == 0
    pd.read_csv(path).head(1).to_csv(path, index=False)
    assert run(path, "zones", admin, crs=4326).created == 1
    assert CultivationZone.objects.get().geometry.area == pytest.approx(1e-6)


def test_nan_and_infinite_coordinates_are_refused(tmp_path: Path, admin: Any, ward: AdminUnit) -> None:
    data = frame([{"ten": "A", "loai": "nature"}, {"ten": "B", "loai": "nature"}],
                 [shapely.Point(float("nan"), 14.0), shapely.Point(*IN_WARD)])
    report = run(write(data, tmp_path / "nan.gpkg", "GPKG"), "tourism_sites", admin)
    assert reasons(report) == [(1, "geometry", "coordinates that are not numbers (NaN or infinite)")]
    assert TourismSite.objects.count() == 0


def test_xlsx_of_producers_with_longitude_latitude(tmp_path: Path, admin: Any, ward: AdminUnit) -> None:
    path = tmp_path / "chu_the.xlsx"
    table = pd.DataFrame([{"Tên chủ thể": "HTX Biển Hồ", "Loại hình": "Hợp tác xã", "MST": "5900123456",
                           "Kinh độ": IN_WARD[0], "Vĩ độ": IN_WARD[1]}])
    write(table, path, "XLSX")
    report = run(path, "ocop_producers", admin)
    assert report.committed, report.lines()
    producer = OCOPProducer.objects.get()
    assert (producer.kind, producer.unit, producer.tax_code) == ("cooperative", ward, "5900123456")
    assert producer.location.coords == pytest.approx(IN_WARD)


def test_csv_x_northing_y_easting_in_vn2000(tmp_path: Path, admin: Any, ward: AdminUnit) -> None:
    easting, northing = _vn2000(*IN_WARD)
    path = tmp_path / "toa_do.csv"
    pd.DataFrame([{"ten": "Chùa Minh Thành", "loai": "culture", "X": northing, "Y": easting}]).to_csv(path, index=False)
    refused = run(path, "tourism_sites", admin)
    assert not refused.ok and "EPSG:9218" in refused.problems[0].reason
    report = run(path, "tourism_sites", admin, crs=9218)
    assert report.committed, report.lines()
    assert TourismSite.objects.get().geometry.coords == pytest.approx(IN_WARD, abs=1e-7)


def test_geojson_text_in_nfd_and_lookalike_letters_is_stored_nfc(tmp_path: Path, admin: Any, ward: AdminUnit
                                                                  ) -> None:
    name = unicodedata.normalize("NFD", "Ðồi chè Biển Hồ")  # U+00D0 instead of Đ, and decomposed
    data = frame([{"name_vi": name, "category": "agri"}], [shapely.Point(*IN_WARD)])
    report = run(write(data, tmp_path / "diem.geojson", "GeoJSON"), "tourism_sites", admin)
    assert report.committed
    assert TourismSite.objects.get().name_vi == "Đồi chè Biển Hồ"


def test_dxf_closed_polylines_become_zones(tmp_path: Path, admin: Any, ward: AdminUnit) -> None:
    lines = [shapely.LineString(square(IN_WARD[0] + 0.003 * n, IN_WARD[1]).exterior.coords) for n in range(2)]
    path = write(frame([{}, {}], lines), tmp_path / "ban_ve.dxf", "DXF")
    report = run(path, "zones", admin, constants={"crop": "coffee"}, overrides={"name": "EntityHandle"}, crs=4326)
    assert report.committed, report.lines()
    assert CultivationZone.objects.count() == 2


def test_dgn_v7_shapes_become_zones(tmp_path: Path, admin: Any, ward: AdminUnit) -> None:
    path = write(frame([{}], [square(*IN_WARD)]), tmp_path / "ban_ve.dgn", "DGN")
    report = run(path, "zones", admin, constants={"crop": "coffee", "name": "Vùng DGN"}, crs=4326)
    assert report.committed, report.lines()
    assert CultivationZone.objects.get().geometry.num_coords == 5


def test_a_geometry_type_that_does_not_fit_the_layer_is_refused(tmp_path: Path, admin: Any, ward: AdminUnit
                                                                ) -> None:
    data = frame([{"ten": "Đường", "cay_trong": "tea"}], [shapely.LineString([IN_WARD, (108.01, 14.01)])])
    report = run(write(data, tmp_path / "duong.geojson", "GeoJSON"), "zones", admin)
    assert reasons(report) == [(1, "geometry", "a LineString, but layer zones takes MultiPolygon / Polygon")]


def test_missing_columns_are_named_before_any_row_is_read(tmp_path: Path, admin: Any, ward: AdminUnit) -> None:
    data = frame([{"so_to": 1}], [square(*IN_WARD)])
    report = run(write(data, tmp_path / "thieu.geojson", "GeoJSON"), "parcels", admin)
    assert report.read == 0 and not report.ok
    assert "parcel_number, land_use" in report.problems[0].reason
    assert "so_to" in report.problems[0].reason  # what the file does have


def test_map_overrides_the_declared_names(tmp_path: Path, admin: Any, ward: AdminUnit) -> None:
    data = parcel_rows(ward, 1).rename(columns={"so_thua": "THUA_SO"})
    report = run(write(data, tmp_path / "khac.gpkg", "GPKG"), "parcels", admin,
                 overrides={"parcel_number": "THUA_SO"})
    assert report.committed and Parcel.objects.get().parcel_number == 1


def test_extension_staff_cannot_import_outside_their_units_or_approve(tmp_path: Path, staff: Any,
                                                                     ward: AdminUnit) -> None:
    data = frame([{"ma_vung_trong": "VN-GLOR-0101", "ten": "Ngoài xã", "cay_trong": "coffee",
                   "trang_thai": "approved"}], [square(*IN_WARD)])
    report = run(write(data, tmp_path / "vung.geojson", "GeoJSON"), "zones", staff)
    found = reasons(report)
    assert any(field == "geometry" and "outside your administrative units" in reason for _n, field, reason in found)
    assert (1, "trang_thai", "your role may not set status approved") in found
    assert CultivationZone.objects.count() == 0


def test_a_planner_may_not_import(tmp_path: Path, units: list[AdminUnit], ward: AdminUnit) -> None:
    planner = user_provision(username="quyhoach", role=Role.PLANNER)[0]
    report = run(write(parcel_rows(ward, 1), tmp_path / "p.gpkg", "GPKG"), "parcels", planner)
    assert not report.ok and "may not import" in report.problems[0].reason
    assert Parcel.objects.count() == 0


def test_dry_run_checks_everything_and_writes_nothing(tmp_path: Path, admin: Any, ward: AdminUnit) -> None:
    report = run(write(parcel_rows(ward, 2), tmp_path / "p.gpkg", "GPKG"), "parcels", admin, dry_run=True)
    assert report.ok and not report.committed and report.read == 2
    assert Parcel.objects.count() == 0


def test_command_exit_status_and_json_report(tmp_path: Path, admin: Any, ward: AdminUnit) -> None:
    data = parcel_rows(ward, 2)
    data.loc[1, "loai_dat"] = "???"
    path = write(data, tmp_path / "p.gpkg", "GPKG")
    with pytest.raises(CommandError, match="rejected; nothing was written"):
        call_command("ingest", str(path), "--layer", "parcels", "--report", str(tmp_path / "r.json"))
    saved = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert saved["rejected"] == 1 and saved["committed"] is False
    assert saved["problems"][0] == {"file": "p.gpkg", "layer": "parcels", "feature": 2, "field": "loai_dat",
                                    "reason": saved["problems"][0]["reason"]}
    data.loc[1, "loai_dat"] = "LUC"
    call_command("ingest", str(write(data, tmp_path / "ok.gpkg", "GPKG")), "--layer", "parcels")
    assert Parcel.objects.count() == 2


@pytest.mark.parametrize("fmt", ["gpkg", "shp", "geojson"])
def test_export_to_vn2000_and_import_again_returns_the_same_geometries(tmp_path: Path, admin: Any,
                                                                       ward: AdminUnit, fmt: str) -> None:
    from ingest.export import layer_export

    assert run(write(parcel_rows(ward, 4), tmp_path / "p.gpkg", "GPKG"), "parcels", admin).created == 4
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE before AS "
                       "SELECT sheet_number, parcel_number, geometry FROM layers_parcel")
    out = tmp_path / f"thua_dat.{'zip' if fmt == 'shp' else fmt}"
    assert layer_export(layer="parcels", fmt=fmt, out=out, user=admin, srid=9218) == 4
    Parcel.objects.all().delete()
    report = run(out, "parcels", admin)
    assert report.committed and report.created == 4, report.lines()
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(ST_HausdorffDistance(ST_Transform(b.geometry, 9218), "
                       "ST_Transform(p.geometry, 9218))) "
                       "FROM before b JOIN layers_parcel p USING (sheet_number, parcel_number)")
        assert cursor.fetchone()[0] < 0.01  # metres


def test_reports_speak_vietnamese_by_default(tmp_path: Path, admin: Any, ward: AdminUnit) -> None:
    data = parcel_rows(ward, 1)
    data.loc[0, "loai_dat"] = "XYZ"
    with translation.override("vi"):
        report = run(write(data, tmp_path / "p.gpkg", "GPKG"), "parcels", admin)
        lines = report.lines()
    assert "không thuộc các giá trị" in report.problems[0].reason
    assert lines[0] == "p.gpkg → parcels: đọc 1, tạo mới 0, cập nhật 0, từ chối 1."


@pytest.fixture
def small_bulk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make a handful of features count as a large first load, to take the direct path in a test."""
    monkeypatch.setattr("ingest.direct.BULK_MIN_ROWS", 2)


def _parcel_indexes() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'layers_parcel'")
        definitions = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT conname FROM pg_constraint WHERE conrelid = 'layers_parcel'::regclass")
        return definitions | {row[0] for row in cursor.fetchall()}


def test_a_first_large_load_goes_straight_into_the_table_and_keeps_its_indexes(
        tmp_path: Path, admin: Any, ward: AdminUnit, small_bulk: None) -> None:
    before = _parcel_indexes()
    data = parcel_rows(ward, 3)
    data.loc[0, "geometry"] = shapely.MultiPolygon([square(*IN_WARD)])  # mixed with single polygons
    report = run(write(data, tmp_path / "p.gpkg", "GPKG"), "parcels", admin)
    assert (report.committed, report.created, report.updated) == (True, 3, 0), report.lines()
    assert _parcel_indexes() == before
    assert {p.geometry.geom_type for p in Parcel.objects.all()} == {"MultiPolygon"}
    assert Parcel.objects.get(parcel_number=2).recorded_area_m2 == 102.5
    again = run(tmp_path / "p.gpkg", "parcels", admin)  # no longer a first load: staged upsert
    assert (again.created, again.updated) == (0, 3)


def test_a_first_large_load_reports_duplicates_and_problems_and_leaves_nothing(
        tmp_path: Path, admin: Any, ward: AdminUnit, small_bulk: None) -> None:
    before = _parcel_indexes()
    data = parcel_rows(ward, 4)
    data.loc[2, "so_thua"] = 1
    duplicated = run(write(data, tmp_path / "d.gpkg", "GPKG"), "parcels", admin)
    assert reasons(duplicated) == [(3, "ma_xa + so_to + so_thua", "has the same key as feature 1")]
    data.loc[2, "so_thua"] = 3
    data.loc[1, "geometry"] = square(106.7, 10.8)
    data.loc[3, "loai_dat"] = ""
    broken = run(write(data, tmp_path / "b.gpkg", "GPKG"), "parcels", admin)
    assert sorted(reasons(broken)) == [(2, "geometry", "lies outside the province"),
                                       (4, "loai_dat", "empty, but required")]
    assert Parcel.objects.count() == 0 and _parcel_indexes() == before


def test_extension_staff_may_not_name_another_unit(tmp_path: Path, staff: Any, ward: AdminUnit,
                                                   commune: AdminUnit) -> None:
    data = frame([{"ma_xa": ward.code, "so_to": 1, "so_thua": 1, "loai_dat": "CLN"}], [square(108.06, 13.96)])
    report = run(write(data, tmp_path / "p.gpkg", "GPKG"), "parcels", staff)
    assert reasons(report) == [(1, "ma_xa", "not one of your administrative units")]


def test_an_administrator_updates_and_adds_administrative_units(tmp_path: Path, admin: Any, ward: AdminUnit) -> None:
    data = frame([{"ma": ward.code, "ten": "Phường Mới", "cap": "ward"},
                  {"ma": "99100", "ten": "Xã Thử", "cap": "xã"}],
                 [square(*IN_WARD, 0.01), square(IN_WARD[0] + 0.012, IN_WARD[1], 0.005)])
    report = run(write(data, tmp_path / "dvhc.geojson", "GeoJSON"), "communes", admin)
    assert (report.committed, report.created, report.updated) == (True, 1, 1), report.lines()
    ward.refresh_from_db()
    assert ward.name == "Phường Mới" and ward.geometry.area == pytest.approx(1e-4)
    added = AdminUnit.objects.get(code="99100")
    assert (added.level, added.valid_to, added.slug) == ("commune", None, "99100-import")


def test_a_hostile_file_is_refused_by_the_pipeline_and_writes_nothing(tmp_path: Path, admin: Any,
                                                                       ward: AdminUnit) -> None:
    import zipfile

    with zipfile.ZipFile(tmp_path / "thua_dat.zip", "w") as archive:
        archive.writestr("../../escaped.shp", b"\x00" * 100)
    report = run(tmp_path / "thua_dat.zip", "parcels", admin)
    assert not report.ok and report.problems[0].feature is None
    assert "thua_dat.zip" in report.problems[0].reason
    assert not (tmp_path.parent / "escaped.shp").exists() and not list(tmp_path.parent.glob("**/escaped.shp"))
    assert Parcel.objects.count() == 0
