"""The layer registry is the allow-list every later issue serves from."""

import pytest

from layers.checks import check_registry
from layers.errors import UnknownLayer
from layers.registry import LAYERS, LayerSpec, LayerStyle, get_layer, register


def test_registry_holds_exactly_the_agreed_ids() -> None:
    assert set(LAYERS) == {"communes", "parcels", "zones", "ocop_producers", "tourism_sites"}


def test_registry_passes_its_system_check() -> None:
    assert check_registry() == []


def test_private_fields_are_not_public() -> None:
    assert "representative" not in get_layer("zones").public_properties
    assert "households" not in get_layer("zones").public_properties
    assert "tax_code" not in get_layer("ocop_producers").public_properties


def test_unknown_layer_names_the_known_ones() -> None:
    with pytest.raises(UnknownLayer, match="communes"):
        get_layer("users")


def test_register_returns_a_new_registry() -> None:
    spec = LayerSpec(id="routes", model_label="layers.TourismRoute", geometry_field="geometry",
                     public_properties=("name_vi",), title_vi="Tuyến", title_en="Routes", min_zoom=8,
                     max_zoom=18, style=LayerStyle(color="#000", fill_color="#fff"))
    extended = register(LAYERS, spec)
    assert "routes" in extended
    assert "routes" not in LAYERS
    with pytest.raises(ValueError, match="already"):
        register(extended, spec)


def test_a_misspelt_property_fails_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = LayerSpec(id="x", model_label="layers.Parcel", geometry_field="geom",
                       public_properties=("sheet",), title_vi="x", title_en="x", min_zoom=3, max_zoom=2,
                       style=LayerStyle(color="#000", fill_color="#fff"))
    monkeypatch.setattr("layers.checks.LAYERS", {"x": broken})
    assert {message.id for message in check_registry()} == {"ntm.E101", "ntm.E102", "ntm.E103"}


def test_titles_follow_the_language() -> None:
    assert get_layer("zones").title("vi") == "Vùng trồng"
    assert get_layer("zones").title("en") == "Cultivation zones"
