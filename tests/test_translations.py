"""The interface speaks Vietnamese first: every message has a Vietnamese translation."""

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from layers.models import CultivationZone, Parcel, ZoneStatus

PO_FILE = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def _untranslated(po_text: str) -> list[str]:
    """msgids whose msgstr is empty (multi-line entries are joined first)."""
    entries = po_text.split("\n\n")[1:]  # the first block is the header
    missing = []
    for entry in entries:
        lines = [line for line in entry.splitlines() if not line.startswith("#")]
        text = "\n".join(lines)
        msgid, _, msgstr = text.partition("msgstr ")
        if msgstr.strip() in {'""', ""}:
            missing.append(msgid.strip())
    return missing


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
