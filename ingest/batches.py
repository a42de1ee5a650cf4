"""One batch of a file → COPY text for the staging table, and the problems found on the way."""

from collections.abc import Mapping

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import shapely
from django.utils.translation import gettext as _

from ingest.geometry import check_geometries
from ingest.reader import RawBatch
from ingest.schemas import Field, Kind, Schema
from ingest.staging import staged_fields
from ingest.units import UnitResolver
from ingest.values import CONVERTERS, Converted, empty_rows

Problems = list[tuple[int, str, str]]  # (feature number, file column or "geometry", reason)
_ARROW_TYPES = {
    Kind.TEXT: pa.string(), Kind.INTEGER: pa.int64(), Kind.DECIMAL: pa.float64(), Kind.DATE: pa.date32(),
    Kind.CHOICE: pa.string(), Kind.CHOICES: pa.string(), Kind.CODE: pa.string(), Kind.UNIT: pa.int64(),
}


class BatchConverter:
    def __init__(self, schema: Schema, mapping: Mapping[str, str], constants: Mapping[str, str], *,
                 repair: bool, area: shapely.Geometry | None = None, outside: str = "",
                 allowed_units: frozenset[int] | None = None) -> None:
        self.schema = schema
        self.allowed_units = allowed_units  # None: any unit
        self.derive_units = True  # an empty unit may come from the geometry (not on a direct load)
        self.area = area  # prepared, in the file's coordinates
        self.outside = outside
        self.mapping = dict(mapping)
        self.constants = dict(constants)
        self.fields = staged_fields(schema, [*mapping, *constants])
        self.repair = repair
        self.units = UnitResolver()

    def prepare(self, batch: RawBatch) -> tuple[int, Problems, pa.Table]:
        count = len(next(iter(batch.columns.values()))) if batch.columns else len(batch.wkb or ())
        numbers = np.arange(batch.start + 1, batch.start + count + 1, dtype=np.int64)
        problems: Problems = []
        columns = [pa.array(numbers), pa.array([batch.layer] * count, type=pa.string())]
        for field in self.fields:
            converted = self._column(field, batch, count)
            column_name = self.mapping.get(field.name, "--set " + field.name)
            problems += [(int(numbers[row]), column_name, reason) for row, reason in converted.errors]
            columns.append(converted.values)
        geometry, geometry_problems = self._geometry(batch, count)
        problems += [(int(numbers[row]), "geometry", reason) for row, reason in geometry_problems]
        columns.append(geometry)
        names = ["n", "layer", *(field.name for field in self.fields), "geom"]
        return count, problems, pa.table(columns, names=names)

    def _column(self, field: Field, batch: RawBatch, count: int) -> Converted:
        if field.name in self.constants:
            array = pa.array([self.constants[field.name]] * count, type=pa.string())
        elif field.name in self.mapping:
            array = batch.columns[self.mapping[field.name]]
        else:
            return Converted(pa.nulls(count, _ARROW_TYPES[field.kind]), [])
        errors: list[tuple[int, str]] = []
        derivable = field.kind == Kind.UNIT and batch.wkb is not None and self.derive_units
        if field.required and not derivable:
            errors = [(int(row), _("empty, but required")) for row in np.flatnonzero(empty_rows(array))]
        present = pc_drop_blank(array)
        if field.kind == Kind.UNIT:
            converted = self.units.convert(present)
            errors += self._outside_units(converted.values)
        else:
            converted = CONVERTERS[field.kind](field, present)
        return Converted(converted.values, errors + converted.errors)

    def _outside_units(self, unit_ids: pa.Array) -> list[tuple[int, str]]:
        if self.allowed_units is None:
            return []
        ids = unit_ids.to_numpy(zero_copy_only=False)
        named = ~np.asarray(unit_ids.is_null())
        foreign = named & ~np.isin(ids, list(self.allowed_units))
        return [(int(row), _("not one of your administrative units")) for row in np.flatnonzero(foreign)]

    def _geometry(self, batch: RawBatch, count: int) -> tuple[pa.Array, list[tuple[int, str]]]:
        if batch.wkb is None:
            return pa.nulls(count, pa.string()), []
        checked = check_geometries(batch.wkb.to_numpy(zero_copy_only=False), self.schema, repair=self.repair)
        errors = checked.errors + self._outside_area(checked.geometries, checked.errors)
        bad = np.zeros(count, dtype=bool)
        bad[[row for row, _reason in errors]] = True
        # The file's own WKB goes to PostGIS as it is; only geometries changed here are written anew.
        hexed = hex_wkb(batch.wkb)
        replace = bad | checked.changed
        if not replace.any():
            return hexed, errors
        replacement = np.full(count, None, dtype=object)
        rows = np.flatnonzero(checked.changed & ~bad)
        replacement[rows] = shapely.to_wkb(checked.geometries[rows], hex=True)
        return pc.if_else(pa.array(replace), pa.array(replacement, type=pa.string()), hexed), errors

    def _outside_area(self, geometries: np.ndarray, errors: list[tuple[int, str]]) -> list[tuple[int, str]]:
        """Features no part of which touches the working area."""
        if self.area is None:
            return []
        checked = ~shapely.is_missing(geometries)
        checked[[row for row, _reason in errors]] = False
        outside = np.flatnonzero(checked & ~shapely.intersects(self.area, geometries))
        return [(int(row), self.outside) for row in outside]


_HEX_DIGITS = np.frombuffer(b"0123456789ABCDEF", dtype=np.uint8)
_HEX_PAIRS = np.stack([_HEX_DIGITS[np.arange(256) >> 4], _HEX_DIGITS[np.arange(256) & 15]], axis=1)


def hex_wkb(wkb: pa.Array) -> pa.Array:
    """Binary WKB as the hex text PostGIS reads in COPY, built over Arrow's buffers in one numpy pass."""
    wkb = pa.concat_arrays([wkb.cast(pa.binary())]) if wkb.offset else wkb.cast(pa.binary())
    validity, offsets_buffer, data_buffer = wkb.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int32)[: len(wkb) + 1]
    data = np.frombuffer(data_buffer, dtype=np.uint8)[offsets[0]:offsets[-1]] if data_buffer else \
        np.empty(0, dtype=np.uint8)
    text = _HEX_PAIRS[data].reshape(-1)
    doubled = ((offsets - offsets[0]) * 2).astype(np.int32)
    return pa.StringArray.from_buffers(len(wkb), pa.py_buffer(doubled), pa.py_buffer(text), validity,
                                       wkb.null_count)


def pc_drop_blank(array: pa.Array) -> pa.Array:
    """Blank text counts as no value, so optional fields left blank are stored as empty."""
    if not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
        return array
    blank = empty_rows(array)
    return pa.array(np.where(blank, None, array.to_numpy(zero_copy_only=False)), type=array.type) \
        if blank.any() else array
