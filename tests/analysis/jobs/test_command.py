"""`manage.py analyse`: list, refuse with a non-zero exit before any work, run synchronously, and write
each output format, re-read here with the library that reads it."""

import json
import re
from io import StringIO
from pathlib import Path

import openpyxl
import pandas as pd
import pyogrio
import pytest
import rasterio
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.translation import override

from analysis.models import AnalysisRun, RunStatus

pytestmark = pytest.mark.django_db


def _analyse(*args: str) -> str:
    out = StringIO()
    with override("en"):
        call_command("analyse", *args, stdout=out)
    return out.getvalue()


def test_list_names_every_analysis_with_its_parameters() -> None:
    text = _analyse("--list")
    assert "test_squares – Test squares" in text
    assert "buffer_m (float) · Buffer · [1.0 – 100000.0] m · default 100.0" in text


def test_a_run_prints_its_summary_and_table_and_is_stored(media: Path) -> None:
    text = _analyse("test_squares", "--param", "count=2", "--param", "side_m=5")
    assert "total_area_m2: 50.0" in text
    assert re.search(r"^square\s+side_m\s+area_m2\s*$", text, re.MULTILINE)
    assert re.search(r"^S2\s+5\.0\s+25\.0\s*$", text, re.MULTILINE)
    run = AnalysisRun.objects.get()
    assert run.status == RunStatus.SUCCEEDED and run.params["count"] == 2


@pytest.mark.parametrize("param", ["buffer_m=1e-6", "buffer_m=1e9", "count=0", "nonsense=1", "count"])
def test_bad_parameters_exit_non_zero_and_store_nothing(param: str, media: Path) -> None:
    with pytest.raises(CommandError) as refused:
        _analyse("test_squares", "--param", param)
    assert str(refused.value)
    assert not AnalysisRun.objects.exists()


def test_an_unknown_output_extension_is_refused_before_the_run(media: Path, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"\.gpkg"):
        _analyse("test_squares", "--out", str(tmp_path / "result.shp"))
    assert not AnalysisRun.objects.exists()


def test_a_failing_run_exits_non_zero_with_its_message(media: Path) -> None:
    with pytest.raises(CommandError, match="The zones layer is empty"):
        _analyse("test_trouble", "--param", "mode=error")


def test_out_writes_each_format(media: Path, tmp_path: Path) -> None:
    common = ("test_squares", "--param", "count=3", "--param", "side_m=4", "--param", "raster=yes")
    paths = {ext: tmp_path / f"result{ext}" for ext in (".gpkg", ".geojson", ".csv", ".xlsx", ".tif")}
    for path in paths.values():
        _analyse(*common, "--out", str(path))
    assert pyogrio.read_dataframe(paths[".gpkg"])["area_m2"].tolist() == [16.0] * 3
    assert [f["properties"]["square"] for f in json.loads(paths[".geojson"].read_text())["features"]] == \
        ["S1", "S2", "S3"]
    assert pd.read_csv(paths[".csv"], encoding="utf-8-sig")["side_m"].tolist() == [4.0] * 3
    sheet = openpyxl.load_workbook(paths[".xlsx"])["squares"]
    assert [cell.value for cell in sheet[1]] == ["square", "side_m", "area_m2"]
    assert sheet["C4"].value == 16
    with rasterio.open(paths[".tif"]) as raster:
        assert raster.crs.to_epsg() == 4326 and raster.read(1)[0, 5] == 5


def test_out_refuses_a_part_the_result_does_not_have(media: Path, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"cannot be written as \.tif"):
        _analyse("test_squares", "--out", str(tmp_path / "grid.tif"))
    assert not (tmp_path / "grid.tif").exists()
    with pytest.raises(CommandError, match="no table nope"):
        _analyse("test_squares", "--out", str(tmp_path / "t.csv"), "--table", "nope")
