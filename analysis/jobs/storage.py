"""A run's Result written to its folder, and the JSON description the pages and downloads read.

Each table becomes a CSV file and a sheet of one XLSX workbook, the features a GeoPackage and a GeoJSON
file for the map, a raster stays the GeoTIFF the analysis wrote. The description keeps the first rows
of each table and the chart data, so the result page needs no file to render.
"""

import math
from pathlib import Path
from typing import Any

import pandas as pd
import pyogrio
import rasterio
import rasterio.warp
from django.utils.translation import gettext as _

from analysis.errors import AnalysisError
from analysis.spec import Chart, Result

PREVIEW_ROWS = 100
CHART_MAX_BARS = 40
WORKBOOK = "result.xlsx"
FEATURES_GPKG = "features.gpkg"
FEATURES_GEOJSON = "features.geojson"
JSON = dict[str, Any]


def result_store(*, result: Result, work_dir: Path) -> JSON:
    """Write the result's files into `work_dir` and describe them; `files` lists every downloadable
    file by its name relative to `work_dir`, and only those may be served."""
    description: JSON = {"summary": _json_safe(result.summary), "tables": [], "charts": [], "files": []}
    if result.tables:
        description["tables"] = [_table_store(name, frame, work_dir) for name, frame in result.tables.items()]
        _workbook_store(result.tables, work_dir / WORKBOOK)
        description["files"] += [table["csv"] for table in description["tables"]] + [WORKBOOK]
    description["charts"] = [_chart_data(chart, result.tables) for chart in result.charts]
    if result.features is not None:
        description["features"] = _features_store(result, work_dir)
        description["files"] += [FEATURES_GPKG, FEATURES_GEOJSON]
    if result.raster is not None:
        description["raster"] = _raster_describe(result.raster, work_dir)
        description["files"].append(description["raster"]["file"])
    return description


def _table_store(name: str, frame: pd.DataFrame, work_dir: Path) -> JSON:
    csv = f"{name}.csv"
    frame.to_csv(work_dir / csv, index=False, encoding="utf-8-sig")
    preview = frame.head(PREVIEW_ROWS)
    return {
        "name": name,
        "columns": [str(column) for column in frame.columns],
        "rows": [[_json_safe(value) for value in row] for row in preview.itertuples(index=False)],
        "row_count": len(frame),
        "csv": csv,
    }


def _workbook_store(tables: dict[str, pd.DataFrame], path: Path) -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in tables.items():
            # Excel caps sheet names at 31 characters and forbids a few of them.
            sheet = "".join(c for c in name if c not in "[]:*?/\\")[:31] or "table"
            frame.to_excel(writer, sheet_name=sheet, index=False)


def _chart_data(chart: Chart, tables: dict[str, pd.DataFrame]) -> JSON:
    frame = tables.get(chart.table)
    if frame is None or chart.x not in frame or any(column not in frame for column in chart.y):
        raise AnalysisError(_("Chart %(title)s names a table or column the result does not have.")
                            % {"title": chart.title or chart.table})
    shown = frame.head(CHART_MAX_BARS)
    return {
        "title": str(chart.title), "table": chart.table, "x": chart.x, "series": list(chart.y),
        "categories": [str(value) for value in shown[chart.x]],
        "values": [[_number(value) for value in shown[column]] for column in chart.y],
        "truncated": len(frame) > CHART_MAX_BARS,
    }


def _features_store(result: Result, work_dir: Path) -> JSON:
    features = result.features
    assert features is not None
    if features.crs is None or features.crs.to_epsg() != 4326:
        raise AnalysisError(_("The result's features must be in EPSG:4326."))
    pyogrio.write_dataframe(features, work_dir / FEATURES_GPKG, layer="features", driver="GPKG")
    pyogrio.write_dataframe(features, work_dir / FEATURES_GEOJSON, driver="GeoJSON")
    bounds = [float(value) for value in features.total_bounds] if len(features) else None
    return {"count": len(features), "gpkg": FEATURES_GPKG, "geojson": FEATURES_GEOJSON,
            "bounds": bounds if bounds and all(math.isfinite(b) for b in bounds) else None}


def _raster_describe(raster: Path, work_dir: Path) -> JSON:
    path = raster if raster.is_absolute() else work_dir / raster
    try:
        name = str(path.resolve().relative_to(work_dir.resolve()))
    except ValueError:
        raise AnalysisError(_("The result raster must be written inside the run's folder.")) from None
    with rasterio.open(path) as dataset:
        bounds = rasterio.warp.transform_bounds(dataset.crs, "EPSG:4326", *dataset.bounds)
        return {"file": name, "crs": dataset.crs.to_string(), "width": dataset.width,
                "height": dataset.height, "bounds": [float(value) for value in bounds]}


def _number(value: Any) -> float | None:
    number = _json_safe(value)
    return float(number) if isinstance(number, int | float) and not isinstance(number, bool) else None


def _json_safe(value: Any) -> Any:
    """A value JSON can hold: numpy scalars unwrapped, NaN and infinities as null, the rest as text."""
    if isinstance(value, dict):
        return {str(key): _json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(item) for item in value]
    if hasattr(value, "item") and callable(value.item):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if value is pd.NaT or value is pd.NA:
        return None
    return str(value)
