"""The safety gate for imported files: what may reach GDAL, and as which driver.

`source_prepare` takes a user's file (a path on the server, or an upload saved to a temporary file),
refuses anything that is not plainly one of the supported formats, unpacks archives into the job's
work folder, and returns the one local file GDAL may open and the driver that must read it.

The checks read bytes, not extensions: GDAL picks its driver by content, and several drivers read
other files or call servers (VRT, GDALG, a GeoJSON "link" CRS, LIBKML external styles). Nothing is
written outside `workdir` and no network request is made.
"""

import os
import re
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pyogrio
from django.conf import settings
from django.utils.translation import gettext as _
from pyogrio.errors import DataLayerError, DataSourceError
from pyogrio.util import vsi_path

from ingest import archives, sniff
from ingest.sniff import (
    AmbiguousArchive,
    ContentMismatch,
    FileTooLarge,
    GdalVirtualDataset,
    LinkedContent,
    MissingSideFile,
    NotAPlainFile,
    UnreadableFile,
    UnsafeArchive,
    UnsafeFile,
    UnsafeXml,
    UnsupportedFormat,
)

__all__ = [
    "SUPPORTED_SUFFIXES", "AmbiguousArchive", "ContentMismatch", "FileTooLarge", "GdalVirtualDataset",
    "LinkedContent", "MissingSideFile", "NotAPlainFile", "SourceFile", "UnreadableFile", "UnsafeArchive",
    "UnsafeFile", "UnsafeXml", "UnsupportedFormat", "source_prepare",
]


@dataclass(frozen=True)
class SourceFile:
    path: Path  # a plain local file GDAL may open: the user's file, or one unpacked into `workdir`
    driver: str  # the only GDAL driver allowed to read it (for KML, GDAL's LIBKML driver counts as KML)
    name: str  # the file name as the user knows it ("thua-dat.zip/thua_dat.shp"), used in every message


@dataclass(frozen=True)
class _Format:
    driver: str
    suffixes: tuple[str, ...]  # what the path GDAL opens must end with; a copy gets the first
    check: Callable[[Path, str], None]


def _check_shapefile(path: Path, name: str) -> None:
    sniff.check_shape_header(path, name=name)
    index = _required_side_file(path, ".shx", name=name)
    _required_side_file(path, ".dbf", name=name)
    for side in _shapefile_sides(path):
        _vet_plain_file(side, name=str(PurePosixPath(name).with_suffix(side.suffix.lower())))
    sniff.check_shape_header(index, name=str(PurePosixPath(name).with_suffix(".shx")))


def _required_side_file(path: Path, suffix: str, *, name: str) -> Path:
    side = _side_file(path, suffix)
    if side is None:
        raise MissingSideFile(
            _("%(file)s has no %(side)s next to it. A shapefile is several files with the same name (.shp, .shx, "
              ".dbf and .prj); put them all in one .zip and upload that.")
            % {"file": name, "side": PurePosixPath(name).stem + suffix})
    return side


def _side_file(path: Path, suffix: str) -> Path | None:
    # GDAL looks for the lower-case side file, then the upper-case one, next to the .shp.
    for candidate in (path.with_suffix(suffix), path.with_suffix(suffix.upper())):
        if os.path.lexists(candidate):
            return candidate
    return None


def _shapefile_sides(path: Path) -> list[Path]:
    found = (_side_file(path, suffix) for suffix in (".shx", ".dbf", ".prj", ".cpg"))
    return [side for side in found if side is not None]


def _check_with(check: Callable[..., None]) -> Callable[[Path, str], None]:
    return lambda path, name: check(path, name=name)


_GEOJSON = _Format("GeoJSON", (".geojson", ".json"), _check_with(sniff.check_geojson))
_CSV = _Format("CSV", (".csv",), _check_with(sniff.check_csv))  # GDAL opens only .csv (and .tsv/.psv) as CSV
_FORMATS: dict[str, _Format] = {
    ".shp": _Format("ESRI Shapefile", (".shp",), _check_shapefile),
    ".gpkg": _Format("GPKG", (".gpkg",), _check_with(sniff.check_gpkg)),
    ".geojson": _GEOJSON,
    ".json": _GEOJSON,
    ".kml": _Format("KML", (".kml",), _check_with(sniff.check_kml)),
    ".gpx": _Format("GPX", (".gpx",), _check_with(sniff.check_gpx)),
    ".csv": _CSV,
    ".txt": _CSV,
    ".xlsx": _Format("XLSX", (".xlsx",), _check_with(archives.check_xlsx)),
    ".dxf": _Format("DXF", (".dxf",), _check_with(sniff.check_dxf)),
    ".dgn": _Format("DGN", (".dgn",), _check_with(sniff.check_dgn)),
}
# GDAL has two KML readers. LIBKML (bundled with pyogrio's GDAL) outranks KML and reads every .kml when
# present; both only parse the local file, and LIBKML's one way to the network, external styles, is
# switched off by _pin_gdal_offline (tests/ingest/test_safety.py shows it fetching when switched on).
_READERS = {"KML": frozenset({"KML", "LIBKML"})}
_SHAPEFILE_PARTS = (".shx", ".dbf", ".prj", ".cpg")
# Inside a zip, a .txt beside other data is nearly always a readme; it counts only when it is alone.
_WEAK_IN_ZIP = frozenset({".txt"})
_IN_ZIP = frozenset(_FORMATS) | {".kmz"}
# What an upload form may offer; source_prepare still judges every file by its bytes.
SUPPORTED_SUFFIXES = _IN_ZIP | {".zip"}
# "PG:", "GPKG:", "WFS:", "CSV:"... GDAL reads a name before a colon as a driver or connection prefix.
_CONNECTION = re.compile(r"^[A-Za-z][\w.+-]+:")


def _supported() -> str:
    return _("Supported formats: Shapefile (.shp with its .shx and .dbf, or all of them in one .zip), GeoPackage "
             "(.gpkg), GeoJSON (.geojson, .json), KML (.kml), KMZ (.kmz), GPX (.gpx), CSV (.csv, .txt), Excel "
             "(.xlsx), DXF (.dxf) and DGN v7 (.dgn).")


def source_prepare(path: Path, *, workdir: Path, name: str | None = None) -> SourceFile:
    """Vet a user's file and return what GDAL may open; raises UnsafeFile (or a subclass) otherwise.

    `workdir` is the job's private, empty folder: archives are unpacked there and nothing is written
    elsewhere. `name` is how the user knows the file (an upload's original name); it defaults to
    `path.name` and every message uses it.
    """
    shown = name or path.name
    _pin_gdal_offline()
    _refuse_virtual_path(path, name=shown)
    source = _prepare(path, shown, workdir, archives.Budget(settings.INGEST_MAX_UNPACKED_BYTES))
    _confirm_with_gdal(source)
    return source


def _pin_gdal_offline() -> None:
    # LIBKML downloads external <styleUrl>s when LIBKML_EXTERNAL_STYLE is YES, which an environment
    # variable can set; a config option set through pyogrio wins over the environment.
    pyogrio.set_gdal_config_options({"LIBKML_EXTERNAL_STYLE": "NO"})


def _refuse_virtual_path(path: Path, *, name: str) -> None:
    text = os.fspath(path).strip()
    virtual = text.lower().startswith("/vsi") or "://" in text or _CONNECTION.match(text) is not None
    if virtual or text[:1] in ("<", "{") or any(ord(char) < 32 for char in text):
        raise NotAPlainFile(
            _("%(file)s is a GDAL virtual path or connection string (%(path)s), not a file. Give the path of a "
              "file on this server, or upload the file.") % {"file": name, "path": text[:200]})


def _vet_plain_file(path: Path, *, name: str) -> None:
    try:
        info = path.lstat()
    except OSError as error:
        raise NotAPlainFile(_("%(file)s cannot be read (%(error)s). Check the file's path and permissions.")
                            % {"file": name, "error": error.strerror}) from None
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISREG(info.st_mode):
        raise NotAPlainFile(
            _("%(file)s is a symbolic link, folder or device, not a plain file. Give the data file itself.")
            % {"file": name})
    if info.st_size == 0:
        raise ContentMismatch(_("%(file)s is empty. Check that the right file was chosen.") % {"file": name})
    if info.st_size > settings.INGEST_MAX_FILE_BYTES:
        raise FileTooLarge(
            _("%(file)s is %(size)s MiB, larger than the %(limit)s MiB the platform accepts (INGEST_MAX_FILE_MB). "
              "Split the data, or ask an administrator to raise the limit.")
            % {"file": name, "size": info.st_size // 2**20, "limit": settings.INGEST_MAX_FILE_BYTES // 2**20})


def _prepare(path: Path, name: str, workdir: Path, budget: archives.Budget) -> SourceFile:
    _vet_plain_file(path, name=name)
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".zip":
        return _prepare_zip(path, name, workdir, budget)
    if suffix == ".kmz":
        return _prepare_kmz(path, name, workdir, budget)
    sniff.refuse_gdal_virtual(path, name=name)  # GDAL never opens the archives themselves
    fmt = _FORMATS.get(suffix)
    if fmt is None:
        raise UnsupportedFormat(_("%(file)s is not a supported format. %(formats)s")
                                % {"file": name, "formats": _supported()})
    fmt.check(path, name)
    return SourceFile(path=_place(path, fmt, name=name, workdir=workdir), driver=fmt.driver, name=name)


def _place(path: Path, fmt: _Format, *, name: str, workdir: Path) -> Path:
    """The user's file when GDAL can open it by that name; otherwise a copy in `workdir`.

    pyogrio rewrites some names before GDAL sees them ("a!b.geojson" opens "b.geojson", "x.zip" opens
    "/vsizip/x.zip"), and GDAL reads CSV and XLSX only by extension; a copy with a safe name avoids both.
    """
    absolute = path.absolute()
    if absolute.suffix.lower() in fmt.suffixes and vsi_path(str(absolute)) == str(absolute):
        return absolute
    folder = Path(tempfile.mkdtemp(prefix="copied-", dir=workdir))
    target = folder / (archives.safe_stem(name) + fmt.suffixes[0])
    shutil.copyfile(path, target)
    if fmt.driver == "ESRI Shapefile":
        for side in _shapefile_sides(path):
            shutil.copyfile(side, target.with_suffix(side.suffix.lower()))
    return target


def _prepare_zip(path: Path, name: str, workdir: Path, budget: archives.Budget) -> SourceFile:
    with archives.zip_open(path, name=name) as archive:
        chosen = _zip_dataset(archives.zip_members(archive, name=name), name=name)
        unpacked = archives.zip_extract(archive, chosen, workdir=workdir, budget=budget, name=name)
    return _prepare(unpacked[0], f"{name}/{chosen[0].filename}", workdir, budget)


def _zip_suffix(member: zipfile.ZipInfo) -> str:
    return PurePosixPath(member.filename.replace("\\", "/")).suffix.lower()


def _zip_dataset(members: list[zipfile.ZipInfo], *, name: str) -> list[zipfile.ZipInfo]:
    """The one dataset in a zip, main file first: a shapefile with its side files, or one supported file."""
    found = [[member, *archives.side_files(member, members, _SHAPEFILE_PARTS)] if _zip_suffix(member) == ".shp"
             else [member] for member in members if _zip_suffix(member) in _IN_ZIP]
    found = [dataset for dataset in found if _zip_suffix(dataset[0]) not in _WEAK_IN_ZIP] or found
    if len(found) == 1:
        return found[0]
    if not found:
        held = ", ".join(member.filename for member in members[:10]) or _("nothing")
        raise UnsupportedFormat(_("%(file)s holds no supported data file (it holds: %(held)s). %(formats)s")
                                % {"file": name, "held": held, "formats": _supported()})
    raise AmbiguousArchive(
        _("%(file)s holds several datasets (%(found)s); the platform imports one at a time. Put each in its own "
          "archive.") % {"file": name, "found": ", ".join(dataset[0].filename for dataset in found[:10])})


def _prepare_kmz(path: Path, name: str, workdir: Path, budget: archives.Budget) -> SourceFile:
    with archives.zip_open(path, name=name) as archive:
        document = _kmz_document(archives.zip_members(archive, name=name), name=name)
        unpacked = archives.zip_extract(archive, [document], workdir=workdir, budget=budget, name=name)
    return _prepare(unpacked[0], f"{name}/{document.filename}", workdir, budget)


def _kmz_document(members: list[zipfile.ZipInfo], *, name: str) -> zipfile.ZipInfo:
    """The KMZ's doc.kml, or its only .kml."""
    documents = [member for member in members if _zip_suffix(member) == ".kml"]
    chosen = [member for member in documents if member.filename.lower() == "doc.kml"] or documents
    if len(chosen) == 1:
        return chosen[0]
    if not chosen:
        raise UnsupportedFormat(_("%(file)s holds no KML document, so it is not a KMZ. Save it again from Google "
                                  "Earth or QGIS.") % {"file": name})
    raise AmbiguousArchive(
        _("%(file)s holds several KML documents (%(found)s) and no doc.kml; the platform imports one at a time. "
          "Save each layer as its own KML.")
        % {"file": name, "found": ", ".join(member.filename for member in chosen[:10])})


def _confirm_with_gdal(source: SourceFile) -> None:
    """Defence in depth: GDAL opens the vetted file, and with the driver its format calls for."""
    try:
        reported = pyogrio.read_info(source.path, layer=0)["driver"]
    except (DataSourceError, DataLayerError) as error:
        said = str(error).replace(str(source.path), source.name)  # the work folder means nothing to the user
        raise UnreadableFile(
            _("%(file)s passed the safety checks but GDAL cannot read it (%(error)s). Open it in QGIS to check "
              "it, and export it again.") % {"file": source.name, "error": said}) from None
    if reported not in _READERS.get(source.driver, frozenset({source.driver})):
        raise ContentMismatch(
            _("%(file)s is read by GDAL as %(reported)s, not %(expected)s; its content does not match its name. "
              "Export it again as %(expected)s.")
            % {"file": source.name, "reported": reported, "expected": source.driver})
