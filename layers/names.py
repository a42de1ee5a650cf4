"""Vietnamese names as people type them: NFD or NFC, look-alike letters, missing spaces, prefixes."""

import re
import unicodedata

# Real files mix the Icelandic eth (U+00D0/U+00F0) with the Vietnamese Đ/đ (U+0110/U+0111).
_LOOKALIKES = str.maketrans({"Ð": "Đ", "ð": "đ"})
_UNIT_PREFIX = re.compile(
    r"^(tỉnh|thành phố|tp\.?|huyện|thị xã|tx\.?|quận|phường|p\.|xã|x\.|thị trấn|tt\.?)\s*", re.IGNORECASE
)
_NOT_ALNUM = re.compile(r"[^0-9a-z]")


def clean_text(text: str) -> str:
    """NFC with look-alike letters replaced: the form every Vietnamese string is stored in."""
    return unicodedata.normalize("NFC", text.translate(_LOOKALIKES)).strip()


def fold(text: str) -> str:
    """Lower case without diacritics (đ becomes d), as PostgreSQL's unaccent does."""
    decomposed = unicodedata.normalize("NFD", clean_text(text).lower().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def unit_name_key(text: str) -> str:
    """A key under which spellings of one unit name meet: "Xã Biển Hồ", "BiểnHồ", "bien ho" → "bienho"."""
    name = _UNIT_PREFIX.sub("", clean_text(text))
    return _NOT_ALNUM.sub("", fold(name))


def in_language(language: str, vi: str, en: str) -> str:
    """The English text when English is asked for and there is one; the Vietnamese one otherwise
    (every record has its Vietnamese text, the English is optional)."""
    return en if language.startswith("en") and en else vi
