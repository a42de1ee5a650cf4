"""The run service in this process: refusal before anything is stored or queued, execution, stored
files re-read, failures worded for the planner, runs whose worker died."""

import json
from datetime import timedelta
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import rasterio
from django.utils import timezone
from django.utils.translation import override
from shapely.geometry import Point

from analysis.errors import AnalysisError
from analysis.jobs.services import run_create, run_execute, runs_fail_stale
from analysis.jobs.storage import result_store
from analysis.models import AnalysisRun, RunStatus
from analysis.spec import AnalysisRefused, Result

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("buffer_m", ["1e-6", "1e9", "abc", "nan"])
def test_a_buffer_out_of_range_is_refused_before_anything_is_stored_or_queued(
        buffer_m: str, django_capture_on_commit_callbacks: object) -> None:
    with django_capture_on_commit_callbacks() as queued, pytest.raises(AnalysisRefused) as refused:  # type: ignore[operator]
        run_create(name="test_squares", raw_params={"buffer_m": buffer_m}, user=None)
    assert "buffer_m" in str(refused.value)
    assert not AnalysisRun.objects.exists()
    assert queued == []


def test_the_analysis_refusal_step_runs_before_queuing(django_capture_on_commit_callbacks: object) -> None:
    with django_capture_on_commit_callbacks() as queued, pytest.raises(AnalysisRefused, match="Too many"):  # type: ignore[operator]
        run_create(name="test_squares", raw_params={"count": "50", "side_m": "500"}, user=None)
    assert not AnalysisRun.objects.exists()
    assert queued == []


def test_unknown_analyses_and_parameters_are_refused() -> None:
    with override("en"):
        with pytest.raises(AnalysisRefused, match="No analysis named nothing"):
            run_create(name="nothing", raw_params={}, user=None)
        with pytest.raises(AnalysisRefused, match="Unknown parameter"):
            run_create(name="test_squares", raw_params={"radius": "3"}, user=None)


def test_a_valid_run_is_stored_with_typed_parameters_and_queued_once(
        django_capture_on_commit_callbacks: object) -> None:
    with django_capture_on_commit_callbacks() as queued:  # type: ignore[operator]
        run = run_create(name="test_squares", raw_params={"count": "2", "side_m": "12,5"}, user=None)
    assert len(queued) == 1
    run.refresh_from_db()
    assert run.status == RunStatus.QUEUED
    assert run.params == {"count": 2, "side_m": 12.5, "buffer_m": 100.0, "pause_s": 0.0, "raster": False}


def test_run_execute_stores_every_part_of_the_result(media: Path) -> None:
    run = run_create(name="test_squares", raw_params={"count": "3", "side_m": "20", "raster": "yes"},
                     user=None, enqueue=False)
    run = run_execute(run_id=run.pk)
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.progress == 1.0 and run.started_at and run.finished_at
    folder = media / run.result_dir
    assert run.result["summary"] == {"squares": 3, "total_area_m2": 1200.0}
    (table,) = run.result["tables"]
    assert table["columns"] == ["square", "side_m", "area_m2"] and table["row_count"] == 3
    assert table["rows"][2] == ["S3", 20.0, 400.0]
    assert pd.read_csv(folder / "squares.csv")["area_m2"].tolist() == [400.0] * 3
    assert pd.read_excel(folder / "result.xlsx", sheet_name="squares")["square"].tolist() == ["S1", "S2", "S3"]
    features = pyogrio.read_dataframe(folder / "features.gpkg")
    assert features.crs.to_epsg() == 4326 and features["square"].tolist() == ["S1", "S2", "S3"]
    assert len(json.loads((folder / "features.geojson").read_text())["features"]) == 3
    with rasterio.open(folder / "grid.tif") as raster:
        assert raster.read(1)[9, 9] == 99
    assert run.result["charts"][0]["categories"] == ["S1", "S2", "S3"]
    assert run.result["charts"][0]["values"] == [[400.0, 400.0, 400.0]]
    assert set(run.result["files"]) == {"squares.csv", "result.xlsx", "features.gpkg", "features.geojson",
                                        "grid.tif"}
    assert run.result["raster"]["bounds"] == pytest.approx([108.0, 14.0, 108.1, 14.1])


def test_an_analysis_error_is_shown_as_it_is(media: Path) -> None:
    run = run_create(name="test_trouble", raw_params={"mode": "error"}, user=None, enqueue=False)
    run = run_execute(run_id=run.pk)
    assert run.status == RunStatus.FAILED
    assert run.error == "The zones layer is empty; load zones first."


def test_an_unexpected_error_is_logged_and_named_by_the_run_id(media: Path, caplog: pytest.LogCaptureFixture) -> None:
    run = run_create(name="test_trouble", raw_params={"mode": "crash"}, user=None, enqueue=False)
    with override("en"):
        run = run_execute(run_id=run.pk)
    assert run.status == RunStatus.FAILED
    assert str(run.pk) in run.error and "unexpected error" in run.error
    assert "internal detail" not in run.error
    assert "ZeroDivisionError" in caplog.text


def test_the_memory_limit_fails_the_run_and_is_lifted_afterwards(media: Path, settings: object) -> None:
    settings.ANALYSIS_MEMORY_LIMIT_MB = 2048  # type: ignore[attr-defined]
    run = run_create(name="test_trouble", raw_params={"mode": "memory"}, user=None, enqueue=False)
    with override("en"):
        run = run_execute(run_id=run.pk)
    assert run.status == RunStatus.FAILED
    assert "more memory than the limit of 2048 MiB" in run.error
    after = run_execute(run_id=run_create(name="test_squares", raw_params={}, user=None, enqueue=False).pk)
    assert after.status == RunStatus.SUCCEEDED


def test_a_run_taken_already_is_not_run_twice(media: Path) -> None:
    run = run_create(name="test_squares", raw_params={}, user=None, enqueue=False)
    first = run_execute(run_id=run.pk)
    again = run_execute(run_id=run.pk)
    assert again.status == RunStatus.SUCCEEDED and again.finished_at == first.finished_at


def test_a_run_running_past_the_hard_limit_is_marked_failed(settings: object) -> None:
    limit = settings.ANALYSIS_TIME_LIMIT_S  # type: ignore[attr-defined]
    stuck = AnalysisRun.objects.create(analysis="test_squares", status=RunStatus.RUNNING,
                                       started_at=timezone.now() - timedelta(seconds=limit + 120))
    fresh = AnalysisRun.objects.create(analysis="test_squares", status=RunStatus.RUNNING,
                                       started_at=timezone.now())
    assert runs_fail_stale() == 1
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.status == RunStatus.FAILED and stuck.error and stuck.finished_at
    assert fresh.status == RunStatus.RUNNING


def test_features_not_in_wgs84_fail_the_run(media: Path) -> None:
    features = gpd.GeoDataFrame({"a": [1]}, geometry=[Point(500000, 1500000)], crs="EPSG:9218")
    with pytest.raises(AnalysisError, match="EPSG:4326"):
        result_store(result=Result(features=features), work_dir=media)
