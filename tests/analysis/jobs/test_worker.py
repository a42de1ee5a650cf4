"""The job lifecycle with a real Celery worker (prefork, one child) on the test database: a run queued
from the service ends succeeded with its progress seen moving; failures, the soft time limit and the
memory limit end runs failed with their message, and the worker lives on to take the next run."""

import time
from pathlib import Path
from typing import Any

import pytest
from django.utils.translation import gettext, override

from analysis.jobs.services import run_create
from analysis.models import AnalysisRun, RunStatus
from tests.analysis.jobs.conftest import WORKER_MEMORY_LIMIT_MB, WORKER_SOFT_LIMIT_S

pytestmark = pytest.mark.django_db(transaction=True)

WAIT_S = 90


@pytest.fixture(autouse=True)
def _worker_limits(settings: Any) -> None:
    # Runs carry their time limits from the queuing process: this one queues for the worker.
    settings.ANALYSIS_SOFT_TIME_LIMIT_S = WORKER_SOFT_LIMIT_S
    settings.ANALYSIS_TIME_LIMIT_S = WORKER_SOFT_LIMIT_S + 10


def _wait_finished(run: AnalysisRun) -> tuple[AnalysisRun, list[float]]:
    """The run once it has ended, and every progress value seen on the way (polling the row)."""
    seen: list[float] = []
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        run.refresh_from_db()
        seen.append(run.progress)
        if run.status in (RunStatus.SUCCEEDED, RunStatus.FAILED):
            return run, seen
        time.sleep(0.1)
    raise AssertionError(f"run {run.pk} still {run.status} after {WAIT_S} s")


def test_a_queued_run_succeeds_on_the_worker_with_visible_progress(worker: Path) -> None:
    run = run_create(name="test_squares", raw_params={"count": "6", "pause_s": "0.3"}, user=None)
    run, seen = _wait_finished(run)
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.task_id
    assert any(0 < value < 1 for value in seen), seen
    assert seen == sorted(seen)
    assert run.result["summary"] == {"squares": 6, "total_area_m2": 600.0}
    rows = (worker / run.result_dir / "squares.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "square,side_m,area_m2" and rows[1:] == [f"S{i},10.0,100.0" for i in range(1, 7)]


def test_a_failing_analysis_ends_failed_with_its_message(worker: Path) -> None:
    run, _seen = _wait_finished(run_create(name="test_trouble", raw_params={"mode": "error"}, user=None))
    assert run.status == RunStatus.FAILED
    assert run.error == "The zones layer is empty; load zones first."


def test_the_soft_time_limit_ends_the_run_failed_and_the_worker_goes_on(worker: Path) -> None:
    slow, seen = _wait_finished(run_create(name="test_trouble", raw_params={"mode": "slow"}, user=None))
    assert slow.status == RunStatus.FAILED
    # The worker writes in the platform's language.
    with override("vi"):
        expected = gettext("The run took longer than the limit of %(seconds)s s and was stopped.")
    assert slow.error == expected % {"seconds": WORKER_SOFT_LIMIT_S}
    assert "giới hạn" in slow.error
    assert 0 < max(seen) < 1
    after, _seen = _wait_finished(run_create(name="test_squares", raw_params={}, user=None))
    assert after.status == RunStatus.SUCCEEDED


def test_the_memory_limit_ends_the_run_failed_and_the_worker_goes_on(worker: Path) -> None:
    hog, _seen = _wait_finished(run_create(name="test_trouble", raw_params={"mode": "memory"}, user=None))
    assert hog.status == RunStatus.FAILED
    assert str(WORKER_MEMORY_LIMIT_MB) in hog.error
    after, _seen = _wait_finished(run_create(name="test_squares", raw_params={}, user=None))
    assert after.status == RunStatus.SUCCEEDED
