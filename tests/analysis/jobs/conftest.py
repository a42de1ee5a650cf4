"""Fixtures of the job tests: the sample analyses, users per role, a private media folder, and a real
Celery worker on the test database with its own Redis database."""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import connection

import tests.analysis.jobs.sample_analyses  # noqa: F401  (registers test_squares and test_trouble)
from layers.models import Role
from tests.layers.zone_fixtures import (
    UserFor,
    user_for,  # noqa: F401  (fixture)
)

ROOT = Path(__file__).resolve().parents[3]
# geo_platform.settings_test queues on Redis database 15, flushed by the worker fixture.
TEST_BROKER = settings.CELERY_BROKER_URL
WORKER_SOFT_LIMIT_S = 8
WORKER_MEMORY_LIMIT_MB = 3072
READY_TIMEOUT_S = 90


@pytest.fixture
def planner(user_for: UserFor) -> AbstractUser:  # noqa: F811
    return user_for(Role.PLANNER)


@pytest.fixture
def promoter(user_for: UserFor) -> AbstractUser:  # noqa: F811
    return user_for(Role.TOURISM_PROMOTER)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(scope="module")
def worker(django_db_setup: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A real worker (prefork, one child) on the test database; yields the media folder it writes to."""
    redis.Redis.from_url(TEST_BROKER).flushdb()
    media = tmp_path_factory.mktemp("worker-media")
    log = media.parent / "worker.log"
    env = {
        **os.environ, "DATABASE_URL": f"postgis:///{connection.settings_dict['NAME']}",
        "DJANGO_SETTINGS_MODULE": "geo_platform.settings_test", "CELERY_BROKER_URL": TEST_BROKER,
        "DJANGO_MEDIA_ROOT": str(media), "ANALYSIS_SOFT_TIME_LIMIT_S": str(WORKER_SOFT_LIMIT_S),
        "ANALYSIS_TIME_LIMIT_S": str(WORKER_SOFT_LIMIT_S + 10),
        "ANALYSIS_MEMORY_LIMIT_MB": str(WORKER_MEMORY_LIMIT_MB),
    }
    command = [sys.executable, "-m", "celery", "-A", "geo_platform", "worker", "--pool=prefork",
               "--concurrency=1", "--include=tests.analysis.jobs.sample_analyses", "--without-gossip",
               "--without-mingle", "--loglevel=INFO", f"--logfile={log}"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        _wait_ready(process, log)
        yield media
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_ready(process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The Celery worker exited: {log.read_text() if log.exists() else ''}")
        if log.exists() and " ready." in log.read_text():
            return
        time.sleep(0.2)
    raise RuntimeError(f"The Celery worker was not ready in {READY_TIMEOUT_S} s.")
