"""The analysis pages and a run's endpoints per role: planners and administrators in, promoters and
other roles refused, visitors sent to the login page; refusals shown on the form, nothing stored."""

import math
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.test import Client
from django.urls import reverse

from analysis.jobs.services import run_create, run_execute
from analysis.models import AnalysisRun, RunStatus
from layers.models import Role
from tests.layers.zone_fixtures import UserFor

pytestmark = pytest.mark.django_db


def _client(user: AbstractUser | None) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def finished(media: Path) -> AnalysisRun:
    run = run_create(name="test_squares", raw_params={"count": "2", "raster": "1"}, user=None, enqueue=False)
    return run_execute(run_id=run.pk)


def _run_urls(run: AnalysisRun) -> list[str]:
    return [
        reverse("analysis-run", kwargs={"run_id": run.pk}),
        reverse("analysis-run-status", kwargs={"run_id": run.pk}),
        reverse("analysis-run-features", kwargs={"run_id": run.pk}),
        reverse("analysis-run-file", kwargs={"run_id": run.pk, "name": "squares.csv"}),
    ]


def test_a_planner_sees_the_list_and_the_form(planner: AbstractUser, finished: AnalysisRun) -> None:
    client = _client(planner)
    listing = client.get(reverse("analysis-list"))
    assert listing.status_code == 200
    assert listing.content.count(b"Test squares") == 2  # the analysis, and its run by title
    assert str(finished.pk).encode() in listing.content
    form = client.get(reverse("analysis-form", kwargs={"name": "test_squares"}))
    assert form.status_code == 200
    body = form.content.decode()
    assert 'name="buffer_m"' in body and 'min="1"' in body and 'max="100000"' in body
    assert "From 1 to 100000 m" in body


def test_number_inputs_hold_unlocalised_defaults_in_vietnamese(planner: AbstractUser) -> None:
    client = _client(planner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    body = client.get(reverse("analysis-form", kwargs={"name": "test_squares"})).content.decode()
    assert 'name="side_m" id="param-side_m" value="10.0"' in body  # "10,0" no number input accepts


def test_the_administrator_may_analyse(user_for: UserFor) -> None:
    assert _client(user_for(Role.ADMIN)).get(reverse("analysis-list")).status_code == 200


@pytest.mark.parametrize("role", [Role.TOURISM_PROMOTER, Role.APPROVER])
def test_other_roles_are_refused_everywhere(role: Role, user_for: UserFor, finished: AnalysisRun) -> None:
    client = _client(user_for(role))
    assert client.get(reverse("analysis-list")).status_code == 403
    assert client.get(reverse("analysis-form", kwargs={"name": "test_squares"})).status_code == 403
    assert client.post(reverse("analysis-form", kwargs={"name": "test_squares"}), {}).status_code == 403
    assert [client.get(url).status_code for url in _run_urls(finished)] == [403] * 4
    assert AnalysisRun.objects.count() == 1


def test_visitors_are_sent_to_the_login_page(finished: AnalysisRun) -> None:
    client = _client(None)
    for url in [reverse("analysis-list"), *_run_urls(finished)]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login")), url


@pytest.mark.parametrize("buffer_m", ["0.000001", "1000000000"])
def test_a_refused_post_shows_the_reason_on_the_form_and_stores_nothing(
        buffer_m: str, planner: AbstractUser, django_capture_on_commit_callbacks: object) -> None:
    with django_capture_on_commit_callbacks() as queued:  # type: ignore[operator]
        response = _client(planner).post(reverse("analysis-form", kwargs={"name": "test_squares"}),
                                         {"buffer_m": buffer_m, "count": "3"})
    assert response.status_code == 400
    assert b"buffer_m must lie between 1 and 100000 m" in response.content
    assert f'value="{buffer_m}"'.encode() in response.content  # the planner's input is kept
    assert not AnalysisRun.objects.exists() and queued == []


def test_a_valid_post_queues_a_run_and_goes_to_its_page(
        planner: AbstractUser, django_capture_on_commit_callbacks: object) -> None:
    client = _client(planner)
    with django_capture_on_commit_callbacks() as queued:  # type: ignore[operator]
        response = client.post(reverse("analysis-form", kwargs={"name": "test_squares"}),
                               {"count": "4", "side_m": "", "raster": "on"})
    run = AnalysisRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("analysis-run", kwargs={"run_id": run.pk})
    assert run.params["count"] == 4 and run.params["side_m"] == 10.0 and run.params["raster"] is True
    assert run.created_by == planner and len(queued) == 1
    page = client.get(response["Location"])
    assert b"run-progress-bar" in page.content
    status = client.get(reverse("analysis-run-status", kwargs={"run_id": run.pk})).json()
    assert status["status"] == RunStatus.QUEUED and status["finished"] is False


def test_a_finished_run_page_shows_summary_table_chart_and_downloads(
        planner: AbstractUser, finished: AnalysisRun) -> None:
    client = _client(planner)
    body = client.get(reverse("analysis-run", kwargs={"run_id": finished.pk})).content.decode()
    assert "total_area_m2" in body and "<td>S2</td>" in body
    assert body.count('class="chart-bar chart-series-0"') == 2
    for name in ("squares.csv", "result.xlsx", "features.gpkg", "grid.tif"):
        assert reverse("analysis-run-file", kwargs={"run_id": finished.pk, "name": name}) in body
    assert "<script>" not in body and "style=" not in body


def test_files_are_served_only_from_the_runs_own_list(planner: AbstractUser, finished: AnalysisRun) -> None:
    client = _client(planner)
    download = client.get(reverse("analysis-run-file", kwargs={"run_id": finished.pk, "name": "squares.csv"}))
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).decode("utf-8-sig").startswith("square,side_m,area_m2")
    for name in ("..%2F..%2Fsettings.py", "other.csv", "features.gpkg-journal"):
        url = f"/analysis/runs/{finished.pk}/files/{name}"
        assert client.get(url).status_code == 404, name
    features = client.get(reverse("analysis-run-features", kwargs={"run_id": finished.pk}))
    assert features["Content-Type"] == "application/geo+json"


def test_unknown_runs_and_analyses_are_404(planner: AbstractUser) -> None:
    client = _client(planner)
    assert client.get("/analysis/runs/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/analysis/no_such_analysis/").status_code == 404


def test_a_failed_run_page_shows_its_error(planner: AbstractUser, media: Path) -> None:
    run = run_execute(run_id=run_create(name="test_trouble", raw_params={}, user=None, enqueue=False).pk)
    body = _client(planner).get(reverse("analysis-run", kwargs={"run_id": run.pk})).content.decode()
    assert "The zones layer is empty; load zones first." in body
    assert reverse("analysis-run-file", kwargs={"run_id": run.pk, "name": "squares.csv"}) not in body


def _tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 2**z
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    return int((lon + 180) / 360 * n), int(y)


def test_the_result_raster_is_served_as_xyz_tiles(planner: AbstractUser, promoter: AbstractUser,
                                                  finished: AnalysisRun) -> None:
    x, y = _tile_of(108.05, 14.05, 10)
    inside = reverse("analysis-run-tiles", kwargs={"run_id": finished.pk, "z": 10, "x": x, "y": y})
    outside = reverse("analysis-run-tiles", kwargs={"run_id": finished.pk, "z": 10, "x": 10, "y": 10})
    client = _client(planner)
    tile = client.get(inside)
    assert tile.status_code == 200 and tile["Content-Type"] == "image/png"
    assert tile.content.startswith(b"\x89PNG")
    assert client.get(outside).status_code == 204
    beyond_the_grid = reverse("analysis-run-tiles", kwargs={"run_id": finished.pk, "z": 2, "x": 9, "y": 0})
    assert client.get(beyond_the_grid).status_code == 404
    assert _client(promoter).get(inside).status_code == 403
