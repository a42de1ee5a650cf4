"""Read a vetted file in batches: its columns as Arrow arrays and its geometries as WKB.

GDAL (through pyogrio's Arrow stream) reads every format; spreadsheets and CSV files carry their
geometry in columns (longitude/latitude, X/Y or WKT), which are turned into geometries here. Only
one batch is in memory at a time.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyogrio
import shapely
from django.utils.translation import gettext as _
from pyproj import CRS

from ingest.errors import IngestError
from ingest.mapping import column_key
from ingest.safety import SourceFile
from ingest.values import parse_number

BATCH_SIZE = 20_000
_TABLE_DRIVERS = frozenset({"CSV", "XLSX"})
# Drivers whose files hold several layers of one dataset (KML folders, GPX waypoints and tracks).
_ALL_LAYERS_DRIVERS = frozenset({"KML", "LIBKML", "GPX", "DXF", "DGN"})
# GPX repeats every vertex of its routes and tracks as point layers.
_SKIPPED_LAYERS = frozenset({"route_points", "track_points"})
_WKT_NAMES = ("wkt", "geometry", "geom", "the_geom", "hinh_hoc")
_LON_NAMES = ("longitude", "lon", "lng", "long", "kinh_do")
_LAT_NAMES = ("latitude", "lat", "vi_do")
_X_NAMES, _Y_NAMES = ("x", "toa_do_x"), ("y", "toa_do_y")
# Vietnamese surveying writes X for the northing; values above this are northings in Vietnam.
_NORTHING_FLOOR = 1_000_000


class ReadError(IngestError):
    """GDAL could not read the file, or the file's layers cannot be chosen."""


@dataclass(frozen=True)
class RawBatch:
    start: int  # 0-based position of the batch's first feature in the file
    layer: str
    columns: dict[str, pa.Array]
    wkb: pa.Array | None  # binary WKB (null where a feature has no geometry)


@dataclass(frozen=True)
class GeometryColumns:
    """Where a table keeps its geometry: a WKT column, or two coordinate columns."""

    wkt: str = ""
    x: str = ""
    y: str = ""
    lon_lat: bool = False  # the coordinate columns are named longitude/latitude

    @property
    def names(self) -> frozenset[str]:
        return frozenset(name for name in (self.wkt, self.x, self.y) if name)


class Source:
    """An opened file: its layers, columns, coordinate system and batches."""

    def __init__(self, file: SourceFile, *, source_layer: str | None = None) -> None:
        self.file = file
        detected = _dbf_encoding(file.path) if file.driver == "ESRI Shapefile" else None
        # GDAL's iconv loses the last letter of every CP1258 string (the decoder waits for a combining
        # mark), so such files are read byte for byte as Latin-1 and decoded here.
        self.encoding = "ISO-8859-1" if detected == "CP1258" else detected
        self.recode = "cp1258" if detected == "CP1258" else ""
        self.layers = _chosen_layers(file, source_layer)
        info = self._info(self.layers[0])
        self.crs_wkt = _crs_wkt(info.get("crs"))
        self.geometry_columns = GeometryColumns()
        columns = [self._text(str(name)) for name in info["fields"]]
        counts = [int(info["features"])]
        for layer in self.layers[1:]:
            other = self._info(layer)
            columns += [self._text(str(name)) for name in other["fields"] if self._text(str(name)) not in columns]
            counts.append(int(other["features"]))
        # GDAL says -1 where counting would mean reading the whole file.
        self.count: int | None = sum(counts) if min(counts) >= 0 else None
        if file.driver in _TABLE_DRIVERS:
            self.geometry_columns = _table_geometry(columns)
        self.columns = [column for column in columns if column not in self.geometry_columns.names]
        self.has_geometry = file.driver not in _TABLE_DRIVERS or bool(self.geometry_columns.names)

    def _text(self, text: str) -> str:
        return text.encode("latin-1").decode(self.recode) if self.recode else text

    def _recoded(self, array: pa.Array) -> pa.Array:
        if not self.recode or not pa.types.is_string(array.type):
            return array
        return pa.array([None if value is None else self._text(value) for value in array.to_pylist()],
                        type=pa.string())

    def _info(self, layer: str) -> dict:
        try:
            return pyogrio.read_info(self.file.path, layer=layer, encoding=self.encoding)
        except pyogrio.errors.DataSourceError as error:
            raise ReadError(_("%(file)s cannot be read: %(error)s") % {"file": self.file.name, "error": error}) \
                from None

    def bounds(self) -> tuple[float, float, float, float] | None:
        """The extent of the first layer's coordinates as written, for a missing-CRS hint."""
        for batch in self.batches():
            if batch.wkb is not None:
                geometries = shapely.from_wkb(batch.wkb.to_numpy(zero_copy_only=False), on_invalid="ignore")
                return tuple(shapely.total_bounds(geometries))  # type: ignore[return-value]
        return None

    def batches(self) -> Iterator[RawBatch]:
        start = 0
        for layer in self.layers:
            for batch in self._layer_batches(layer):
                yield RawBatch(start, layer, *self._split(batch))
                start += batch.num_rows

    def _layer_batches(self, layer: str) -> Iterator[pa.RecordBatch]:
        options = {"read_geometry": self.file.driver not in _TABLE_DRIVERS, "use_pyarrow": True,
                   "encoding": self.encoding, "batch_size": BATCH_SIZE}
        try:
            with pyogrio.open_arrow(self.file.path, layer=layer, **options) as (_meta, reader):
                yield from reader
        except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as error:
            raise ReadError(_("%(file)s cannot be read: %(error)s") % {"file": self.file.name, "error": error}) \
                from None

    def _split(self, batch: pa.RecordBatch) -> tuple[dict[str, pa.Array], pa.Array | None]:
        columns = {self._text(name): self._recoded(batch.column(name)) for name in batch.schema.names}
        geometry_name = next((field.name for field in batch.schema
                              if (field.metadata or {}).get(b"ARROW:extension:name") == b"geoarrow.wkb"), None)
        wkb = None
        if geometry_name is not None:
            wkb = columns.pop(geometry_name)
        elif self.geometry_columns.names:
            wkb = _table_wkb(columns, self.geometry_columns)
        wanted = {name: columns.get(name, pa.nulls(batch.num_rows)) for name in self.columns}
        return wanted, wkb


def _chosen_layers(file: SourceFile, source_layer: str | None) -> list[str]:
    try:
        listed = pyogrio.list_layers(file.path)
    except pyogrio.errors.DataSourceError as error:
        raise ReadError(_("%(file)s cannot be read: %(error)s") % {"file": file.name, "error": error}) from None
    names = [str(name) for name, _geometry_type in listed if str(name) not in _SKIPPED_LAYERS]
    if source_layer is not None:
        if source_layer not in names:
            raise ReadError(_("%(file)s has no layer %(layer)r; its layers are %(layers)s.")
                            % {"file": file.name, "layer": source_layer, "layers": ", ".join(names)})
        return [source_layer]
    if not names:
        raise ReadError(_("%s holds no layer with features.") % file.name)
    if len(names) > 1 and file.driver not in _ALL_LAYERS_DRIVERS:
        raise ReadError(_("%(file)s holds several layers (%(layers)s); say which with --source-layer.")
                        % {"file": file.name, "layers": ", ".join(names)})
    return names


def _crs_wkt(crs: str | None) -> str | None:
    if not crs:
        return None
    return str(CRS.from_user_input(crs).to_wkt())


def _dbf_encoding(shp: Path) -> str | None:
    """The .dbf's encoding when GDAL would otherwise guess: a .cpg or the dBASE language byte decide
    first; without either, UTF-8 if the text decodes as UTF-8, else Windows-1258 (Vietnamese)."""
    siblings = {path.suffix.lower(): path for path in shp.parent.glob(shp.stem + ".*")}
    dbf = siblings.get(".dbf")
    if ".cpg" in siblings or dbf is None:
        return None
    with dbf.open("rb") as handle:
        header = handle.read(32)
        if len(header) == 32 and header[29] != 0:
            return None
        sample = handle.read(16 * 1024 * 1024)
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        # A sample cut inside a multi-byte letter still counts as UTF-8.
        if error.start < len(sample) - 3:
            return "CP1258"
    return "UTF-8"


def _table_geometry(columns: list[str]) -> GeometryColumns:
    by_key = {column_key(name): name for name in columns}

    def first(names: tuple[str, ...]) -> str:
        return next((by_key[name] for name in names if name in by_key), "")
    lon, lat = first(_LON_NAMES), first(_LAT_NAMES)
    if lon and lat:
        return GeometryColumns(x=lon, y=lat, lon_lat=True)
    x, y = first(_X_NAMES), first(_Y_NAMES)
    if x and y:
        return GeometryColumns(x=x, y=y)
    return GeometryColumns(wkt=first(_WKT_NAMES))


def _table_wkb(columns: dict[str, pa.Array], where: GeometryColumns) -> pa.Array:
    if where.wkt:
        text = columns.pop(where.wkt).to_numpy(zero_copy_only=False)
        text = np.array([value if value and str(value).strip() else None for value in text], dtype=object)
        wkb = shapely.to_wkb(shapely.from_wkt(text, on_invalid="ignore"))
        # Text that is not WKT travels on as bytes that are not WKB either, so the geometry check
        # reports the feature instead of taking it for one without a geometry.
        broken = (text != None) & (wkb == None)  # noqa: E711 (element-wise)
        wkb[broken] = [str(value).encode() for value in text[broken]]
        return pa.array(wkb, type=pa.binary())
    x = _coordinates(columns.pop(where.x))
    y = _coordinates(columns.pop(where.y))
    if not where.lon_lat and np.nanmedian(x) > _NORTHING_FLOOR > np.nanmedian(y):
        x, y = y, x
    points = shapely.points(x, y)
    points[np.isnan(x) | np.isnan(y)] = None
    return pa.array(shapely.to_wkb(points), type=pa.binary())


def _coordinates(array: pa.Array) -> np.ndarray:
    def number(value: object) -> float:
        try:
            return parse_number(str(value)) if value is not None and str(value).strip() else np.nan
        except ValueError:
            return np.nan
    if pa.types.is_floating(array.type) or pa.types.is_integer(array.type):
        return np.asarray(array.cast(pa.float64()).fill_null(np.nan))
    return np.array([number(value) for value in array.to_pylist()], dtype=float)
