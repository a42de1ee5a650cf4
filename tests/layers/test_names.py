"""Unit names as registries write them resolve to the same key."""

import pytest

from layers.names import clean_text, fold, in_language, unit_name_key


@pytest.mark.parametrize(
    "written",
    ["Biển Hồ", "Xã Biển Hồ", "xã biển hồ", "BiểnHồ", "Bien Ho", "BIEN HO", "X. Biển Hồ",
     "Bie\u0302\u0309n Ho\u0302\u0300"],  # the last one in NFD, as macOS and some GIS files write it
)
def test_spellings_of_bien_ho_share_a_key(written: str) -> None:
    assert unit_name_key(written) == "bienho"


def test_eth_lookalike_becomes_d_with_stroke() -> None:
    assert clean_text("Ðak Ðoa") == "Đak Đoa"
    assert unit_name_key("Ðak Ðoa") == unit_name_key("Đak Đoa") == "dakdoa"


def test_fold_matches_postgres_unaccent_on_d_with_stroke() -> None:
    assert fold("Đống Đa") == "dong da"


def test_prefix_is_only_removed_at_the_start() -> None:
    assert unit_name_key("Phường Thống Nhất") == "thongnhat"
    assert unit_name_key("Xã Gào") == "gao"


@pytest.mark.parametrize(("language", "vi", "en", "expected"), [
    ("en", "Hồ T'Nưng", "T'Nung Lake", "T'Nung Lake"),
    ("en-us", "Hồ T'Nưng", "T'Nung Lake", "T'Nung Lake"),
    ("en", "Hồ T'Nưng", "", "Hồ T'Nưng"),  # no English text: the Vietnamese one
    ("vi", "Hồ T'Nưng", "T'Nung Lake", "Hồ T'Nưng"),
])
def test_in_language_falls_back_to_vietnamese(language: str, vi: str, en: str, expected: str) -> None:
    assert in_language(language, vi, en) == expected
