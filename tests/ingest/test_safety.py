"""The safety gate: every supported format passes, every hostile file is refused before GDAL can be misled.

Each hostile case is a real file built in the test's folder. A refusal must name the file and the reason,
leave nothing outside the job's work folder, and (where a server is involved) send it no request.
"""

import json
import os
import shutil
import sqlite3
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyogrio
import pytest
from django.test import override_settings
from django.utils import translation

from ingest import archives, sniff
from ingest.safety import (
    AmbiguousArchive,
    ContentMismatch,
    FileTooLarge,
    GdalVirtualDataset,
    LinkedContent,
    MissingSideFile,
    NotAPlainFile,
    SourceFile,
    UnsafeArchive,
    UnsafeFile,
    UnsafeXml,
    UnsupportedFormat,
    source_prepare,
)
from tests.ingest import hostile

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    # The assertions read the English messages; the Vietnamese catalogue may translate them later.
    with translation.override("en"):
        yield


@pytest.fixture
def spy(tmp_path: Path) -> Iterator[hostile.HttpSpy]:
    server = hostile.HttpSpy(tmp_path)
    yield server
    server.stop()


def _listing(root: Path, skip: Path) -> set[Path]:
    return {path for path in root.rglob("*") if skip not in path.parents and path != skip}


@dataclass
class Job:
    """A user's folder (`inbox`), the job's work folder, and the folder around both that must not change."""

    inbox: Path
    workdir: Path
    watched: Path

    def prepare(self, path: Path, name: str | None = None) -> SourceFile:
        before = _listing(self.watched, self.workdir)
        try:
            return source_prepare(path, workdir=self.workdir, name=name)
        finally:
            assert _listing(self.watched, self.workdir) == before, "something was written outside the work folder"

    def refuses(self, path: Path, kind: type[UnsafeFile], *reasons: str, name: str | None = None,
                shown: str | None = None) -> str:
        """Assert the refusal's type, that its message names the file (or `shown`) and gives each reason."""
        with pytest.raises(kind) as caught:
            self.prepare(path, name=name)
        message = str(caught.value)
        assert (shown or name or path.name) in message
        for reason in reasons:
            assert reason in message
        return message

    def write(self, name: str, data: bytes) -> Path:
        path = self.inbox / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path


@pytest.fixture
def job(tmp_path: Path) -> Job:
    inbox, workdir = tmp_path / "in", tmp_path / "work"
    inbox.mkdir()
    workdir.mkdir()
    return Job(inbox, workdir, tmp_path.parent)


def _rows(source: SourceFile, layer: str | int = 0) -> int:
    return len(pyogrio.read_dataframe(source.path, layer=layer))


def _shapefile(job: Job, stem: str = "thua_dat") -> Path:
    pyogrio.write_dataframe(hostile.points(), job.inbox / f"{stem}.shp")
    return job.inbox / f"{stem}.shp"


def _zip_folder(job: Job, folder: Path, name: str, prefix: str = "") -> Path:
    members = [(prefix + path.name, path.read_bytes()) for path in sorted(folder.iterdir())]
    return hostile.write_zip(job.inbox / name, members)


# Accepted ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("suffix", "driver", "writer"), [
    (".gpkg", "GPKG", "GPKG"),
    (".geojson", "GeoJSON", "GeoJSON"),
    (".json", "GeoJSON", "GeoJSON"),
    (".kml", "KML", "LIBKML"),
    (".dxf", "DXF", "DXF"),
    (".dgn", "DGN", "DGN"),
])
def test_accepts_files_gdal_wrote(job: Job, suffix: str, driver: str, writer: str) -> None:
    data = hostile.points()
    if writer in ("DXF", "DGN"):  # CAD files keep geometries only
        data = data[["geometry"]]
    path = job.inbox / f"thua_dat{suffix}"
    pyogrio.write_dataframe(data, path, driver=writer)
    source = job.prepare(path)
    assert (source.driver, source.path, source.name) == (driver, path, path.name)
    assert _rows(source) == 2


def test_accepts_a_shapefile_with_upper_case_side_files(job: Job) -> None:
    path = _shapefile(job)
    for suffix in (".shx", ".dbf"):
        path.with_suffix(suffix).rename(path.with_suffix(suffix.upper()))
    source = job.prepare(path)
    assert (source.driver, source.path) == ("ESRI Shapefile", path)
    assert _rows(source) == 2


def test_accepts_a_zipped_shapefile_in_a_folder_beside_a_readme_and_macos_metadata(job: Job) -> None:
    folder = job.inbox / "export"
    folder.mkdir()
    pyogrio.write_dataframe(hostile.points(), folder / "Thua_Dat.shp")
    for path in folder.iterdir():  # Windows tools write upper-case extensions
        path.rename(path.with_suffix(path.suffix.upper()))
    members = [(f"du_lieu/{path.name}", path.read_bytes()) for path in folder.iterdir()]
    members += [("du_lieu/doc_ky.txt", b"Readme"), ("__MACOSX/du_lieu/._Thua_Dat.SHP", b"\x00\x05\x16\x07"),
                ("du_lieu/", b"")]
    archive = hostile.write_zip(job.inbox / "thua-dat.zip", members)
    source = job.prepare(archive)
    assert source.driver == "ESRI Shapefile"
    assert source.name == "thua-dat.zip/du_lieu/Thua_Dat.SHP"
    assert job.workdir in source.path.parents
    assert _rows(source) == 2


def test_accepts_a_real_zipped_shapefile(job: Job) -> None:
    source = job.prepare(DATA / "coutwildrnp.zip")
    assert (source.driver, source.name) == ("ESRI Shapefile", "coutwildrnp.zip/coutwildrnp.shp")
    assert _rows(source) == 67


def test_accepts_a_real_gpx(job: Job) -> None:
    source = job.prepare(DATA / "test_gpx.gpx")
    assert source.driver == "GPX"
    assert _rows(source, "tracks") == 1


def test_accepts_a_kmz_by_its_doc_kml(job: Job) -> None:
    archive = hostile.write_zip(job.inbox / "vung.kmz", [
        ("doc.kml", hostile.kml(hostile.PLACEMARK)), ("files/anh.png", b"\x89PNG"),
        ("files/other.kml", hostile.kml(""))])
    source = job.prepare(archive)
    assert (source.driver, source.name) == ("KML", "vung.kmz/doc.kml")
    assert _rows(source) == 1


def test_accepts_a_kmz_inside_a_zip(job: Job) -> None:
    kmz = hostile.write_zip(job.inbox / "vung.kmz", [("doc.kml", hostile.kml(hostile.PLACEMARK))])
    archive = hostile.write_zip(job.inbox / "gui.zip", [("vung.kmz", kmz.read_bytes())])
    source = job.prepare(archive)
    assert (source.driver, source.name) == ("KML", "gui.zip/vung.kmz/doc.kml")
    assert _rows(source) == 1


def test_a_zipped_shapefile_with_a_side_file_in_both_cases_takes_the_first(job: Job) -> None:
    path = _shapefile(job)
    shx = path.with_suffix(".shx").read_bytes()
    archive = _zip_folder(job, job.inbox, "thua-dat.zip")
    with zipfile.ZipFile(archive, "a") as more:
        more.writestr("thua_dat.SHX", shx)
    assert _rows(job.prepare(archive)) == 2


def test_accepts_csv_and_a_txt_that_gdal_reads_once_named_csv(job: Job) -> None:
    text = "ten,lon,lat\nThửa 1,108.0,13.98\n".encode()
    csv = job.prepare(job.write("diem.csv", text))
    txt = job.prepare(job.write("diem.txt", text))
    assert (csv.driver, txt.driver) == ("CSV", "CSV")
    assert txt.path.suffix == ".csv" and job.workdir in txt.path.parents
    assert _rows(csv) == _rows(txt) == 1


def test_accepts_a_windows_1258_csv(job: Job) -> None:
    # Windows-1258 writes most Vietnamese letters as a base letter and a combining tone mark: "Đồi".
    source = job.prepare(job.write("diem.csv", "ten,lon,lat\n\u0110\u00f4\u0300i,108.0,13.98\n".encode("cp1258")))
    assert source.driver == "CSV"


def test_accepts_an_excel_workbook(job: Job) -> None:
    path = job.inbox / "bang.xlsx"
    pyogrio.write_dataframe(hostile.table(), path, driver="XLSX")
    source = job.prepare(path)
    assert source.driver == "XLSX"
    assert _rows(source) == 2


def test_an_upload_is_judged_by_its_original_name_and_copied_with_the_right_suffix(job: Job) -> None:
    upload = job.write("tmp4f2a.upload", "ten,lon,lat\nThửa 1,108.0,13.98\n".encode())
    source = job.prepare(upload, name="Điểm đo.csv")
    assert (source.driver, source.name) == ("CSV", "Điểm đo.csv")
    assert source.path.name == "Điểm_đo.csv" and job.workdir in source.path.parents


def test_a_name_pyogrio_would_rewrite_is_opened_through_a_copy(job: Job) -> None:
    # pyogrio reads "a!b.geojson" as member "b.geojson" of archive "a"; the gate hands GDAL a plain copy.
    path = job.write("!test.geojson", hostile.feature_collection())
    source = job.prepare(path)
    assert source.path != path and job.workdir in source.path.parents
    assert _rows(source) == 1


# Not a plain file ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "/vsicurl/{url}x.geojson", "/vsizip//srv/data/thua-dat.zip/thua_dat.shp", "/VSIS3/bucket/x.gpkg", "{url}x.geojson",
    "https://example.invalid/x.geojson", "ftp://example.invalid/x.zip", "PG:dbname=ntm", "GPKG:/srv/x.gpkg:thua",
    "WFS:{url}", '{"type": "FeatureCollection", "features": []}', "<OGRVRTDataSource/>",
])
def test_refuses_gdal_virtual_paths_and_connection_strings(job: Job, spy: hostile.HttpSpy, text: str) -> None:
    path = Path(text.replace("{url}", spy.url("")))
    job.refuses(path, NotAPlainFile, "virtual path or connection string", name="du-lieu")
    assert spy.requests() == []


def test_refuses_a_symlink_even_to_a_good_file(job: Job) -> None:
    good = job.write("thua_dat.geojson", hostile.feature_collection())
    link = job.inbox / "link.geojson"
    link.symlink_to(good)
    job.refuses(link, NotAPlainFile, "symbolic link")


def test_refuses_a_folder_and_a_device(job: Job) -> None:
    folder = job.inbox / "thua_dat.gpkg"
    folder.mkdir()
    job.refuses(folder, NotAPlainFile, "folder")
    job.refuses(Path(os.devnull), NotAPlainFile, "device", name="null.csv")


def test_refuses_a_missing_file(job: Job) -> None:
    job.refuses(job.inbox / "khong-co.geojson", NotAPlainFile, "cannot be read")


@override_settings(INGEST_MAX_FILE_BYTES=1024)
def test_refuses_a_file_over_the_size_limit(job: Job) -> None:
    job.refuses(job.write("lon.geojson", hostile.feature_collection(features=40)), FileTooLarge,
                "larger than", "INGEST_MAX_FILE_MB")


# Formats --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["ban-do.pdf", "anh.tif", "du-lieu", "thua_dat.gml", "thua_dat.zip.gz"])
def test_refuses_other_formats_listing_the_supported_ones(job: Job, name: str) -> None:
    job.refuses(job.write(name, b"%PDF-1.7"), UnsupportedFormat, "not a supported format", "GeoPackage (.gpkg)",
                "DGN v7 (.dgn)")


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("thua_dat.gpkg", b"SQLite format 3\x00" + bytes(100), "GeoPackage"),
    ("thua_dat.geojson", b"<?xml version='1.0'?><kml/>", "GeoJSON"),
    ("thua_dat.geojson", b'{"type": "Topology", "objects": {}}', "GeoJSON"),
    ("thua_dat.json", b'{"geometryType": "esriGeometryPoint", "features": []}', "GeoJSON"),
    ("thua_dat.kml", b"<html><body>Not found</body></html>", "root element is <html>"),
    ("thua_dat.gpx", hostile.kml(""), "root element is <kml>"),
    ("thua_dat.kml", b"<kml><Document>", "not well-formed XML"),
    ("thua_dat.dgn", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "DGN v8"),
    ("thua_dat.dgn", b"0\nSECTION\n", "DGN v7"),
    ("thua_dat.dxf", b"AutoCAD Binary DXF\r\n\x1a\x00", "binary DXF"),
    ("thua_dat.dxf", b"999\nmade by hand\n  1\nSECTION\n", "DXF"),
    ("thua_dat.csv", b"ten,lon\nabc\x00,1\n", "NUL bytes"),
    ("thua_dat.csv", "ten,lon\nThửa,1\n".encode("utf-16"), "NUL bytes"),
    ("thua_dat.csv", b'  {"type": "FeatureCollection"}', "looks like XML or JSON"),
    ("thua_dat.csv", b"ten,lon\n\x81\x8d\x8f,1\n", "UTF-8 or Windows-1258"),
    ("thua_dat.xlsx", b"PK\x05\x06" + bytes(18), "not an Excel workbook"),
    ("thua_dat.xlsx", b"ten,lon\n", "not a zip archive"),
    ("thua_dat.kmz", b"<kml/>", "not a zip archive"),
    ("thua_dat.txt", b"", "is empty"),
])
def test_refuses_content_that_does_not_match_the_extension(job: Job, name: str, data: bytes, reason: str) -> None:
    job.refuses(job.write(name, data), ContentMismatch, reason)


def test_refuses_a_shp_that_is_not_a_shapefile(job: Job) -> None:
    path = _shapefile(job)
    path.write_bytes(b"not a shapefile at all")
    job.refuses(path, ContentMismatch, "Shapefile")


def test_refuses_a_real_shapefile_without_its_shx(job: Job) -> None:
    for name in ("latin1.shp", "latin1.dbf"):
        shutil.copy(DATA / name, job.inbox / name)
    job.refuses(job.inbox / "latin1.shp", MissingSideFile, "latin1.shx")


def test_refuses_a_shapefile_without_its_dbf(job: Job) -> None:
    path = _shapefile(job)
    path.with_suffix(".dbf").unlink()
    job.refuses(path, MissingSideFile, "thua_dat.dbf", ".zip")


def test_refuses_a_zipped_shapefile_without_its_shx_naming_it(job: Job) -> None:
    path = _shapefile(job)
    path.with_suffix(".shx").unlink()
    archive = _zip_folder(job, job.inbox, "thua-dat.zip", prefix="du_lieu/")
    job.refuses(archive, MissingSideFile, "thua-dat.zip/du_lieu/thua_dat.shp", "thua_dat.shx")


def test_refuses_a_shapefile_whose_dbf_is_a_symlink(job: Job) -> None:
    path = _shapefile(job)
    path.with_suffix(".dbf").unlink()
    path.with_suffix(".dbf").symlink_to(os.devnull)
    job.refuses(path, NotAPlainFile, "symbolic link", shown="thua_dat.dbf")


# Archives ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("member", [
    "../../escaped.geojson", "du_lieu/../../escaped.geojson", "..\\..\\escaped.geojson", "C:/escaped.geojson",
    "c:escaped.geojson", "{absolute}",
])
def test_refuses_members_that_point_outside_the_archive(job: Job, member: str) -> None:
    absolute = str(job.watched / "escaped.geojson")
    archive = hostile.write_zip(job.inbox / "thua-dat.zip",
                                [(member.format(absolute=absolute), hostile.feature_collection())])
    job.refuses(archive, UnsafeArchive, "outside the archive")
    assert not Path(absolute).exists()  # where "../../" from the work folder would also land
    assert list(job.workdir.iterdir()) == []


def test_refuses_a_symlink_member(job: Job) -> None:
    archive = hostile.write_zip(job.inbox / "thua-dat.zip", [(hostile.symlink_member("thua_dat.csv"), b"/etc/passwd")])
    job.refuses(archive, UnsafeArchive, "thua_dat.csv", "symbolic link")
    assert list(job.workdir.iterdir()) == []


def test_refuses_an_encrypted_member(job: Job) -> None:
    archive = hostile.write_zip(job.inbox / "thua-dat.zip", [("thua_dat.geojson", hostile.feature_collection())])
    hostile.mark_encrypted(archive)
    assert zipfile.ZipFile(archive).infolist()[0].flag_bits & 0x1
    job.refuses(archive, UnsafeArchive, "thua_dat.geojson", "password")


def test_refuses_an_archive_with_too_many_members(job: Job) -> None:
    members = [(f"f{n}.dbf", b"") for n in range(archives.MAX_MEMBERS + 1)]
    archive = hostile.write_zip(job.inbox / "nhieu.zip", members, compression=zipfile.ZIP_STORED)
    job.refuses(archive, UnsafeArchive, "10001 files")


def test_stops_a_zip_bomb_by_its_compression_ratio_and_removes_what_it_wrote(job: Job) -> None:
    archive = hostile.write_zip(job.inbox / "bom.zip", [("bom.geojson", bytes(8 * 1024 * 1024))])
    assert archive.stat().st_size < 20_000
    job.refuses(archive, UnsafeArchive, "bom.geojson", "zip bomb")
    assert list(job.workdir.iterdir()) == []


@override_settings(INGEST_MAX_UNPACKED_BYTES=512 * 1024)
def test_stops_unpacking_at_the_byte_budget_and_removes_what_it_wrote(job: Job) -> None:
    archive = hostile.write_zip(job.inbox / "bom.zip", [("bom.geojson", bytes(4 * 1024 * 1024))])
    job.refuses(archive, UnsafeArchive, "unpacks to more than", "INGEST_MAX_UNPACKED_MB")
    assert list(job.workdir.iterdir()) == []


@override_settings(INGEST_MAX_UNPACKED_BYTES=1024 * 1024)
def test_the_budget_counts_every_archive_of_a_job(job: Job) -> None:
    # A KMZ inside a zip: each unpacks under 1 MiB, together over it.
    document = hostile.kml(hostile.PLACEMARK + f"<!--{'x' * 600_000}-->")
    kmz = hostile.write_zip(job.inbox / "inner.kmz", [("doc.kml", document)], compression=zipfile.ZIP_STORED)
    archive = hostile.write_zip(job.inbox / "outer.zip", [("inner.kmz", kmz.read_bytes())])
    job.refuses(archive, UnsafeArchive, "unpacks to more than")


def test_refuses_a_damaged_archive(job: Job) -> None:
    archive = hostile.write_zip(job.inbox / "hong.zip", [("thua_dat.geojson", hostile.feature_collection(50))])
    data = bytearray(archive.read_bytes())
    data[60:80] = bytes(20)  # inside the deflated data, after the 30-byte local header and the name
    archive.write_bytes(bytes(data))
    job.refuses(archive, UnsafeArchive, "damaged")
    assert list(job.workdir.iterdir()) == []


def test_refuses_an_archive_whose_only_member_is_empty(job: Job) -> None:
    job.refuses(DATA / "empty_zipfile.zip", ContentMismatch, "empty_zipfile.zip/dummyfile.txt", "is empty")


@pytest.mark.parametrize(("members", "held"), [
    ([("ban-do.pdf", b"%PDF"), ("anh.jpg", b"\xff\xd8")], "ban-do.pdf, anh.jpg"),
    ([("du_lieu/thua_dat.dbf", b"")], "du_lieu/thua_dat.dbf"),
    ([], "nothing"),
])
def test_refuses_an_archive_without_a_supported_file(job: Job, members: list, held: str) -> None:
    archive = hostile.write_zip(job.inbox / "thua-dat.zip", members)
    job.refuses(archive, UnsupportedFormat, f"it holds: {held}", "GeoPackage (.gpkg)")


def test_refuses_an_archive_with_several_datasets_naming_them(job: Job) -> None:
    _shapefile(job, "thua_dat")
    job.write("ranh_gioi.geojson", hostile.feature_collection())
    archive = _zip_folder(job, job.inbox, "thua-dat.zip")
    job.refuses(archive, AmbiguousArchive, "ranh_gioi.geojson", "thua_dat.shp")


def test_refuses_a_kmz_with_several_documents_and_no_doc_kml(job: Job) -> None:
    archive = hostile.write_zip(job.inbox / "vung.kmz", [("a.kml", hostile.kml("")), ("b.kml", hostile.kml(""))])
    job.refuses(archive, AmbiguousArchive, "a.kml, b.kml")


# GDAL virtual datasets -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["thua_dat.geojson", "thua_dat.kml", "thua_dat.gpx", "thua_dat.csv", "thua_dat.dxf",
                                  "thua_dat.gpkg"])
def test_refuses_a_vrt_dressed_as_another_format(job: Job, name: str) -> None:
    job.refuses(job.write(name, hostile.ogr_vrt("CSV:/etc/passwd")), GdalVirtualDataset, "GDAL virtual dataset")


def test_refuses_a_raster_vrt_and_a_vrt_hidden_after_64_kib(job: Job) -> None:
    raster = b'<VRTDataset rasterXSize="1" rasterYSize="1"><SourceFilename>/etc/passwd</SourceFilename></VRTDataset>'
    job.refuses(job.write("anh.kml", raster), GdalVirtualDataset, "GDAL virtual dataset")
    hidden = b"<?xml version='1.0'?>" + b" " * 70_000 + hostile.ogr_vrt("CSV:/etc/passwd")
    job.refuses(job.write("an.kml", hidden), GdalVirtualDataset, "<OGRVRTDataSource>")


def test_refuses_a_vrt_inside_a_zip(job: Job) -> None:
    archive = hostile.write_zip(job.inbox / "thua-dat.zip", [("thua_dat.geojson", hostile.ogr_vrt("/etc/passwd"))])
    job.refuses(archive, GdalVirtualDataset, "thua-dat.zip/thua_dat.geojson")


def test_refuses_a_gdal_pipeline_dressed_as_geojson(job: Job, spy: hostile.HttpSpy) -> None:
    job.refuses(job.write("thua_dat.geojson", hostile.gdalg(spy.url("x.geojson"))), GdalVirtualDataset, "GDAL")
    padded = b'{"command_line": "gdal vector pipeline ! read /vsicurl/' + spy.url("y.geojson").encode() + b'",' \
             + b'"pad": "' + b"x" * 70_000 + b'", "type": "gdal\\u005fstreamed_alg"}'
    job.refuses(job.write("padded.geojson", padded), GdalVirtualDataset, "GDALG")
    assert spy.requests() == []


# Links to elsewhere --------------------------------------------------------------------------------------------


def _link_crs(url: str, kind: str = "link") -> dict:
    return {"type": kind, "properties": {"href": url, "url": url}}


def test_gdal_itself_downloads_a_geojson_link_crs(job: Job, spy: hostile.HttpSpy) -> None:
    # Why the gate reads GeoJSON to the end: given this file, GDAL calls the server.
    path = job.write("thua_dat.geojson", hostile.feature_collection(crs=_link_crs(spy.url("crs"))))
    pyogrio.read_info(path)
    assert spy.requests() != []


def _geojson_variants(url: str) -> dict[str, bytes]:
    feature = {"type": "Feature", "properties": {"ten": "Thửa"},
               "geometry": {"type": "Point", "coordinates": [108.0, 13.98], "crs": _link_crs(url)}}
    return {
        "link": hostile.feature_collection(crs=_link_crs(url)),
        "url": hostile.feature_collection(crs=_link_crs(url, "URL")),
        "upper": hostile.feature_collection(CRS={"TYPE": "LiNk", "properties": {"href": url}}),
        "escaped": b'{"type": "FeatureCollection", "\\u0063rs": {"typ\\u0065": "link", "properties": {"href": "'
                   + url.encode() + b'"}}, "features": []}',
        "duplicate": b'{"type": "FeatureCollection", "crs": {"type": "name", "type": "link", "properties": {"href": "'
                     + url.encode() + b'"}}, "features": []}',
        "geometry": json.dumps({"type": "FeatureCollection", "features": [feature]}).encode(),
        # A crs after 3 MiB of features: the scan crosses chunk boundaries and keeps its place.
        "late": hostile.feature_collection(features=30_000, crs=_link_crs(url)),
        "point": json.dumps({"type": "Point", "coordinates": [108.0, 13.98], "crs": _link_crs(url)}).encode(),
    }


@pytest.mark.parametrize("variant", ["link", "url", "upper", "escaped", "duplicate", "geometry", "late", "point"])
def test_refuses_a_geojson_crs_that_gdal_would_download(job: Job, spy: hostile.HttpSpy, variant: str) -> None:
    data = _geojson_variants(spy.url("crs"))[variant]
    job.refuses(job.write(f"{variant}.geojson", data), LinkedContent, "coordinate system as a link")
    assert spy.requests() == []


@pytest.mark.parametrize("variant", ["link", "escaped", "duplicate", "geometry"])
def test_the_geojson_scan_keeps_its_place_across_chunks(job: Job, monkeypatch: pytest.MonkeyPatch,
                                                        variant: str) -> None:
    # Chunks of 5 bytes cut every string, escape and key in two.
    monkeypatch.setattr(sniff, "CHUNK_BYTES", 5)
    data = _geojson_variants("http://127.0.0.1:9/crs")[variant]
    job.refuses(job.write(f"{variant}.geojson", data), LinkedContent, "coordinate system as a link")
    sniff.check_geojson(job.write("ok.geojson", hostile.feature_collection(features=3)), name="ok.geojson")


def test_accepts_a_geojson_crs_given_by_name_even_with_tricky_strings(job: Job) -> None:
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4326"}}
    data = hostile.feature_collection(crs=crs).replace(b'"Th', b'"\\"crs\\": {\\"type\\": \\"link\\"} Th')
    source = job.prepare(job.write("thua_dat.geojson", data))
    assert source.driver == "GeoJSON"


def test_refuses_a_kml_with_a_network_link(job: Job, spy: hostile.HttpSpy) -> None:
    job.refuses(job.write("vung.kml", hostile.kml_reaching_out(spy.url(""))), LinkedContent, "<NetworkLink>")
    assert spy.requests() == []


# XML -----------------------------------------------------------------------------------------------------------


def test_refuses_billion_laughs(job: Job) -> None:
    data = hostile.kml("<Placemark><name>&lol9;</name></Placemark>", prolog=hostile.BILLION_LAUGHS)
    job.refuses(job.write("cuoi.kml", data), UnsafeXml, "DOCTYPE")
    kmz = hostile.write_zip(job.inbox / "cuoi.kmz", [("doc.kml", data)])
    job.refuses(kmz, UnsafeXml, "cuoi.kmz/doc.kml")


def test_refuses_an_external_entity_without_fetching_it(job: Job, spy: hostile.HttpSpy) -> None:
    data = hostile.kml("<Placemark><name>&remote;</name></Placemark>", prolog=hostile.external_entity(spy.url("x")))
    job.refuses(job.write("ngoai.kml", data), UnsafeXml, "DOCTYPE")
    gpx = f'<?xml version="1.0"?>{hostile.external_entity(spy.url("y"))}<gpx version="1.1">&remote;</gpx>'
    job.refuses(job.write("ngoai.gpx", gpx.encode()), UnsafeXml, "DOCTYPE")
    assert spy.requests() == []


def test_refuses_a_doctype_inside_an_excel_workbook(job: Job) -> None:
    path = job.inbox / "bang.xlsx"
    pyogrio.write_dataframe(hostile.table(), path, driver="XLSX")
    with zipfile.ZipFile(path) as original:
        members = [(member.filename, original.read(member)) for member in original.infolist()]
    poisoned = [(name, data.replace(b"?>", b"?>" + hostile.BILLION_LAUGHS.encode(), 1)
                 if name == "xl/sharedStrings.xml" else data) for name, data in members]
    job.refuses(hostile.write_zip(path, poisoned), UnsafeXml, "bang.xlsx/xl/sharedStrings.xml")


# What GDAL fetches by itself -----------------------------------------------------------------------------------


def _read_every_layer(path: Path) -> int:
    return sum(len(pyogrio.read_dataframe(path, layer=str(name))) for name, _type in pyogrio.list_layers(path))


def test_libkml_follows_no_link_when_reading(job: Job, spy: hostile.HttpSpy) -> None:
    path = job.write("vung.kml", hostile.kml_reaching_out(spy.url("")))
    assert pyogrio.read_info(path)["driver"] == "LIBKML"
    assert _read_every_layer(path) == 3  # the placemark, the overlay's footprint and the model, read locally
    assert spy.requests() == []


def _styled_kml(job: Job, name: str, style_url: str) -> Path:
    return job.write(name, hostile.kml(f"<Placemark><styleUrl>{style_url}#s</styleUrl>"
                                       "<Point><coordinates>108.0,13.98</coordinates></Point></Placemark>"))


def test_the_gate_switches_off_libkml_external_styles(job: Job, spy: hostile.HttpSpy) -> None:
    # Two files with two style URLs, so that GDAL's download cache cannot hide a second fetch.
    switched_on = _styled_kml(job, "bat.kml", spy.url("on.kml"))
    gated = _styled_kml(job, "kieu.kml", spy.url("gated.kml"))
    try:
        pyogrio.set_gdal_config_options({"LIBKML_EXTERNAL_STYLE": "YES"})
        _read_every_layer(switched_on)
        assert spy.requests() == ["GET /on.kml"]  # switched on (an environment variable can do it), LIBKML fetches
        source = job.prepare(gated)
        _read_every_layer(source.path)
        assert spy.requests() == ["GET /on.kml"]  # the gate switched it off again
    finally:
        pyogrio.set_gdal_config_options({"LIBKML_EXTERNAL_STYLE": "NO"})


def test_a_geopackage_view_cannot_make_gdal_fetch(job: Job, spy: hostile.HttpSpy) -> None:
    path = job.inbox / "thua_dat.gpkg"
    pyogrio.write_dataframe(hostile.points(), path, layer="thua")
    # A view that asks GDAL's SQL function to open a remote raster. SQLite views take no parameters, and
    # the URL is the test's own server.
    view = (f"CREATE VIEW ro AS SELECT fid, geom, ten, gdal_get_pixel_value('/vsicurl/{spy.url('r.tif')}', "  # noqa: S608
            "1, 'pixel', 0, 0) AS px FROM thua")
    with sqlite3.connect(path) as database:
        database.execute(view)
        database.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) "
                         "VALUES ('ro', 'features', 'ro', 4326)")
        database.execute("INSERT INTO gpkg_geometry_columns VALUES ('ro', 'geom', 'POINT', 4326, 0, 0)")
    database.close()
    source = job.prepare(path)
    assert _read_every_layer(source.path) == 4
    assert spy.requests() == []
