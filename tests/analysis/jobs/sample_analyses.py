"""Small analyses whose answers are known by hand, registered for the job tests only.

The Celery worker the tests start imports this module too (`--include`), so it knows them by name.
"""

import time
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import rasterio
from affine import Affine
from django.conf import settings
from shapely.geometry import box

from analysis.errors import AnalysisError
from analysis.jobs.limits import MIB
from analysis.spec import Analysis, AnalysisRefused, Chart, Param, ParamKind, Result, RunContext, register

ORIGIN_LON, ORIGIN_LAT, STEP_DEG = 108.0, 14.0, 0.01


@register
class Squares(Analysis):
    """`count` squares of `side_m` metres: table rows, areas, features and a chart all known by hand."""

    name = "test_squares"
    title = "Test squares"
    description = "Squares of a known side, one per row."
    params = (
        Param("count", ParamKind.INT, "Count", default=3, minimum=1, maximum=50),
        Param("side_m", ParamKind.FLOAT, "Side", default=10.0, minimum=1.0, maximum=1000.0, unit="m"),
        Param("buffer_m", ParamKind.FLOAT, "Buffer", default=100.0, minimum=1.0, maximum=100_000.0, unit="m"),
        Param("pause_s", ParamKind.FLOAT, "Pause per square", default=0.0, minimum=0.0, maximum=2.0, unit="s"),
        Param("raster", ParamKind.BOOL, "Raster", default=False),
    )

    def refuse(self, values: Any) -> None:
        if values["count"] * values["side_m"] > 10_000:
            raise AnalysisRefused("Too many large squares: count × side must stay under 10 000 m.")

    def run(self, values: Any, context: RunContext) -> Result:
        count, side = values["count"], values["side_m"]
        for index in range(count):
            time.sleep(values["pause_s"])
            context.progress((index + 1) / count, f"square {index + 1} of {count}")
        table = pd.DataFrame({"square": [f"S{i + 1}" for i in range(count)], "side_m": [side] * count,
                              "area_m2": [side * side] * count})
        features = gpd.GeoDataFrame(
            {"square": table["square"], "area_m2": table["area_m2"]},
            geometry=[box(ORIGIN_LON + i * STEP_DEG, ORIGIN_LAT, ORIGIN_LON + i * STEP_DEG + 0.005,
                          ORIGIN_LAT + 0.005) for i in range(count)], crs="EPSG:4326")
        return Result(
            tables={"squares": table}, features=features,
            raster=_raster(context) if values["raster"] else None,
            charts=(Chart(table="squares", x="square", y=("area_m2",), title="Area per square"),),
            summary={"squares": count, "total_area_m2": count * side * side},
        )


def _raster(context: RunContext) -> Any:
    path = context.work_dir / "grid.tif"
    values = np.arange(100, dtype="float32").reshape(10, 10)
    with rasterio.open(path, "w", driver="GTiff", width=10, height=10, count=1, dtype="float32",
                       crs="EPSG:4326", transform=Affine(0.01, 0, ORIGIN_LON, 0, -0.01, ORIGIN_LAT + 0.1)) as out:
        out.write(values, 1)
    return path


@register
class Trouble(Analysis):
    """Fails on purpose in the way `mode` names."""

    name = "test_trouble"
    title = "Test trouble"
    params = (
        Param("mode", ParamKind.CHOICE, "Mode", default="error",
              choices=(("error", "error"), ("crash", "crash"), ("slow", "slow"), ("memory", "memory"))),
    )

    def run(self, values: Any, context: RunContext) -> Result:
        mode = values["mode"]
        if mode == "error":
            raise AnalysisError("The zones layer is empty; load zones first.")
        if mode == "crash":
            raise ZeroDivisionError("internal detail that must not reach the page")
        if mode == "memory":
            # More address space than the whole limit: refused at once under the limit; without it the
            # pages are never touched, so a broken limit fails the test instead of eating the machine.
            np.empty(settings.ANALYSIS_MEMORY_LIMIT_MB * MIB + 64 * MIB, dtype=np.uint8)
            return Result(summary={"allocated": True})
        for step in range(600):
            time.sleep(0.1)
            context.progress(step / 600, "sleeping")
        return Result(summary={"slept": True})
