"""Suitability classes of hand-made cells, and the rules file: shipped crops, checks, configurability."""

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.core.exceptions import ImproperlyConfigured

from analysis.rasters.suitability import CropRule, rule_get, rule_parse, rules_crops
from analysis.rasters.terrain import ASPECT_CLASSES, CLASS_NODATA

ENTRY = {"elevation_m": {"S1": [500, 800], "S2": [400, 1000], "S3": [300, 1200]},
         "max_slope_deg": {"S1": 8, "S2": 15, "S3": 25}, "preferred_aspects": []}


def _classes(rule: CropRule, cells: list[tuple[float, float, str]]) -> list[int]:
    elevation = np.array([cell[0] for cell in cells])
    slope = np.array([cell[1] for cell in cells])
    aspect = np.array([ASPECT_CLASSES.index(cell[2]) if cell[2] else CLASS_NODATA for cell in cells], dtype=np.uint8)
    return rule.classes(elevation, slope, aspect).tolist()


def test_each_cell_takes_the_worst_class_its_elevation_and_slope_allow() -> None:
    rule = rule_parse("coffee", ENTRY)
    cells = [
        (650, 3, "N"),     # both S1
        (800, 8, "E"),     # both S1, on the bounds (inclusive)
        (450, 3, "S"),     # elevation S2
        (650, 12, "W"),    # slope S2
        (350, 20, "flat"),  # both S3
        (1100, 3, "N"),    # elevation S3
        (250, 3, "N"),     # elevation below every band: N
        (650, 30, "N"),    # too steep: N
        (np.nan, 3, ""),   # nodata
        (650, np.nan, ""),
    ]
    assert _classes(rule, cells) == [1, 1, 2, 2, 3, 3, 4, 4, 0, 0]


def test_a_slope_facing_away_from_the_preferred_aspects_lowers_s1_to_s2_only() -> None:
    rule = rule_parse("tea", {**ENTRY, "preferred_aspects": ["N", "NE", "E"]})
    cells = [(650, 3, "NE"), (650, 3, "SW"), (650, 0.1, "flat"), (450, 3, "SW"), (650, 20, "SW")]
    assert _classes(rule, cells) == [1, 2, 1, 2, 3]


@pytest.mark.parametrize(("change", "message"), [
    ({"elevation_m": {"S1": [500, 800], "S2": [600, 1000], "S3": [300, 1200]}}, "widen"),
    ({"max_slope_deg": {"S1": 20, "S2": 15, "S3": 25}}, "widen"),
    ({"preferred_aspects": ["north"]}, "unknown aspect"),
])
def test_rules_that_do_not_nest_are_refused(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        rule_parse("coffee", {**ENTRY, **change})


def test_the_shipped_rules_cover_the_four_crops_of_pleiku() -> None:
    assert {"coffee", "tea", "pepper", "passion_fruit"} <= set(rules_crops())
    coffee = rule_get("coffee")
    assert coffee.elevation[0][0] <= 750 <= coffee.elevation[0][1]  # Pleiku's plateau suits coffee


def test_the_rules_file_is_configurable(settings: Any, tmp_path: Path) -> None:
    path = tmp_path / "rules.json"
    path.write_text(json.dumps({"crops": {"coffee": {**ENTRY, "max_slope_deg": {"S1": 1, "S2": 2, "S3": 3}}}}))
    settings.RASTER_SUITABILITY_RULES = path
    assert rules_crops() == ["coffee"]
    assert rule_get("coffee").max_slope == (1.0, 2.0, 3.0)
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    settings.RASTER_SUITABILITY_RULES = broken
    with pytest.raises(ImproperlyConfigured, match=r"broken\.json is not a valid rules file"):
        rules_crops()
    settings.RASTER_SUITABILITY_RULES = tmp_path / "missing.json"
    with pytest.raises(ImproperlyConfigured, match=r"missing\.json cannot be read"):
        rules_crops()
