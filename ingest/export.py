"""Export a layer to a file in the exchange schema, so that the file imports again unchanged.

What is written follows one rule each: the rows are those `layers.visibility.row_filter` lets the
reader see; the columns are the exchange schema's (`ingest.schemas`), all of them for the roles that
edit or decide on the layer, the public ones for everyone else. Rows stream from a named cursor in
batches of `BATCH_ROWS`, become Arrow record batches and go to GDAL through `pyogrio.write_arrow`, so a
layer is never held in memory whole. Where a format cannot hold a value without loss (a text longer
than an Excel cell or a dBASE field, points and areas in one shapefile), the export stops and says
which feature and which format to use instead, rather than writing a silently cut file.
"""

import tempfile
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyogrio
from django.db import connection, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ingest.errors import IngestError
from ingest.export_sql import (
    ALIAS,
    Condition,
    current_unit_id,
    geometry_types,
    rows_where,
    select_rows,
    srs_wkt,
)
from ingest.schemas import Field, Kind, Schema, schema_for
from layers.crs import SUPPORTED_SRIDS
from layers.models import Role
from layers.permissions import AnyUser, user_role
from layers.registry import LayerSpec, get_layer
from layers.visibility import row_filter

BATCH_ROWS = 10_000
WGS84 = 4326
GEOGRAPHIC_SRIDS = frozenset({WGS84, 4756})
# Decimals of an XLSX `wkt` column: about 0.1 mm in degrees, 1 mm in metres.
_WKT_DIGITS = {True: 9, False: 3}


class ExportError(IngestError):
    """An export that cannot be made as asked; the message says what to change."""


class UnknownFormat(ExportError):
    pass


class UnsupportedCrs(ExportError):
    pass


class UnknownUnitCode(ExportError):
    pass


class DoesNotFitFormat(ExportError):
    """The rows are fine but the chosen format cannot hold them without loss."""


@dataclass(frozen=True)
class TextLimit:
    """The longest text a format's cell holds, counted in UTF-8 bytes or in characters."""

    limit: int
    in_bytes: bool
    reason: Promise


@dataclass(frozen=True)
class ExportFormat:
    name: str
    driver: str
    suffix: str  # of the file handed out
    content_type: str
    options: tuple[tuple[str, str], ...] = ()  # layer creation options
    wkt_column: bool = False  # no geometry in the driver: a `wkt` text column instead
    text_dates: bool = False  # the driver would write dates as 2026/01/31: write ISO text
    short_names: bool = False  # dBASE field names hold 10 characters
    text_limit: TextLimit | None = None
    wgs84_only: bool = False

    def layer_options(self, srid: int) -> dict[str, str]:
        options = dict(self.options)
        if self.name == "geojson" and srid == WGS84:
            # RFC 7946 would round to 7 decimals (about 1 cm); 9 keep a re-import identical to 0.1 mm.
            options.update(RFC7946="YES", COORDINATE_PRECISION="9")
        return options


FORMATS: Mapping[str, ExportFormat] = MappingProxyType({
    "geojson": ExportFormat("geojson", "GeoJSON", ".geojson", "application/geo+json"),
    "gpkg": ExportFormat("gpkg", "GPKG", ".gpkg", "application/geopackage+sqlite3"),
    "shp": ExportFormat(
        "shp", "ESRI Shapefile", ".shp.zip", "application/zip", short_names=True,
        text_limit=TextLimit(254, True, gettext_lazy("a shapefile (dBASE) field holds at most 254 bytes")),
    ),
    "kml": ExportFormat("kml", "KML", ".kml", "application/vnd.google-earth.kml+xml", text_dates=True,
                        wgs84_only=True),
    # The byte-order mark makes Excel read the file as UTF-8, so Vietnamese names show as written.
    "csv": ExportFormat("csv", "CSV", ".csv", "text/csv; charset=utf-8", text_dates=True,
                        options=(("GEOMETRY", "AS_WKT"), ("GEOMETRY_NAME", "wkt"), ("WRITE_BOM", "YES"))),
    "xlsx": ExportFormat(
        "xlsx", "XLSX", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        wkt_column=True, text_dates=True,
        text_limit=TextLimit(32_767, False, gettext_lazy("an Excel cell holds at most 32,767 characters")),
    ),
})
# A KML placemark's label is its `name`; a layer without one names the field that labels it.
_KML_LABELS = {"tourism_sites": "name_vi"}
_SEE_ALL_FIELDS = frozenset({Role.ADMIN, Role.APPROVER})
_STAFF_LAYERS = frozenset({"zones", "parcels", "ocop_producers"})
_GEOMETRY_TYPES = {"POINT": "Point", "MULTIPOINT": "MultiPoint", "LINESTRING": "LineString",
                   "MULTILINESTRING": "MultiLineString", "POLYGON": "Polygon", "MULTIPOLYGON": "MultiPolygon"}


def shapefile_name(name: str) -> str:
    """The dBASE name of a schema field: at most 10 characters, the same for every export.

    A name that fits stays. A longer one keeps a short last part (up to 3 characters: `_vi`, `_en`,
    `_ha`, `_m2`) and cuts the rest to fit (`description_vi` → `descrip_vi`, `declared_area_ha` →
    `declare_ha`); otherwise it is cut to its first 10 characters (`sheet_number` → `sheet_numb`).
    Each such name is also an alias of its field in `ingest.schemas`, so the importer maps it back.
    """
    if len(name) <= 10:
        return name
    head, _separator, last = name.rpartition("_")
    if head and len(last) <= 3:
        return f"{head[: 9 - len(last)].rstrip('_')}_{last}"
    return name[:10]


def export_format_named(name: str) -> ExportFormat:
    try:
        return FORMATS[name]
    except KeyError:
        raise UnknownFormat(_("Unknown export format %(name)r; choose one of %(known)s.")
                            % {"name": name, "known": ", ".join(FORMATS)}) from None


def parse_crs(text: str) -> int:
    """The SRID of `EPSG:N` (or `N`), if the platform can transform to it exactly."""
    code = text.strip().upper().removeprefix("EPSG:")
    if not code.isdigit() or int(code) not in SUPPORTED_SRIDS:
        known = ", ".join(f"EPSG:{srid}" for srid in sorted(SUPPORTED_SRIDS))
        raise UnsupportedCrs(_("Cannot export in coordinate system %(crs)r; give one of %(known)s.")
                             % {"crs": text, "known": known})
    return int(code)


def export_fields(schema: Schema, user: AnyUser) -> tuple[Field, ...]:
    """All of the schema's columns for the roles that decide on or edit the layer, else the public ones."""
    role = user_role(user)
    if role in _SEE_ALL_FIELDS or (role == Role.EXTENSION_STAFF and schema.layer in _STAFF_LAYERS):
        return schema.fields
    return schema.public_fields


@dataclass(frozen=True)
class _Plan:
    spec: LayerSpec
    fmt: ExportFormat
    fields: tuple[Field, ...]
    where: Condition
    srid: int


def layer_export(*, layer: str, fmt: str, out: Path, user: AnyUser, srid: int = WGS84,
                 unit_code: str | None = None) -> int:
    """Write the features of `layer` that `user` may read to `out` in format `fmt`; returns how many.

    With `unit_code`, only the features in the current administrative unit of that GSO code. A
    shapefile is written zipped, so `out` must end with `.zip`. Raises UnknownLayer for a layer the
    user may not read and an ExportError for anything else that cannot be exported as asked.
    """
    spec = get_layer(layer)
    visible = row_filter(spec, user, ALIAS)
    export_format = export_format_named(fmt)
    _check_srid(export_format, srid)
    where = rows_where(spec, visible, None if unit_code is None else _unit_id(unit_code))
    plan = _Plan(spec, export_format, export_fields(schema_for(spec.id), user), where, srid)
    if export_format.short_names:
        return _write_shapefile_zip(plan, out)
    return _write(plan, out)


def _check_srid(export_format: ExportFormat, srid: int) -> None:
    parse_crs(str(srid))
    if export_format.wgs84_only and srid != WGS84:
        raise UnsupportedCrs(_("KML holds WGS 84 longitude and latitude only (EPSG:4326), not EPSG:%(srid)s; "
                               "leave out the coordinate system or choose gpkg, shp or geojson.")
                             % {"srid": srid})


def _unit_id(code: str) -> int:
    unit_id = current_unit_id(code)
    if unit_id is None:
        raise UnknownUnitCode(_("No administrative unit in force today has GSO code %(code)r; check the code "
                                "(communes and wards since 1 July 2025 have new codes).") % {"code": code})
    return unit_id


def _write_shapefile_zip(plan: _Plan, out: Path) -> int:
    """The shapefile's parts (.shp, .shx, .dbf, .prj, .cpg) written in a temporary folder, zipped into `out`."""
    if out.suffix.lower() != ".zip":
        raise ExportError(_("A shapefile is exported as a zip archive: name the output %(name)s.zip.")
                          % {"name": out.name})
    with tempfile.TemporaryDirectory(prefix="ntm-export-") as folder:
        count = _write(plan, Path(folder) / f"{plan.spec.id}.shp")
        out.unlink(missing_ok=True)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for part in sorted(Path(folder).iterdir()):
                archive.write(part, part.name)
    return count


@dataclass
class _Progress:
    count: int = 0
    error: ExportError | None = None  # raised inside the stream, where GDAL would swallow its message


def _write(plan: _Plan, path: Path) -> int:
    schema = _arrow_schema(plan)
    query = select_rows(plan.spec, plan.fields, plan.where, srid=plan.srid,
                        wkt_digits=_WKT_DIGITS[plan.srid in GEOGRAPHIC_SRIDS] if plan.fmt.wkt_column else None)
    write_args = _write_arguments(plan)  # before the cursor opens: it may query and refuse
    progress = _Progress()
    path.unlink(missing_ok=True)  # CSV refuses to overwrite; an export replaces its file
    try:
        with transaction.atomic(), connection.chunked_cursor() as cursor:
            cursor.execute(query.sql, query.params)  # type: ignore[arg-type]  # psycopg2 takes sql.Composable
            reader = pa.RecordBatchReader.from_batches(schema, _batches(cursor, plan, schema, progress))
            pyogrio.write_arrow(reader, str(path), driver=plan.fmt.driver, layer=plan.spec.id, **write_args)
    except Exception as error:
        path.unlink(missing_ok=True)  # no half-written file is left to be mistaken for an export
        if progress.error is not None:
            raise progress.error from error
        raise
    return progress.count


def _write_arguments(plan: _Plan) -> dict[str, Any]:
    arguments: dict[str, Any] = {"layer_options": plan.fmt.layer_options(plan.srid)}
    if plan.fmt.short_names:
        arguments["encoding"] = "UTF-8"  # written to the .cpg, which QGIS and ArcGIS read
    if plan.fmt.driver == "KML" and plan.spec.id in _KML_LABELS:
        arguments["dataset_options"] = {"NameField": _KML_LABELS[plan.spec.id]}
    if not plan.fmt.wkt_column:
        crs = f"EPSG:{WGS84}" if plan.srid == WGS84 else srs_wkt(plan.srid)
        arguments.update(geometry_name="geometry", geometry_type=_geometry_type(plan), crs=crs)
    return arguments


def _geometry_type(plan: _Plan) -> str:
    """The layer's geometry type; a layer of points and areas is `Unknown`, which a shapefile cannot be."""
    declared = _GEOMETRY_TYPES.get(plan.spec.model._meta.get_field(plan.spec.geometry_field).geom_type)  # type: ignore[union-attr]
    if declared is not None or not plan.fmt.short_names:
        return declared or "Unknown"
    present = geometry_types(plan.spec, plan.where)
    if present <= {"POINT"}:
        return "Point"
    if present <= {"POLYGON", "MULTIPOLYGON"}:
        return "MultiPolygon"
    raise DoesNotFitFormat(_("%(layer)s mixes points and areas (%(types)s), and a shapefile holds one kind of "
                             "geometry; export gpkg or geojson, or narrow the export to one unit.")
                           % {"layer": plan.spec.id, "types": ", ".join(sorted(present))})


def _source_type(field: Field) -> pa.DataType:
    return {Kind.INTEGER: pa.int64(), Kind.DECIMAL: pa.float64(), Kind.DATE: pa.date32()}.get(field.kind, pa.string())


def _arrow_schema(plan: _Plan) -> pa.Schema:
    """The file's columns, named by the schema (cut to 10 characters for a shapefile), then the geometry."""
    columns = []
    for field in plan.fields:
        name = shapefile_name(field.name) if plan.fmt.short_names else field.name
        kind = pa.string() if plan.fmt.text_dates and field.kind == Kind.DATE else _source_type(field)
        columns.append(pa.field(name, kind))
    if plan.fmt.wkt_column:
        columns.append(pa.field("wkt", pa.string()))
    else:
        columns.append(pa.field("geometry", pa.binary(), metadata={"ARROW:extension:name": "geoarrow.wkb"}))
    return pa.schema(columns)


def _batches(cursor: Any, plan: _Plan, schema: pa.Schema, progress: _Progress) -> Iterator[pa.RecordBatch]:
    while rows := cursor.fetchmany(BATCH_ROWS):
        try:
            batch = _record_batch(rows, plan, schema)
        except ExportError as error:
            progress.error = error
            raise
        progress.count += batch.num_rows
        yield batch


def _record_batch(rows: list[tuple[Any, ...]], plan: _Plan, schema: pa.Schema) -> pa.RecordBatch:
    """Rows of (id, fields…, geometry) as one record batch in the file's column types."""
    sources = [*(_source_type(field) for field in plan.fields), schema.field(len(plan.fields)).type]
    arrays = []
    for index, (source, target) in enumerate(zip(sources, schema.types, strict=True), start=1):
        array = pa.array([row[index] for row in rows], type=source)
        arrays.append(array if source == target else array.cast(target))  # a date as ISO text
    batch = pa.record_batch(arrays, schema=schema)
    if plan.fmt.text_limit is not None:
        _check_lengths(batch, [row[0] for row in rows], plan.spec.id, plan.fmt.text_limit)
    return batch


def _check_lengths(batch: pa.RecordBatch, ids: list[int], layer: str, limit: TextLimit) -> None:
    measure = pc.binary_length if limit.in_bytes else pc.utf8_length
    for name, column in zip(batch.schema.names, batch.columns, strict=True):
        if not pa.types.is_string(column.type):
            continue
        lengths = measure(column)
        too_long = pc.fill_null(pc.greater(lengths, limit.limit), False)
        if not pc.any(too_long).as_py():
            continue
        index = pc.index(too_long, True).as_py()
        raise DoesNotFitFormat(
            _("%(layer)s feature %(id)s: %(column)s is %(length)s %(unit)s long, but %(reason)s. Nothing was "
              "written; export this layer as gpkg or geojson instead.")
            % {"layer": layer, "id": ids[index], "column": name, "length": f"{lengths[index].as_py():,}",
               "unit": _("bytes") if limit.in_bytes else _("characters"), "reason": limit.reason})
