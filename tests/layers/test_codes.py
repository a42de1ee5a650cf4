"""Planting-area codes are stored in one normal form and recognised softly."""

import pytest

from layers.codes import CodeShape, EmptyCode, normalise_code, parse_code
from layers.models import CultivationZone


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("VN - GLOR - 0090", "VN-GLOR-0090"),
        ("VN - GLOR - 0138", "VN-GLOR-0138"),
        ("vn-glor-0065", "VN-GLOR-0065"),
        ("  VN–GLOR–0050 ", "VN-GLOR-0050"),  # en dashes
        ("VN GLOR 0098", "VN-GLOR-0098"),
        ("ＶＮ-ＧＬＯＲ-００６５", "VN-GLOR-0065"),  # full-width, as pasted from some PDFs
        ("VN-GLOR-0090OT", "VN-GLOR-0090OT"),
        ("VN-GLOR-0090 OT", "VN-GLOR-0090OT"),
        ("VN-GLOR-0090-OT", "VN-GLOR-0090OT"),
        ("vn - glor - 0090ot", "VN-GLOR-0090OT"),
        ("CD . 20 . 01 . 01 . 001", "CD.20.01.01.001"),
        ("VN-LDOR-0117", "VN-LDOR-0117"),
    ],
)
def test_written_forms_normalise(written: str, normal: str) -> None:
    assert normalise_code(written) == normal


def test_export_code_is_parsed_into_its_parts() -> None:
    code = parse_code("VN - GLOR - 0090 OT")
    assert (code.value, code.shape, code.province, code.sequence, code.suffix) == (
        "VN-GLOR-0090OT", CodeShape.EXPORT, "GL", 90, "OT"
    )
    assert code.warnings == ()


def test_packing_house_and_dotted_codes_are_recognised() -> None:
    assert parse_code("VN-GLPH-0012").shape is CodeShape.PACKING_HOUSE
    assert parse_code("CD.20.01.01.001").shape is CodeShape.DOTTED


def test_unknown_shape_is_kept_with_a_warning_not_rejected() -> None:
    code = parse_code("GL/2023/VT-17")
    assert code.value == "GL/2023/VT-17"
    assert code.shape is CodeShape.UNKNOWN
    assert "GL/2023/VT-17" in code.warnings[0]


@pytest.mark.parametrize("blank", ["", "   ", "\t"])
def test_empty_code_is_an_error(blank: str) -> None:
    with pytest.raises(EmptyCode):
        normalise_code(blank)


@pytest.mark.django_db
def test_the_field_stores_and_looks_up_the_normal_form() -> None:
    zone = CultivationZone.objects.create(name="Cà phê", crop="coffee", code="vn - glor - 0138")
    zone.refresh_from_db()
    assert zone.code == "VN-GLOR-0138"
    assert CultivationZone.objects.get(code="VN - GLOR - 0138") == zone


@pytest.mark.django_db
def test_blank_codes_become_null_so_many_drafts_can_coexist() -> None:
    CultivationZone.objects.create(name="Nháp 1", crop="tea", code="  ")
    CultivationZone.objects.create(name="Nháp 2", crop="tea", code="")
    assert CultivationZone.objects.filter(code__isnull=True).count() == 2
