"""One import, from a user's file to committed rows or to a report of why nothing was written.

vet the file → open it → map its columns → place its CRS → COPY every feature into staging while
checking values and geometries → check keys, units and scope in SQL → apply in the same
transaction. Any problem anywhere rolls the whole transaction back; the report says what and where.
"""

import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
from django.conf import settings
from django.db import connection, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from psycopg2.errors import UniqueViolation

from ingest import checks
from ingest.apply import staging_apply
from ingest.batches import BatchConverter
from ingest.bulk import dependents_drop, dependents_restore
from ingest.crs import UnknownCrs, missing_crs_hint, srid_of
from ingest.direct import DirectLayout, direct_possible, first_new_id
from ingest.errors import IngestError
from ingest.mapping import MappingError, map_columns, missing_required
from ingest.reader import Source
from ingest.report import Report
from ingest.safety import source_prepare
from ingest.schemas import schema_for
from ingest.staging import staging_copy, staging_copy_text, staging_create
from ingest.targets import Target, target_for
from ingest.working_area import working_area
from layers.models import Role
from layers.permissions import AnyUser, layer_importable_by, units_editable_by, user_role, zone_statuses_settable_by
from layers.registry import LAYERS

Progress = Callable[[int, int | None], None]


class ImportNotAllowed(IngestError):
    """The user's role may not import into this layer."""


@dataclass(frozen=True)
class ImportRequest:
    path: Path
    layer: str
    user: AnyUser
    name: str = ""  # the file's name as the user knows it (an upload's original name)
    crs: int | None = None
    overrides: Mapping[str, str] = field(default_factory=dict)
    constants: Mapping[str, str] = field(default_factory=dict)  # FIELD=VALUE for every feature
    source_layer: str | None = None
    dry_run: bool = False
    repair: bool = False


def ingest_file(request: ImportRequest, *, progress: Progress | None = None) -> Report:
    """Import one file into one layer, all or nothing. Never raises for a bad file: the report says."""
    name = request.name or request.path.name
    report = Report(file=name, layer=request.layer, dry_run=request.dry_run)
    settings.INGEST_WORK_DIR.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="job-", dir=settings.INGEST_WORK_DIR))
    try:
        _run(request, name, workdir, report, progress)
    except IngestError as error:
        report.reject(None, "", str(error))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return report


def _run(request: ImportRequest, name: str, workdir: Path, report: Report, progress: Progress | None) -> None:
    if request.layer not in LAYERS:
        raise IngestError(_("Unknown layer %(layer)r; layers are %(layers)s.")
                          % {"layer": request.layer, "layers": ", ".join(sorted(LAYERS))})
    if not layer_importable_by(request.user, request.layer):
        raise ImportNotAllowed(_("Your role may not import into layer %s.") % request.layer)
    source = Source(source_prepare(request.path, workdir=workdir, name=name), source_layer=request.source_layer)
    schema = schema_for(request.layer)
    mapping = map_columns(schema, source.columns, request.overrides, source=name)
    unknown = sorted(set(request.constants) - {item.name for item in schema.fields})
    if unknown:
        raise MappingError(_("--set names %(unknown)s, which layer %(layer)s does not have.")
                           % {"unknown": ", ".join(unknown), "layer": request.layer})
    for target in request.constants:
        mapping.pop(target, None)
    missing = missing_required(schema, {**mapping, **request.constants}, has_geometry=source.has_geometry)
    if missing:
        raise MappingError(_("%(file)s has no column for %(fields)s; its columns are %(columns)s. Name one with "
                             "--map FIELD=COLUMN.") % {"file": name, "fields": ", ".join(missing),
                                                        "columns": ", ".join(source.columns) or "—"})
    report.mapping = {**mapping, **{target: f"={value}" for target, value in request.constants.items()}}
    if source.encoding:
        encoding = (source.recode or source.encoding).upper()
        report.warnings.append(_("The .dbf has no .cpg; its text was read as %s.") % encoding)
    srid = _srid(source, request.crs, report) if source.has_geometry else 4326
    with transaction.atomic():
        _stage_and_apply(request, source, mapping, srid, report, progress)


def _srid(source: Source, crs: int | None, report: Report) -> int:
    if crs is not None:
        if source.crs_wkt and srid_of(source.crs_wkt, source=source.file.name) != crs:
            report.warnings.append(_("The file says its coordinates are in another system; --crs EPSG:%d was "
                                     "used as asked.") % crs)
        return crs
    if source.crs_wkt:
        return srid_of(source.crs_wkt, source=source.file.name)
    if source.geometry_columns.lon_lat:
        return 4326
    bounds = source.bounds()
    raise UnknownCrs(missing_crs_hint(bounds, source=source.file.name) if bounds else
                     _("%s does not say which coordinate system it uses; give --crs EPSG:N.") % source.file.name)


def _stage_and_apply(request: ImportRequest, source: Source, mapping: Mapping[str, str], srid: int,
                     report: Report, progress: Progress | None) -> None:
    target = target_for(request.layer)
    area = working_area(request.user) if source.has_geometry else None
    scoped = user_role(request.user) == Role.EXTENSION_STAFF
    converter = BatchConverter(
        target.schema, mapping, request.constants, repair=request.repair,
        area=area.in_crs(srid) if area else None, outside=area.reason if area else "",
        allowed_units=frozenset(units_editable_by(request.user).values_list("pk", flat=True)) if scoped else None)
    raw = connection.cursor().cursor
    if direct_possible(raw, target, rows=source.count, srid=srid, unit_mapped="unit" in mapping):
        _load_direct(raw, request, source, converter, report, progress)
    else:
        _load_staged(raw, request, source, converter, srid, report, progress)
    if not report.ok or request.dry_run:
        transaction.set_rollback(True)
        report.created = report.updated = 0
        return
    report.committed = True


def _load_staged(cursor: object, request: ImportRequest, source: Source, converter: BatchConverter, srid: int,
                 report: Report, progress: Progress | None) -> None:
    target = target_for(request.layer)
    staging_create(cursor, list(target.schema.fields))
    for copy_text in _prepared(source, converter, report, staging_copy_text):
        staging_copy(cursor, converter.fields, copy_text)
        if progress:
            progress(report.read, source.count)
    _check(cursor, request, target, srid, source.has_geometry, report)
    if not report.ok or request.dry_run:
        return
    # The unit is written even when no column names it: it was then found from the geometry.
    fields = list(dict.fromkeys([*converter.mapping, *converter.constants, "unit"]))
    applied = staging_apply(cursor, target, fields=fields, srid=srid, has_geometry=source.has_geometry,
                            rows=report.read)
    report.created, report.updated = applied.created, applied.updated


def _load_direct(cursor: object, request: ImportRequest, source: Source, converter: BatchConverter,
                 report: Report, progress: Progress | None) -> None:
    target = target_for(request.layer)
    converter.derive_units = False
    layout = DirectLayout(target, converter.fields)
    dependents = dependents_drop(cursor, target.table)
    start = first_new_id(cursor, target)
    for copy_text in _prepared(source, converter, report, layout.copy_text):
        if report.ok:  # after a first problem the file is only read on, to report every problem
            layout.copy(cursor, copy_text)
        if progress:
            progress(report.read, source.count)
    if not report.ok:
        return
    if target.key_is_unique and not request.dry_run:
        # The rebuilt unique constraint finds duplicate keys for free; only when it fails are they listed.
        try:
            with transaction.atomic():
                dependents_restore(cursor, target.table, dependents)
                report.created = report.read
                return
        except UniqueViolation:
            pass
    found = checks.duplicates(cursor, target, _("has the same key as feature"), layout.loaded_rows(start))
    _reject_all(report, found, target)
    if report.ok and not request.dry_run:
        dependents_restore(cursor, target.table, dependents)
        report.created = report.read


def _prepared(source: Source, converter: BatchConverter, report: Report,
              finish: Callable[[pa.Table], bytes]) -> Iterator[bytes]:
    """COPY text batch after batch; the next batch is read, checked and laid out while this one is copied."""
    batches = source.batches()
    language = translation.get_language()

    def next_prepared() -> tuple[int, list, bytes] | None:
        with translation.override(language):  # the reader thread reports in the user's language
            batch = next(batches, None)
            if batch is None:
                return None
            count, problems, table = converter.prepare(batch)
            return count, problems, finish(table)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-read") as pool:
        pending = pool.submit(next_prepared)
        while True:
            prepared = pending.result()
            if prepared is None:
                return
            pending = pool.submit(next_prepared)
            count, problems, text = prepared
            report.read += count
            for feature, field_name, reason in problems:
                report.reject(feature, field_name, reason)
            yield text


def _check(cursor: object, request: ImportRequest, target: Target, srid: int, has_geometry: bool,
           report: Report) -> None:
    has_unit = any(field.name == "unit" for field in target.schema.fields)
    if has_geometry and has_unit and "unit" not in report.mapping:
        checks.units_derive(cursor, srid)
    if target.unit_column or (target.layer == "zones" and not has_geometry):
        found = checks.without_unit(cursor, _("no administrative unit: name one, or give the feature a geometry "
                                              "inside a ward or commune"))
        # A feature whose geometry was refused has no unit from it either; its first problem says enough.
        _reject_all(report, [problem for problem in found if not report.has_problem(problem[0])])
    _reject_all(report, checks.duplicates(cursor, target, _("has the same key as feature")), target)
    if user_role(request.user) == Role.EXTENSION_STAFF and target.layer != "communes":
        unit_ids = sorted(units_editable_by(request.user).values_list("pk", flat=True))
        _reject_all(report, checks.matched_outside_units(
            cursor, target, unit_ids, _("this key belongs to a feature outside your administrative units")), target)
    if target.layer == "zones":
        allowed = sorted(zone_statuses_settable_by(request.user))
        _reject_all(report, checks.zone_statuses_not_allowed(cursor, allowed, _("your role may not set status")))
        _reject_all(report, checks.zones_coded_without_code(
            cursor, _("an approved, suspended or revoked zone needs its planting-area code")))


def _reject_all(report: Report, found: list[tuple[int, str, str]], target: Target | None = None) -> None:
    """Report SQL findings under the file's own column names."""
    key = " + ".join(report.mapping.get(name, name) for name in target.schema.key) if target else "key"
    for feature, field_name, reason in found:
        report.reject(feature, key if field_name == "key" else report.mapping.get(field_name, field_name), reason)
