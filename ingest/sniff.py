"""What a file's bytes say it is: signatures, XML and GeoJSON scans, and the refusals they raise.

GDAL picks a driver by content, not by extension (a VRT named .geojson is opened as a VRT), so every
file is judged by its bytes before GDAL sees it. The refusal types live here, at the bottom of the
safety gate, so that `ingest.archives` and `ingest.safety` can both raise them; `ingest.safety`
re-exports them.
"""

import codecs
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.utils.translation import gettext as _

from ingest.errors import IngestError

HEAD_BYTES = 64 * 1024
CHUNK_BYTES = 1024 * 1024
MAX_JSON_TOKEN_BYTES = 16 * 1024 * 1024

_BOM = codecs.BOM_UTF8
_SQLITE = b"SQLite format 3\x00"
_GPKG_IDS = (b"GPKG", b"GP10", b"GP11")
_SHAPE_FILE_CODE = (9994).to_bytes(4, "big")
_DGN_V7 = (b"\x08\x09\xfe\x02", b"\xc8\x09\xfe\x02")
_OLE = b"\xd0\xcf\x11\xe0"
# Text GDAL opens as something that reads other files, runs a pipeline or calls a server, whatever the
# file's extension: OGR and raster VRT, GDALG pipelines, WFS/WMS/WCS service descriptions.
_GDAL_VIRTUAL = (b"<ogrvrtdatasource", b"<vrtdataset", b'"gdal_streamed_alg"', b"<ogrwfsdatasource",
                 b"<gdal_wms", b"<wcs_gdal")


class Readable(Protocol):
    """What the XML scan reads from: an open file or a zip member being counted."""

    def read(self, size: int = -1, /) -> bytes: ...


class UnsafeFile(IngestError):
    """A file the platform will not hand to GDAL; the message names the file and says what to do."""


class NotAPlainFile(UnsafeFile):
    """A symlink, folder, device, GDAL virtual path or connection string instead of a plain file."""


class FileTooLarge(UnsafeFile):
    """Larger than settings.INGEST_MAX_FILE_BYTES."""


class UnsupportedFormat(UnsafeFile):
    """Not one of the formats the platform imports; the message lists them."""


class ContentMismatch(UnsafeFile):
    """The bytes do not match the extension (or GDAL reads the file with another driver)."""


class GdalVirtualDataset(ContentMismatch):
    """A GDAL VRT, GDALG pipeline or service description, which would make GDAL read elsewhere."""


class UnsafeXml(UnsafeFile):
    """XML with a DOCTYPE or entity declaration (billion laughs, external entities)."""


class LinkedContent(UnsafeFile):
    """Content that points GDAL at other resources: a GeoJSON linked CRS, a KML NetworkLink."""


class UnsafeArchive(UnsafeFile):
    """A zip (also .kmz, .xlsx) with a dangerous member, too many members, or that unpacks too far."""


class AmbiguousArchive(UnsafeFile):
    """A zip holding several datasets; the message lists them."""


class MissingSideFile(UnsafeFile):
    """A shapefile without its .shx or .dbf."""


class UnreadableFile(UnsafeFile):
    """Passed every check, but GDAL cannot open it."""


def head(path: Path, size: int = HEAD_BYTES) -> bytes:
    with path.open("rb") as stream:
        return stream.read(size)


def _significant(data: bytes) -> bytes:
    """The bytes after an optional UTF-8 byte-order mark and leading whitespace."""
    return data.removeprefix(_BOM).lstrip()


def refuse_gdal_virtual(path: Path, *, name: str) -> None:
    """Refuse a file whose first bytes would make GDAL open it as a virtual dataset."""
    folded = head(path).lower()
    if any(marker in folded for marker in _GDAL_VIRTUAL):
        raise GdalVirtualDataset(
            _("%(file)s is a GDAL virtual dataset (VRT, GDALG pipeline or service description), which makes GDAL "
              "read other files or servers. Export the real data (GeoPackage, Shapefile, GeoJSON) and upload "
              "that.") % {"file": name})


def _mismatch(name: str, expected: str) -> ContentMismatch:
    return ContentMismatch(
        _("%(file)s does not contain %(format)s data although its name says so. Check that the right file "
          "was chosen, or export it again as %(format)s.") % {"file": name, "format": expected})


def check_gpkg(path: Path, *, name: str) -> None:
    data = head(path, 72)
    if not data.startswith(_SQLITE) or data[68:72] not in _GPKG_IDS:
        raise _mismatch(name, "GeoPackage")


def check_shape_header(path: Path, *, name: str) -> None:
    """A .shp or .shx starts with the file code 9994 (big-endian)."""
    if head(path, 4) != _SHAPE_FILE_CODE:
        raise _mismatch(name, "Shapefile")


def check_dgn(path: Path, *, name: str) -> None:
    data = head(path, 4)
    if data == _OLE:
        raise ContentMismatch(
            _("%(file)s is a MicroStation DGN v8 file; the platform reads DGN v7 only. Save it as DGN v7 "
              "(MicroStation: File > Save As > V7) or export it to DXF.") % {"file": name})
    if data not in _DGN_V7:
        raise _mismatch(name, "DGN v7")


def check_dxf(path: Path, *, name: str) -> None:
    data = head(path, 4096)
    if data.startswith(b"AutoCAD Binary DXF"):
        raise ContentMismatch(
            _("%(file)s is a binary DXF; save it as an ASCII DXF and upload it again.") % {"file": name})
    lines = [line.strip() for line in _significant(data).decode("latin-1").splitlines()]
    while lines[:1] == ["999"]:  # 999 groups are comments some CAD programs put first
        lines = lines[2:]
    if lines[:2] != ["0", "SECTION"]:
        raise _mismatch(name, "DXF")


def check_csv(path: Path, *, name: str) -> None:
    """CSV is text (UTF-8 or Windows-1258, no NUL bytes) that does not look like XML or JSON."""
    if _significant(head(path))[:1] in (b"<", b"{", b"["):
        raise ContentMismatch(
            _("%(file)s looks like XML or JSON, not CSV (a table of text separated by commas). Give the file "
              "its real extension, or export the table as CSV.") % {"file": name})
    if not any(_decodes(path, encoding, name=name) for encoding in ("utf-8", "cp1258")):
        raise ContentMismatch(
            _("%(file)s is not text in UTF-8 or Windows-1258 (TCVN3 and VNI fonts are not supported). Save the "
              "table as \"CSV UTF-8\" and upload it again.") % {"file": name})


def _decodes(path: Path, encoding: str, *, name: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK_BYTES):
            if b"\x00" in chunk:
                raise ContentMismatch(
                    _("%(file)s contains binary data (NUL bytes), so it is not a CSV table. Save it as \"CSV "
                      "UTF-8\" (not UTF-16 \"Unicode text\") and upload it again.") % {"file": name})
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return False
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


# XML ---------------------------------------------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _xml_events(stream: Readable, *, name: str) -> Iterator[tuple[str, Element]]:
    """Parse incrementally, refusing any DOCTYPE (so no entity, internal or external, is ever expanded)."""
    try:
        yield from iterparse(stream, events=("start", "end"),
                             forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise UnsafeXml(
            _("%(file)s declares a DOCTYPE or entities, which can make XML readers exhaust memory or fetch other "
              "files. Export the file again without a DOCTYPE.") % {"file": name}) from None
    except ParseError as error:
        raise ContentMismatch(
            _("%(file)s is not well-formed XML (%(error)s). Export it again.") % {"file": name, "error": error}
        ) from None


def scan_xml(stream: Readable, *, name: str, root: str | None = None, forbidden: frozenset[str] = frozenset()
             ) -> None:
    """Read the whole document: no DOCTYPE, the expected root element, none of the `forbidden` elements.

    Elements are dropped as soon as they end, so memory stays flat however large the file is.
    """
    open_elements: list[Element] = []
    for event, element in _xml_events(stream, name=name):
        if event == "end":
            open_elements.pop()
            element.clear()
            if open_elements:
                open_elements[-1].remove(element)
            continue
        tag = _local(element.tag)
        if not open_elements and root is not None and tag.lower() != root:
            raise _wrong_root(name, root, tag)
        if tag in forbidden:
            raise _forbidden_element(name, tag)
        open_elements.append(element)


def _wrong_root(name: str, root: str, tag: str) -> ContentMismatch:
    if tag.lower() in {"ogrvrtdatasource", "vrtdataset", "ogrwfsdatasource", "gdal_wms", "wcs_gdal"}:
        return GdalVirtualDataset(
            _("%(file)s is a GDAL virtual dataset (<%(tag)s>), which makes GDAL read other files or servers. "
              "Export the real data and upload that.") % {"file": name, "tag": tag})
    return ContentMismatch(
        _("%(file)s is XML whose root element is <%(tag)s>, not <%(root)s>. Check that the right file was "
          "chosen, or export it again.") % {"file": name, "tag": tag, "root": root})


def _forbidden_element(name: str, tag: str) -> LinkedContent:
    # GDAL does not follow <NetworkLink> in a .kml (tests/ingest/test_safety.py checks it), so the linked
    # features would silently be missing from the import; better to say so.
    return LinkedContent(
        _("%(file)s contains <%(tag)s> elements that load features from other files or web addresses; the "
          "platform does not follow them. Open the file in Google Earth or QGIS, save the linked layers into "
          "one KML, and upload that.") % {"file": name, "tag": tag})


def check_kml(path: Path, *, name: str) -> None:
    with path.open("rb") as stream:
        scan_xml(stream, name=name, root="kml", forbidden=frozenset({"NetworkLink"}))


def check_gpx(path: Path, *, name: str) -> None:
    with path.open("rb") as stream:
        scan_xml(stream, name=name, root="gpx")


# GeoJSON -----------------------------------------------------------------------------------------------------

# The scan yields only what can matter: braces (for depth), "crs" and "type" keys with their string values,
# and strings holding escapes (which may spell a key). Everything else (numbers, coordinate arrays, other keys
# and values) is swallowed by the regex engine after each token, which keeps a large file cheap to read.
_STRING = rb'"(?:[^"\\]|\\.)*"'
_PLAIN = rb'"(?!(?i:crs|type)"\s*:)[^"\\]*"(?!\s*\Z)'  # no escape, not a crs/type key, not last in the buffer
_REST = rb"(?:[^\"'{}/]+|" + _PLAIN + rb")*"
_JSON_TOKEN = re.compile(
    # A string or comment cut by the end of the buffer (or a string last in it, whose colon may follow) is
    # carried over to the next chunk.
    rb'(?P<cut>"(?:[^"\\]|\\.)*(?:\\|"\s*)?\Z|\'(?:[^\'\\]|\\.)*(?:\\|\'\s*)?\Z|/\*(?:[^*]|\*(?!/))*\Z|//[^\n]*\Z|/\Z)'
    rb'|(?P<key>"(?i:crs|type)")\s*:\s*(?P<value>' + _STRING + rb")?" + _REST
    + rb'|(?P<escaped>"(?=[^"]*\\)(?:[^"\\]|\\.)*")(?P<colon>\s*:\s*(?P<escaped_value>' + _STRING + rb")?)?" + _REST
    + rb"|(?P<string>" + _STRING + rb")" + _REST
    + rb"|(?P<brace>[{}])" + _REST
    + rb"|(?:/\*.*?\*/|//[^\n]*\n|'(?:[^'\\]|\\.)*')" + _REST,  # comments and single quotes: GDAL refuses both
    re.DOTALL,
)
_JSON_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|.)", re.DOTALL)
_GEOJSON_TYPES = frozenset({"featurecollection", "feature", "point", "linestring", "polygon", "multipoint",
                            "multilinestring", "multipolygon", "geometrycollection"})
# GDAL downloads a CRS of type "link" or "URL" (checked by tests/ingest/test_safety.py); these it reads locally.
_LOCAL_CRS_TYPES = frozenset({"name", "epsg", "ogc"})


def _json_text(token: bytes) -> str:
    text = token[1:-1].decode("utf-8", "replace")
    if "\\" not in text:
        return text
    return _JSON_ESCAPE.sub(lambda m: chr(int(m[1][1:], 16)) if len(m[1]) == 5 else m[1], text)


class _GeoJsonScan:
    """Follows a GeoJSON document's objects and keys, as GDAL's reader would, without holding it.

    Keys are compared case-insensitively because GDAL looks members up that way ("CRS" counts as "crs").
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.depth = 0
        self.key: str | None = None  # the key whose value comes next
        self.crs_depths: list[int] = []
        self.root_types: set[str] = set()  # a set: GeoJSON sequences repeat "Feature" at the top

    def feed(self, buffer: bytes) -> bytes:
        """Consume whole tokens; return the unfinished tail to prepend to the next chunk."""
        for match in _JSON_TOKEN.finditer(buffer):
            if match["cut"] is not None:
                return buffer[match.start():]
            self.token(match)
        return b""

    def token(self, match: re.Match[bytes]) -> None:
        if match["brace"] is not None:
            self.brace(match["brace"])
        elif match["key"] is not None:
            self.pair(match["key"], match["value"])
        elif match["colon"] is not None:
            self.pair(match["escaped"], match["escaped_value"])
        elif match["escaped"] is not None or match["string"] is not None:
            self.value(_json_text(match["escaped"] or match["string"]))

    def brace(self, brace: bytes) -> None:
        if brace == b"{":
            self.depth += 1
            if self.key == "crs":
                self.crs_depths.append(self.depth)
        else:
            if self.crs_depths and self.crs_depths[-1] == self.depth:
                self.crs_depths.pop()
            self.depth -= 1
        self.key = None

    def pair(self, key: bytes, value: bytes | None) -> None:
        self.key = _json_text(key).casefold()
        if value is not None:
            self.value(_json_text(value))

    def value(self, text: str) -> None:
        key, self.key = self.key, None
        if key != "type":
            return
        if self.depth == 1:
            self.root_types.add(text.casefold())
        elif self.crs_depths and self.crs_depths[-1] == self.depth and text.casefold() not in _LOCAL_CRS_TYPES:
            raise LinkedContent(
                _("%(file)s declares its coordinate system as a link (\"crs\" of type %(type)s), which GDAL "
                  "would download. Remove the \"crs\" member (GeoJSON is WGS 84 by default) or give it as "
                  "{\"type\": \"name\", \"properties\": {\"name\": \"EPSG:N\"}}.") % {"file": self.name, "type": text})

    def finish(self) -> None:
        if "gdal_streamed_alg" in self.root_types:
            raise GdalVirtualDataset(
                _("%(file)s is a GDAL pipeline (GDALG), which makes GDAL read other files or servers. Export the "
                  "real data as GeoJSON and upload that.") % {"file": self.name})
        if not self.root_types or not self.root_types <= _GEOJSON_TYPES:
            raise _mismatch(self.name, "GeoJSON")


def check_geojson(path: Path, *, name: str) -> None:
    """A GeoJSON object whose "type" is GeoJSON's, with no linked CRS anywhere; read in chunks."""
    if _significant(head(path, 4096))[:1] != b"{":
        raise _mismatch(name, "GeoJSON")
    scan, tail = _GeoJsonScan(name), b""
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK_BYTES):
            tail = scan.feed(tail + chunk)
            if len(tail) > MAX_JSON_TOKEN_BYTES:
                raise ContentMismatch(
                    _("%(file)s holds a single text value longer than 16 MiB, which the platform does not "
                      "import. Remove it (an embedded image?) and upload the file again.") % {"file": name})
    scan.finish()
