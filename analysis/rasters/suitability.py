"""Crop suitability classes from elevation, slope and aspect, by configurable per-crop rules.

Classes: 1 S1 (highly suitable), 2 S2 (suitable), 3 S3 (marginal), 4 N (unsuitable), 0 nodata. A cell
takes the worst class its elevation and its slope allow; on a slope facing away from the crop's
preferred aspects (if any) S1 becomes S2. The rules live in a JSON file (settings.RASTER_SUITABILITY_RULES).
"""

import itertools
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from numpy.typing import NDArray

from analysis.rasters.terrain import ASPECT_CLASSES, CLASS_NODATA

NODATA_CLASS = 0
GRADES = ("S1", "S2", "S3")
CLASS_NAMES = {1: "S1", 2: "S2", 3: "S3", 4: "N"}
UNSUITABLE = 4
# Green to red; nodata stays transparent.
CLASS_COLOURS = {
    1: (26, 150, 65, 255), 2: (166, 217, 106, 255), 3: (253, 174, 97, 255), 4: (215, 25, 28, 255),
}


@dataclass(frozen=True)
class CropRule:
    """For each grade S1–S3, an inclusive elevation band (m) and a maximum slope (degrees)."""

    crop: str
    elevation: tuple[tuple[float, float], ...]
    max_slope: tuple[float, ...]
    preferred_aspects: frozenset[int] = frozenset()

    def classes(self, elevation: NDArray[np.floating], slope: NDArray[np.floating],
                aspect_class: NDArray[np.integer]) -> NDArray[np.uint8]:
        """The class of each cell (arrays of one shape); 0 where elevation or slope is NaN."""
        by_height = np.full(elevation.shape, UNSUITABLE, dtype=np.uint8)
        by_slope = np.full(elevation.shape, UNSUITABLE, dtype=np.uint8)
        # From the loosest grade to the strictest, so the best grade a cell meets is the one kept.
        for grade in range(len(GRADES), 0, -1):
            low, high = self.elevation[grade - 1]
            by_height[(elevation >= low) & (elevation <= high)] = grade
            by_slope[slope <= self.max_slope[grade - 1]] = grade
        classes = np.maximum(by_height, by_slope)
        if self.preferred_aspects:
            facing = np.isin(aspect_class, sorted(self.preferred_aspects)) | (aspect_class == 0)
            classes[(classes == 1) & ~facing & (aspect_class != CLASS_NODATA)] = 2
        classes[~(np.isfinite(elevation) & np.isfinite(slope))] = NODATA_CLASS
        return classes


def rules_crops() -> list[str]:
    """The crops the configured rules cover, in file order."""
    return list(_rules(settings.RASTER_SUITABILITY_RULES, _mtime(settings.RASTER_SUITABILITY_RULES)))


def rule_get(crop: str) -> CropRule:
    """The configured rule of `crop`; KeyError if the rules do not cover it."""
    return _rules(settings.RASTER_SUITABILITY_RULES, _mtime(settings.RASTER_SUITABILITY_RULES))[crop]


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError as error:
        raise ImproperlyConfigured(f"RASTER_SUITABILITY_RULES: {path} cannot be read ({error}).") from None


@lru_cache(maxsize=4)
def _rules(path: Path, _mtime_ns: int) -> dict[str, CropRule]:
    try:
        crops = json.loads(path.read_text(encoding="utf-8"))["crops"]
        return {crop: rule_parse(crop, entry) for crop, entry in crops.items()}
    except (ValueError, KeyError, TypeError) as error:
        raise ImproperlyConfigured(f"RASTER_SUITABILITY_RULES: {path} is not a valid rules file ({error!r}).") from None


def rule_parse(crop: str, entry: dict[str, Any]) -> CropRule:
    """A CropRule from its JSON entry; ValueError when bands do not nest (S1 ⊆ S2 ⊆ S3) or a name is unknown."""
    bands, slopes = entry["elevation_m"], entry["max_slope_deg"]
    elevation = tuple((float(bands[grade][0]), float(bands[grade][1])) for grade in GRADES)
    max_slope = tuple(float(slopes[grade]) for grade in GRADES)
    nested = all(outer[0] <= inner[0] <= inner[1] <= outer[1] for inner, outer in itertools.pairwise(elevation))
    if not nested or list(max_slope) != sorted(max_slope):
        raise ValueError(f"{crop}: the S1, S2, S3 bands and slopes must widen from S1 to S3")
    aspects = list(entry.get("preferred_aspects") or [])
    unknown = set(aspects) - set(ASPECT_CLASSES[1:])
    if unknown:
        raise ValueError(f"{crop}: unknown aspect(s) {sorted(unknown)}")
    return CropRule(crop=crop, elevation=elevation, max_slope=max_slope,
                    preferred_aspects=frozenset(ASPECT_CLASSES.index(name) for name in aspects))
