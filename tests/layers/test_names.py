"""Unit names as registries write them resolve to the same key."""

import pytest

from layers.names import clean_text, fold, unit_name_key


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
