"""Turn a column of the file into the values a field stores, and say which features do not fit.

Columns arrive as Arrow arrays, a batch at a time. Typed columns (numbers and dates in a GeoPackage)
are checked with vectorised kernels; text columns are converted once per distinct value, because a
land office's million parcels carry a few land-use codes and units, not a million.
"""

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ingest.mapping import column_key
from ingest.schemas import Field, Kind
from layers.codes import EmptyCode, normalise_code

Errors = list[tuple[int, str]]  # (row in the batch, reason)
_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d")
_SPACES = re.compile(r"[\s\u00a0\u202f]")


@dataclass(frozen=True)
class Converted:
    values: pa.Array
    errors: Errors


def parse_number(text: str) -> float:
    """A number as Vietnamese files write it: "18,00", "1.234,5", "1 234,5", or "1234.5"."""
    cleaned = _SPACES.sub("", text)
    if "," in cleaned and "." in cleaned:
        decimal = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        cleaned = cleaned.replace("." if decimal == "," else ",", "").replace(",", ".")
    elif cleaned.count(",") == 1:
        cleaned = cleaned.replace(",", ".")
    elif cleaned.count(",") > 1 or cleaned.count(".") > 1:
        cleaned = cleaned.replace(",", "").replace(".", "")
    number = float(cleaned)
    if not math.isfinite(number):
        raise ValueError(text)
    return number


def parse_date(text: str) -> dt.date:
    stripped = text.strip()
    for pattern in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(stripped[:10], pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def choice_lookup(field: Field) -> dict[str, str]:
    """Every way a file may name a choice (value, English or Vietnamese label) → the stored value."""
    lookup: dict[str, str] = {}
    for value, label in field.choices:
        names = [value]
        for language in ("en", "vi"):
            with translation.override(language):
                names += [str(label), str(label).split(" – ")[0]]
        for name in names:
            lookup.setdefault(column_key(name), value)
    return lookup


def by_distinct(array: pa.Array, convert: Callable[[str], object], target: pa.DataType) -> Converted:
    """Apply `convert` once per distinct text; a ValueError marks each row holding that text."""
    encoded = pc.dictionary_encode(array.cast(pa.string()))
    converted: list[object] = []
    failed: dict[int, str] = {}
    for index, text in enumerate(encoded.dictionary.to_pylist()):
        try:
            converted.append(convert(text))
        except ValueError as error:
            converted.append(None)
            failed[index] = str(error)
    values = pa.array(converted, type=target).take(encoded.indices)
    if not failed:
        return Converted(values, [])
    indices = encoded.indices.to_numpy(zero_copy_only=False)
    rows = np.flatnonzero(np.isin(indices, list(failed)))
    return Converted(values, [(int(row), failed[int(indices[row])]) for row in rows])


def clean_text_array(array: pa.Array) -> pa.Array:
    """NFC, look-alike letters (Ð for Đ) replaced, spaces trimmed: the form Vietnamese text is stored in."""
    text = array.cast(pa.string())
    text = pc.replace_substring(pc.replace_substring(text, "Ð", "Đ"), "ð", "đ")
    return pc.utf8_trim_whitespace(pc.utf8_normalize(text, "NFC"))


def _text(field: Field, array: pa.Array) -> Converted:
    values = pc.fill_null(clean_text_array(array), "")
    too_long = pc.greater(pc.utf8_length(values), field.max_length).to_numpy(zero_copy_only=False)
    reason = _("longer than %d characters") % field.max_length
    return Converted(values, [(int(row), reason) for row in np.flatnonzero(too_long)])


def _number_checked(field: Field, values: pa.Array, integral: bool) -> Converted:
    numbers = values.to_numpy(zero_copy_only=False).astype(float)
    present = ~np.isnan(numbers) if values.null_count == 0 else ~np.asarray(values.is_null())
    low = (numbers < 0) if field.allow_zero else (numbers <= 0)
    bad_integral = integral & (np.floor(numbers) != numbers)
    errors: Errors = []
    reason = _NUMBER_REASONS[(integral, field.allow_zero)]
    for row in np.flatnonzero(present & (~np.isfinite(numbers) | low | bad_integral)):
        errors.append((int(row), str(reason) % numbers[row]))
    return Converted(values, errors)


_NUMBER_REASONS = {
    (True, False): gettext_lazy("%s is not a whole number greater than zero"),
    (True, True): gettext_lazy("%s is not a whole number of zero or more"),
    (False, False): gettext_lazy("%s is not a number greater than zero"),
    (False, True): gettext_lazy("%s is not a number of zero or more"),
}


def _number(field: Field, array: pa.Array) -> Converted:
    integral = field.kind == Kind.INTEGER
    target = pa.int64() if integral else pa.float64()
    if pa.types.is_integer(array.type) or pa.types.is_floating(array.type) or pa.types.is_null(array.type):
        checked = _number_checked(field, array.cast(pa.float64()), integral)
    else:
        def number(text: str) -> float:
            try:
                return parse_number(text)
            except ValueError:
                raise ValueError(_("%r is not a number") % text) from None
        parsed = by_distinct(pc.utf8_trim_whitespace(array.cast(pa.string())), number, pa.float64())
        parsed_checked = _number_checked(field, parsed.values, integral)
        checked = Converted(parsed.values, parsed.errors + parsed_checked.errors)
    bad_rows = {row for row, _reason in checked.errors}
    values = checked.values
    if bad_rows:
        mask = np.zeros(len(values), dtype=bool)
        mask[list(bad_rows)] = True
        values = pc.if_else(pa.array(mask), pa.nulls(len(values), pa.float64()), values.cast(pa.float64()))
    return Converted(values.cast(pa.float64()).cast(target, safe=False), checked.errors)


def _date(field: Field, array: pa.Array) -> Converted:
    if pa.types.is_date(array.type) or pa.types.is_timestamp(array.type):
        return Converted(array.cast(pa.date32()), [])

    def date(text: str) -> dt.date:
        try:
            return parse_date(text)
        except ValueError:
            raise ValueError(_("%r is not a date (write dd/mm/yyyy)") % text) from None
    return by_distinct(array, date, pa.date32())


def _choice(field: Field, array: pa.Array) -> Converted:
    lookup = choice_lookup(field)
    known = ", ".join(value for value, _label in field.choices)

    def choice(text: str) -> str:
        try:
            return lookup[column_key(text)]
        except KeyError:
            raise ValueError(_("%(value)r is not one of %(known)s") % {"value": text, "known": known}) from None
    return by_distinct(clean_text_array(array), choice, pa.string())


def _choices(field: Field, array: pa.Array) -> Converted:
    """Several choices in one cell, stored as a PostgreSQL array literal."""
    lookup = choice_lookup(field)

    def choices(text: str) -> str:
        parts = [part for part in re.split(r"[;,|]", text) if part.strip()]
        missing = [part.strip() for part in parts if column_key(part) not in lookup]
        if missing:
            raise ValueError(_("%r is not a known value") % ", ".join(missing))
        return "{" + ",".join(dict.fromkeys(lookup[column_key(part)] for part in parts)) + "}"
    converted = by_distinct(clean_text_array(array), choices, pa.string())
    return Converted(pc.fill_null(converted.values, "{}"), converted.errors)


def _code(field: Field, array: pa.Array) -> Converted:
    def code(text: str) -> str | None:
        try:
            return normalise_code(text)
        except EmptyCode:
            return None
    return by_distinct(array, code, pa.string())


CONVERTERS: dict[Kind, Callable[[Field, pa.Array], Converted]] = {
    Kind.TEXT: _text, Kind.INTEGER: _number, Kind.DECIMAL: _number, Kind.DATE: _date,
    Kind.CHOICE: _choice, Kind.CHOICES: _choices, Kind.CODE: _code,
}


def empty_rows(array: pa.Array) -> np.ndarray:
    """Rows with no value: null, or text that is only spaces."""
    if pa.types.is_string(array.type) or pa.types.is_large_string(array.type):
        blank = pc.equal(pc.utf8_trim_whitespace(array), "")
        return np.asarray(pc.or_kleene(array.is_null(), pc.fill_null(blank, True)))
    return np.asarray(array.is_null())
