"""Planting-area codes (mã số vùng trồng): normalisation and soft validation.

Registries write the same code many ways (`VN - GLOR - 0138`, `vn-glor-0090 OT`, full-width
digits, en dashes). We store one normal form and recognise the known shapes, but never reject
a code only because it has a shape we do not know: the issuing authority, not a regex, decides
what a valid code is. Unknown shapes come back with a warning for a person to look at.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−﹣－_"), "-")
_SPACED_SEPARATOR = re.compile(r"\s*([-.])\s*")
_WHITESPACE = re.compile(r"\s+")
_EXPORT = re.compile(r"^VN-(?P<province>[A-Z]{2})(?P<kind>[A-Z]{2})-(?P<sequence>\d{3,5})-?(?P<suffix>[A-Z]{1,4})?$")
_DOTTED = re.compile(r"^[A-Z]{1,4}(\.\d{1,4}){2,6}$")


class CodeShape(StrEnum):
    EXPORT = "export"  # VN-GLOR-0065: country, province, facility kind, sequence
    PACKING_HOUSE = "packing_house"  # VN-GLPH-0012
    DOTTED = "dotted"  # CD.20.01.01.001, used by some provincial registries
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class PlantingAreaCode:
    value: str
    shape: CodeShape
    province: str = ""
    sequence: int | None = None
    suffix: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)


class EmptyCode(ValueError):
    """The text holds no code at all."""


def normalise_code(text: str) -> str:
    """Return the normal form: NFKC, upper case, ASCII dashes, no spaces around separators."""
    code = unicodedata.normalize("NFKC", text).translate(_DASHES).strip().upper()
    code = _SPACED_SEPARATOR.sub(r"\1", code)
    code = _WHITESPACE.sub("-", code)
    # A suffix written apart ("VN-GLOR-0090-OT", "... 0090 OT") is stored joined, as registries print it.
    match = _EXPORT.match(code)
    if match and match["suffix"]:
        code = f"VN-{match['province']}{match['kind']}-{match['sequence']}{match['suffix']}"
    if not code:
        raise EmptyCode(str(_("The planting-area code is empty.")))
    return code


def parse_code(text: str) -> PlantingAreaCode:
    """Normalise and recognise a code; unknown shapes are kept, with a warning."""
    code = normalise_code(text)
    match = _EXPORT.match(code)
    if match:
        shape = CodeShape.PACKING_HOUSE if match["kind"] == "PH" else CodeShape.EXPORT
        return PlantingAreaCode(
            value=code, shape=shape, province=match["province"],
            sequence=int(match["sequence"]), suffix=match["suffix"] or "",
        )
    if _DOTTED.match(code):
        return PlantingAreaCode(value=code, shape=CodeShape.DOTTED)
    warning = str(
        _("Code %(code)s has an unfamiliar form; it is kept as written, please check it against the "
          "certificate.") % {"code": code}
    )
    return PlantingAreaCode(value=code, shape=CodeShape.UNKNOWN, warnings=(warning,))
