"""What a search box's text asks for: a name, a planting-area code, a parcel's sheet and number.

People type the same thing many ways: `VN - GLOR - 0138`, `12/345`, `tờ 12 thửa 345`, `to 12 thua
345`, `bien ho` for Biển Hồ. This module turns the text into the few typed values the SQL compares
with; none of the text itself reaches SQL except as a parameter.
"""

import re
from dataclasses import dataclass

from layers.codes import EmptyCode, normalise_code
from layers.names import clean_text, fold
from maps.errors import BadRequest

MAX_QUERY_CHARS = 100
# Sheet and parcel numbers are PostgreSQL integers; nine digits always fit.
_NUMBER = r"(\d{1,9})"
_SHEET_WORD = r"(?:to(?:\s+ban\s+do)?|sheet)\s*(?:so\s*)?"
_PARCEL_WORD = r"(?:thua(?:\s+dat)?|parcel)\s*(?:so\s*)?"
_SEPARATOR = r"[\s,;:.\-]*"
_SHEET_FIRST = re.compile(rf"^(?:{_SHEET_WORD})?{_NUMBER}\s*(?:/\s*|{_SEPARATOR}{_PARCEL_WORD}){_NUMBER}$")
_PARCEL_FIRST = re.compile(rf"^{_PARCEL_WORD}{_NUMBER}{_SEPARATOR}{_SHEET_WORD}{_NUMBER}$")
_LIKE_SPECIALS = str.maketrans({"\\": "\\\\", "%": "\\%", "_": "\\_"})


@dataclass(frozen=True)
class ParcelNumber:
    sheet: int
    number: int


@dataclass(frozen=True)
class SearchTerms:
    """The text as it is shown back, and the LIKE patterns and numbers the SQL compares with."""

    text: str
    name_pattern: str  # folded (lower case, no diacritics), for `lower(unaccent(column)) LIKE`
    code_prefix: str  # the normal form of a planting-area code, for `code LIKE`
    parcel: ParcelNumber | None


def like_escaped(text: str) -> str:
    """`text` with LIKE's wildcards and escape character escaped (for `ESCAPE '\\'`)."""
    return text.translate(_LIKE_SPECIALS)


def parcel_number(folded: str) -> ParcelNumber | None:
    """Sheet and parcel numbers from folded text such as `12/345` or `to 12 thua 345`, else None."""
    if match := _SHEET_FIRST.match(folded):
        sheet, number = match.groups()
    elif match := _PARCEL_FIRST.match(folded):
        number, sheet = match.groups()
    else:
        return None
    if int(sheet) == 0 or int(number) == 0:
        return None
    return ParcelNumber(int(sheet), int(number))


def search_terms(raw: str | None) -> SearchTerms:
    """The typed terms of `raw`, or BadRequest when it is missing, blank or too long."""
    text = " ".join(clean_text(raw or "").split())
    if not text:
        raise BadRequest("Parameter 'q' is required: a name, a planting-area code or a parcel (12/345).")
    if len(text) > MAX_QUERY_CHARS:
        raise BadRequest(f"Parameter 'q' must be at most {MAX_QUERY_CHARS} characters.")
    folded = fold(text)
    try:
        code = normalise_code(text)
    except EmptyCode:
        code = ""
    return SearchTerms(
        text=text,
        name_pattern=f"%{like_escaped(folded)}%",
        code_prefix=f"{like_escaped(code)}%" if code else "",
        parcel=parcel_number(folded),
    )
