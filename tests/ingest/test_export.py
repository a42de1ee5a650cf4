"""Exports: every format read back with GDAL, the reader's rows and columns only, and clear refusals."""

import datetime as dt
import json
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass, replace
from decimal import Decimal
from io import StringIO
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd
import pyogrio
import pytest
import shapely
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.core.management import CommandError, ManagementUtility, call_command
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from psycopg2 import sql

from ingest import export as export_module
from ingest.crs import srid_of
from ingest.export import (
    FORMATS,
    DoesNotFitFormat,
    ExportError,
    UnknownFormat,
    UnknownUnitCode,
    UnsupportedCrs,
    layer_export,
    shapefile_name,
)
from ingest.schemas import SCHEMAS, schema_for
from layers import registry
from layers.errors import UnknownLayer
from layers.models import AdminUnit, CultivationZone, OCOPProducer, Parcel, Role, TourismSite, ZoneStatus
from layers.permissions import AnyUser
from layers.roles import sync_role_groups
from layers.services import user_provision
from tests.factories import box, make_unit

pytestmark = pytest.mark.django_db

ALL_ZONE_FIELDS = [field.name for field in schema_for("zones").fields]
PUBLIC_ZONE_FIELDS = [field.name for field in schema_for("zones").public_fields]
PRIVATE = {"representative", "households"}
KML_LABEL = {"zones": "name", "tourism_sites": "name_vi", "ocop_producers": "name"}


@dataclass
class World:
    unit_a: AdminUnit
    unit_b: AdminUnit
    coffee: CultivationZone  # approved, unit A, every field filled
    shared: CultivationZone  # approved, in units A and B
    draft_a: CultivationZone
    draft_b: CultivationZone
    unmapped: CultivationZone  # approved, unit A, no geometry yet


def _zone(*units: AdminUnit, name: str, status: str = ZoneStatus.APPROVED, **fields: Any) -> CultivationZone:
    zone = CultivationZone.objects.create(name=name, crop="coffee", status=status, **fields)
    zone.units.set(units)
    return zone


@pytest.fixture
def world() -> World:
    a = make_unit("Biển Hồ", lon=107.98, lat=13.99, size_deg=0.04)
    b = make_unit("Đắk Đoa", lon=108.10, lat=13.90, size_deg=0.04)
    coffee = _zone(a, name="Vùng cà phê Biển Hồ", code="VN-GLOR-0101", variety="TR4",
                   declared_area_ha=Decimal("12.50"), holder="HTX Đắk Đoa", representative="Nguyễn Văn Ánh",
                   households=25, markets=["china", "eu"], standards=["vietgap", "organic"],
                   valid_from=dt.date(2025, 1, 15), valid_until=dt.date(2028, 1, 14),
                   geometry=box(107.99123456789, 14.00123456789, 0.00345678912))
    shared = _zone(a, b, name="Vùng chè Ia Sao", code="VN-GLOR-0102", geometry=box(108.0, 14.0, 0.004))
    draft_a = _zone(a, name="Nháp Biển Hồ", status=ZoneStatus.DRAFT, geometry=box(108.005, 14.01, 0.003))
    draft_b = _zone(b, name="Nháp Đắk Đoa", status=ZoneStatus.DRAFT, geometry=box(108.11, 13.91, 0.004))
    unmapped = _zone(a, name="Vùng chưa vẽ", code="VN-GLOR-0103")
    Parcel.objects.create(unit=a, sheet_number=12, parcel_number=345, land_use="CLN", recorded_area_m2=1234.5,
                          geometry=box(107.995, 14.005, 0.001))
    OCOPProducer.objects.create(name="HTX Nông nghiệp Đắk Đoa", kind="cooperative", tax_code="5900123456",
                                representative="Trần Thị Ơn", address="Thôn 3, xã Đắk Đoa", unit=b,
                                location=Point(108.12, 13.92, srid=4326))
    TourismSite.objects.create(name_vi="Biển Hồ (Hồ T'Nưng)", name_en="Bien Ho Lake", description_vi="Hồ nước ngọt",
                               category="nature", opening_hours="6:00–18:00", unit=a,
                               geometry=Point(108.0012345678, 14.0212345678, srid=4326))
    return World(a, b, coffee, shared, draft_a, draft_b, unmapped)


@pytest.fixture
def user_for() -> Any:
    sync_role_groups()  # made by post_migrate; a transactional test elsewhere may have flushed them

    def make(role: Role | None, *units: AdminUnit) -> AnyUser:
        if role is None:
            return AnonymousUser()
        user, _password = user_provision(username=f"{role.value}-{len(units)}", role=role,
                                         unit_codes=[unit.code for unit in units])
        return user

    return make


def _read(path: Path, fmt: str) -> pd.DataFrame:
    """The file as GDAL reads it, with a `geometry` column of shapely geometries (None when empty)."""
    frame = pyogrio.read_dataframe(path) if fmt != "xlsx" else pd.DataFrame(pyogrio.read_dataframe(path))
    if fmt == "xlsx":
        frame["geometry"] = [shapely.from_wkt(text) if isinstance(text, str) and text else None
                             for text in frame["wkt"]]
    return frame


def _export(tmp_path: Path, user: AnyUser, *, layer: str = "zones", fmt: str = "gpkg", **options: Any) -> pd.DataFrame:
    out = tmp_path / f"{layer}{FORMATS[fmt].suffix}"
    count = layer_export(layer=layer, fmt=fmt, out=out, user=user, **options)
    frame = _read(out, fmt)
    assert len(frame) == count
    return frame


def _names(frame: pd.DataFrame, layer: str = "zones") -> set[str]:
    column = next(name for name in (KML_LABEL.get(layer, "name"), "Name", "name_vi") if name in frame)
    return set(frame[column])


def _source(model: type, pk: int, srid: int = 4326) -> shapely.Geometry:
    field = {"OCOPProducer": "location"}.get(model.__name__, "geometry")
    query = sql.SQL("SELECT ST_AsBinary(ST_Transform({}, %s)) FROM {} WHERE id = %s").format(
        sql.Identifier(field), sql.Identifier(model._meta.db_table))
    with connection.cursor() as cursor:
        cursor.execute(query, [srid, pk])
        return shapely.from_wkb(bytes(cursor.fetchone()[0]))


# --- every format ---------------------------------------------------------------------------------

def _file_columns(fmt: str) -> list[str]:
    names = [shapefile_name(name) if fmt == "shp" else name for name in ALL_ZONE_FIELDS]
    return [("Name" if fmt == "kml" and name == "name" else name) for name in names]


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_carries_the_schema_vietnamese_text_and_exact_geometry(
        tmp_path: Path, world: World, user_for: Any, fmt: str) -> None:
    frame = _export(tmp_path, user_for(Role.APPROVER), fmt=fmt)
    assert len(frame) == 5
    assert set(_file_columns(fmt)) <= set(frame.columns)
    rows = {_text(row[_file_columns(fmt)[1]]): row for _index, row in frame.iterrows()}
    coffee = rows["Vùng cà phê Biển Hồ"]
    column = dict(zip(ALL_ZONE_FIELDS, _file_columns(fmt), strict=True))
    assert coffee[column["holder"]] == "HTX Đắk Đoa"
    assert coffee[column["representative"]] == "Nguyễn Văn Ánh"
    assert coffee[column["unit"]] == world.unit_a.code
    assert coffee[column["markets"]] == "china;eu"
    assert coffee[column["standards"]] == "vietgap;organic"
    assert float(coffee[column["declared_area_ha"]]) == 12.5
    assert float(coffee[column["households"]]) == 25
    assert _text(coffee[column["valid_from"]])[:10] == "2025-01-15"
    assert sorted(rows["Vùng chè Ia Sao"][column["unit"]].split(";")) == sorted([world.unit_a.code, world.unit_b.code])
    assert shapely.hausdorff_distance(coffee["geometry"], _source(CultivationZone, world.coffee.pk)) < 1e-7
    unmapped = rows["Vùng chưa vẽ"]
    assert unmapped["geometry"] is None or pd.isna(unmapped["geometry"])
    if fmt in {"csv", "xlsx"}:
        assert _text(unmapped["wkt"]) == ""


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "shp", "csv", "xlsx"])
def test_vn2000_exports_match_postgis_to_the_centimetre(tmp_path: Path, world: World, user_for: Any, fmt: str) -> None:
    frame = _export(tmp_path, user_for(Role.APPROVER), fmt=fmt, srid=9218)
    coffee = frame[frame[_file_columns(fmt)[1]] == "Vùng cà phê Biển Hồ"].iloc[0]
    expected = _source(CultivationZone, world.coffee.pk, 9218)
    assert expected.bounds[0] > 400_000  # metres, not degrees
    assert shapely.hausdorff_distance(coffee["geometry"], expected) < 0.01


def test_vn2000_files_name_their_crs_so_that_they_import_again(tmp_path: Path, world: World, user_for: Any) -> None:
    approver = user_for(Role.APPROVER)
    layer_export(layer="zones", fmt="gpkg", out=tmp_path / "zones.gpkg", user=approver, srid=9218)
    assert pyogrio.read_info(tmp_path / "zones.gpkg")["crs"] == "EPSG:9218"
    with sqlite3.connect(tmp_path / "zones.gpkg") as gpkg:
        (definition,) = gpkg.execute("SELECT definition FROM gpkg_spatial_ref_sys WHERE srs_id = 9218").fetchone()
    assert "TOWGS84[-191.90441429" in definition  # the official shift, as PostGIS transformed with it
    layer_export(layer="zones", fmt="shp", out=tmp_path / "zones.zip", user=approver, srid=9218)
    with zipfile.ZipFile(tmp_path / "zones.zip") as archive:
        assert srid_of(archive.read("zones.prj").decode(), source="zones.prj") == 9218


@pytest.mark.parametrize(("layer", "model", "name", "label"), [
    ("parcels", Parcel, None, "sheet_number"),
    ("ocop_producers", OCOPProducer, "HTX Nông nghiệp Đắk Đoa", "representative"),
    ("tourism_sites", TourismSite, "Biển Hồ (Hồ T'Nưng)", "opening_hours"),
])
def test_the_other_layers_export_their_schema(tmp_path: Path, world: World, user_for: Any, layer: str,
                                              model: type, name: str | None, label: str) -> None:
    frame = _export(tmp_path, user_for(Role.ADMIN), layer=layer, fmt="geojson")
    assert list(frame.columns) == [field.name for field in schema_for(layer).fields] + ["geometry"]
    row = frame.iloc[0]
    if name is not None:
        assert row[schema_for(layer).fields[0].name] == name
    assert row["unit"] in {world.unit_a.code, world.unit_b.code}
    assert _text(row[label]) in {"12", "Trần Thị Ơn", "6:00–18:00"}
    assert shapely.hausdorff_distance(row["geometry"], _source(model, model.objects.get().pk)) < 1e-7


def test_csv_starts_with_a_byte_order_mark_and_names_its_geometry_wkt(tmp_path: Path, world: World) -> None:
    out = tmp_path / "sites.csv"
    layer_export(layer="tourism_sites", fmt="csv", out=out, user=AnonymousUser())
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header, first = raw[3:].decode("utf-8").splitlines()[:2]
    assert header.split(",") == ["wkt"] + [field.name for field in schema_for("tourism_sites").public_fields]
    assert "Biển Hồ (Hồ T'Nưng)" in first
    assert "POINT (108.0012345678 14.0212345678)" in first


# --- who sees what --------------------------------------------------------------------------------

def test_the_public_gets_approved_zones_without_private_columns(tmp_path: Path, world: World) -> None:
    frame = _export(tmp_path, AnonymousUser(), fmt="geojson")
    assert _names(frame) == {"Vùng cà phê Biển Hồ", "Vùng chè Ia Sao", "Vùng chưa vẽ"}
    assert list(frame.columns) == [*PUBLIC_ZONE_FIELDS, "geometry"]
    assert not PRIVATE & set(frame.columns)


def test_extension_staff_get_their_own_drafts_but_not_another_units(tmp_path: Path, world: World,
                                                                  user_for: Any) -> None:
    frame = _export(tmp_path, user_for(Role.EXTENSION_STAFF, world.unit_a), fmt="geojson")
    assert "Nháp Biển Hồ" in _names(frame)
    assert "Nháp Đắk Đoa" not in _names(frame)
    assert set(frame.columns) >= PRIVATE


@pytest.mark.parametrize(("role", "layer", "everything"), [
    (Role.ADMIN, "tourism_sites", True),
    (Role.APPROVER, "ocop_producers", True),
    (Role.EXTENSION_STAFF, "ocop_producers", True),
    (Role.EXTENSION_STAFF, "tourism_sites", False),
    (Role.PLANNER, "zones", False),
    (Role.TOURISM_PROMOTER, "tourism_sites", False),
    (None, "ocop_producers", False),
])
def test_private_columns_follow_the_role(tmp_path: Path, world: World, user_for: Any, role: Role | None,
                                         layer: str, everything: bool) -> None:
    units = (world.unit_a,) if role == Role.EXTENSION_STAFF else ()
    frame = _export(tmp_path, user_for(role, *units), layer=layer, fmt="gpkg")
    schema = schema_for(layer)
    expected = schema.fields if everything else schema.public_fields
    assert list(frame.columns) == [field.name for field in expected] + ["geometry"]
    assert len(schema.public_fields) < len(schema.fields)


def test_where_unit_keeps_the_features_in_that_unit(tmp_path: Path, world: World, user_for: Any) -> None:
    approver = user_for(Role.APPROVER)
    in_a = _export(tmp_path, approver, fmt="geojson", unit_code=world.unit_a.code)
    assert _names(in_a) == {"Vùng cà phê Biển Hồ", "Vùng chè Ia Sao", "Nháp Biển Hồ", "Vùng chưa vẽ"}
    assert _names(_export(tmp_path, approver, fmt="geojson", unit_code=world.unit_b.code)) == {"Nháp Đắk Đoa"}
    assert len(_export(tmp_path, approver, layer="parcels", fmt="gpkg", unit_code=world.unit_b.code)) == 0


def test_a_retired_or_unknown_unit_code_is_refused(tmp_path: Path, world: World) -> None:
    make_unit("Ia Kênh", valid_from=dt.date(2000, 1, 1), valid_to=dt.date(2025, 6, 30), code="23999")
    for code in ("23999", "00000"):
        with pytest.raises(UnknownUnitCode, match=code):
            layer_export(layer="zones", fmt="gpkg", out=tmp_path / "z.gpkg", user=AnonymousUser(), unit_code=code)


def test_batches_stream_the_whole_layer(tmp_path: Path, world: World, user_for: Any,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_module, "BATCH_ROWS", 2)
    assert len(_export(tmp_path, user_for(Role.ADMIN), fmt="csv")) == 5


# --- refusals -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("options", "error", "words"), [
    ({"layer": "roads"}, UnknownLayer, "roads"),
    ({"fmt": "pdf"}, UnknownFormat, "pdf"),
    ({"srid": 2154}, UnsupportedCrs, "2154"),
    ({"fmt": "kml", "srid": 9218}, UnsupportedCrs, "KML holds WGS 84"),
])
def test_what_cannot_be_exported_is_refused_clearly(tmp_path: Path, world: World, options: dict[str, Any],
                                                    error: type[Exception], words: str) -> None:
    out = tmp_path / "out.file"
    with pytest.raises(error, match=words):
        layer_export(**{"layer": "zones", "fmt": "geojson", "out": out, "user": AnonymousUser(), **options})
    assert not out.exists()


def test_a_shapefile_is_a_zip_with_utf8_cpg_prj_and_short_names(tmp_path: Path, world: World, user_for: Any) -> None:
    out = tmp_path / "parcels.shp.zip"
    layer_export(layer="parcels", fmt="shp", out=out, user=user_for(Role.ADMIN))
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == [f"parcels.{ext}" for ext in ("cpg", "dbf", "prj", "shp", "shx")]
        assert archive.read("parcels.cpg").decode().strip() == "UTF-8"
    assert pyogrio.read_info(out)["fields"].tolist() == ["unit", "sheet_numb", "parcel_num", "land_use", "recorde_m2"]
    with pytest.raises(ExportError, match="zip"):
        layer_export(layer="parcels", fmt="shp", out=tmp_path / "parcels.shp", user=AnonymousUser())


def test_short_shapefile_names_are_unique_and_known_to_the_importer() -> None:
    for schema in SCHEMAS.values():
        short = [shapefile_name(field.name) for field in schema.fields]
        assert len(set(short)) == len(short) and max(map(len, short)) <= 10, schema.layer
        for field, name in zip(schema.fields, short, strict=True):
            assert name == field.name or name in field.aliases, (schema.layer, field.name)


def test_text_longer_than_a_dbase_field_is_refused_naming_the_feature(tmp_path: Path, world: World) -> None:
    world.coffee.holder = "Hợp tác xã " * 18  # 198 characters, 270 bytes of UTF-8
    world.coffee.save()
    out = tmp_path / "zones.shp.zip"
    with pytest.raises(DoesNotFitFormat, match=f"zones feature {world.coffee.pk}: holder is .* bytes"):
        layer_export(layer="zones", fmt="shp", out=out, user=AnonymousUser())
    assert not out.exists()


def test_a_geometry_too_long_for_an_excel_cell_is_refused_naming_the_feature(tmp_path: Path, world: World) -> None:
    circle = Point(108.0, 14.0, srid=4326).buffer(0.001, quadsegs=800)
    world.coffee.geometry = MultiPolygon(Polygon(circle.exterior_ring), srid=4326)
    world.coffee.save()
    out = tmp_path / "zones.xlsx"
    with pytest.raises(DoesNotFitFormat, match=f"zones feature {world.coffee.pk}: wkt is .* 32,767"):
        layer_export(layer="zones", fmt="xlsx", out=out, user=AnonymousUser())
    assert not out.exists()


def test_points_and_areas_do_not_share_a_shapefile(tmp_path: Path, world: World) -> None:
    TourismSite.objects.create(name_vi="Làng Plei Ốp", category="culture", unit=world.unit_a,
                               geometry=box(108.0, 14.0, 0.002))
    with pytest.raises(DoesNotFitFormat, match="points and areas"):
        layer_export(layer="tourism_sites", fmt="shp", out=tmp_path / "s.zip", user=AnonymousUser())
    assert len(_export(tmp_path, AnonymousUser(), layer="tourism_sites", fmt="geojson")) == 2


# --- the command ----------------------------------------------------------------------------------

def _run(*args: str) -> tuple[int, str, str]:
    """`manage.py export …` in this process (so on the test database): exit status, stdout, stderr."""
    out, err = StringIO(), StringIO()
    with translation.override("en"), pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stdout", out)
        patch.setattr("sys.stderr", err)
        # A command run from argv closes the connections afterwards; the test's transaction lives on one.
        patch.setattr(connections, "close_all", lambda: None)
        try:
            ManagementUtility(["manage.py", "export", *args]).execute()
        except SystemExit as exit_:
            return int(exit_.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_the_command_exports_what_the_public_may_see(tmp_path: Path, world: World) -> None:
    out = tmp_path / "zones.gpkg"
    status, stdout, _stderr = _run("--layer", "zones", "--format", "gpkg", str(out))
    assert (status, stdout.strip()) == (0, f"3 features written to {out}")
    assert _names(pyogrio.read_dataframe(out)) == {"Vùng cà phê Biển Hồ", "Vùng chè Ia Sao", "Vùng chưa vẽ"}


def test_the_command_exports_as_a_user_in_a_crs_within_a_unit(tmp_path: Path, world: World, user_for: Any) -> None:
    staff = user_for(Role.EXTENSION_STAFF, world.unit_a)
    out = tmp_path / "zones.geojson"
    with translation.override("en"):
        call_command("export", "--layer", "zones", "--format", "geojson", "--crs", "EPSG:9218",
                     "--where-unit", world.unit_a.code, "--user", staff.get_username(), str(out), stdout=StringIO())
    frame = pyogrio.read_dataframe(out)
    assert "Nháp Biển Hồ" in _names(frame) and set(frame.columns) >= PRIVATE
    assert pyogrio.read_info(out)["crs"] == "EPSG:9218"


@pytest.mark.parametrize(("args", "words"), [
    (("--layer", "zones", "--format", "kml", "--crs", "EPSG:9218"), "KML holds WGS 84"),
    (("--layer", "roads", "--format", "gpkg"), "roads"),
    (("--layer", "zones", "--format", "gpkg", "--crs", "EPSG:99"), "EPSG:99"),
    (("--layer", "zones", "--format", "gpkg", "--user", "nobody"), "nobody"),
    (("--layer", "zones", "--format", "gpkg", "--where-unit", "00000"), "00000"),
])
def test_the_command_fails_with_a_clear_message(tmp_path: Path, world: World, args: tuple[str, ...],
                                                words: str) -> None:
    status, stdout, stderr = _run(*args, str(tmp_path / "out.gpkg"))
    assert status == 1
    assert words in stderr and "features written" not in stdout
    with pytest.raises(CommandError):
        call_command("export", *args, str(tmp_path / "out.gpkg"))


# --- the web download -----------------------------------------------------------------------------

def _download(client: Client, url: str, tmp_path: Path) -> tuple[Any, Path]:
    response = client.get(url)
    path = tmp_path / f"download{Path(url.split('?')[0]).suffix}"
    if response.status_code == 200:
        path.write_bytes(b"".join(response.streaming_content))
    return response, path


def test_anonymous_download_is_the_public_geojson(client: Client, world: World, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    response, path = _download(client, reverse("ingest:export", kwargs={"layer": "zones", "fmt": "geojson"}), tmp_path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="zones-{today}.geojson"'
    features = json.loads(path.read_text("utf-8"))["features"]
    assert {feature["properties"]["name"] for feature in features} == {
        "Vùng cà phê Biển Hồ", "Vùng chè Ia Sao", "Vùng chưa vẽ"}
    assert not PRIVATE & set(features[0]["properties"])
    assert [item.name for item in tmp_path.iterdir()] == ["download.geojson"]  # the export's temporary file is gone


def test_staff_download_their_units_geopackage(client: Client, world: World, user_for: Any, tmp_path: Path) -> None:
    staff = user_for(Role.EXTENSION_STAFF, world.unit_a)
    assert isinstance(staff, AbstractBaseUser)
    client.force_login(staff)
    response, path = _download(client, f"/export/zones.gpkg?crs=EPSG:9218&unit={world.unit_a.code}", tmp_path)
    assert response["Content-Type"] == "application/geopackage+sqlite3"
    assert response["Content-Disposition"].endswith(f'filename="zones-{timezone.localdate().isoformat()}.gpkg"')
    frame = pyogrio.read_dataframe(path)
    assert _names(frame) == {"Vùng cà phê Biển Hồ", "Vùng chè Ia Sao", "Nháp Biển Hồ", "Vùng chưa vẽ"}
    assert frame.loc[frame["name"] == "Vùng cà phê Biển Hồ", "representative"].item() == "Nguyễn Văn Ánh"


@pytest.mark.parametrize(("url", "status", "words"), [
    ("/export/roads.gpkg", 404, ""),
    ("/export/zones.pdf", 400, "pdf"),
    ("/export/zones.gpkg?crs=EPSG:2154", 400, "EPSG:2154"),
    ("/export/zones.kml?crs=EPSG:9218", 400, "KML"),
    ("/export/zones.csv?unit=00000", 400, "00000"),
])
def test_bad_downloads_say_why(client: Client, world: World, url: str, status: int, words: str) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert words in response.content.decode()


def test_a_private_layer_is_not_found_by_the_public(client: Client, world: World,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    private = MappingProxyType({**registry.LAYERS, "parcels": replace(registry.LAYERS["parcels"], public=False)})
    monkeypatch.setattr(registry, "LAYERS", private)
    assert client.get("/export/parcels.geojson").status_code == 404
    assert client.get("/export/zones.geojson").status_code == 200
