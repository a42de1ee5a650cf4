"""The interface speaks Vietnamese first: every message has a Vietnamese translation."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from layers.models import CultivationZone, Parcel, ZoneStatus

PO_FILE = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def _untranslated(po_text: str) -> list[str]:
    """msgids with an empty msgstr, or a fuzzy one (multi-line entries are joined first). A plural entry
    has msgstr[0], msgstr[1] …; each form must be filled."""
    entries = po_text.split("\n\n")[1:]  # the first block is the header
    missing = []
    for entry in entries:
        lines = [line for line in entry.splitlines() if not line.startswith("#")]
        msgid = "\n".join(line for line in lines if not line.startswith("msgstr"))
        forms = re.split(r"^msgstr(?:\[\d+\])? ", "\n".join(lines), flags=re.MULTILINE)[1:]
        if "#, fuzzy" in entry or not forms or any(form.strip() in {'""', ""} for form in forms):
            missing.append(msgid.strip())
    return missing


def test_the_check_sees_empty_plural_forms_and_fuzzy_entries() -> None:
    header = 'msgid ""\nmsgstr ""\n\n'
    plural = 'msgid "%(n)s read"\nmsgid_plural "%(n)s reads"\nmsgstr[0] "Đã đọc %(n)s"\n'
    assert _untranslated(header + plural) == []
    assert _untranslated(header + plural.replace('"Đã đọc %(n)s"', '""')) != []
    assert _untranslated(header + '#, fuzzy\nmsgid "Feature"\nmsgstr "thiên nhiên"\n') == ['msgid "Feature"']


def test_every_message_is_translated_to_vietnamese() -> None:
    assert _untranslated(PO_FILE.read_text(encoding="utf-8")) == []


def test_vietnamese_is_the_default_language() -> None:
    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _name in settings.LANGUAGES] == ["vi", "en"]


@pytest.mark.parametrize(
    ("language", "zone", "parcel", "approved"),
    [("vi", "vùng trồng", "thửa đất", "đã phê duyệt"), ("en", "cultivation zone", "parcel", "approved")],
)
def test_labels_follow_the_language(language: str, zone: str, parcel: str, approved: str) -> None:
    with translation.override(language):
        assert str(CultivationZone._meta.verbose_name) == zone
        assert str(Parcel._meta.verbose_name) == parcel
        assert str(ZoneStatus.APPROVED.label) == approved
