"""The upload page in a real browser: log in, upload a file, watch the progress bar give way to the report.

Set NTM_UPLOAD_SCREENSHOT=/some/file.png to keep screenshots for a person to look at: the report
there, the form and the progress bar next to it as <name>-form.png and <name>-progress.png.
"""

import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import override_settings
from playwright.sync_api import Browser, Page

from ingest import jobs
from ingest.pipeline import ImportRequest, Progress
from ingest.report import Report
from layers.models import Role, TourismSite
from layers.services import user_provision
from tests.browser.conftest import local_only_context
from tests.factories import make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mật-khẩu-dài"
SITES = [("Biển Hồ", "nature", 108.01, 14.01), ("Làng Ốp", "culture", 108.02, 14.02),
         ("Chư Đăng Ya", "viewpoint", 108.03, 14.03)]


@pytest.fixture(autouse=True)
def work_dir(tmp_path: Path) -> Iterator[Path]:
    with override_settings(INGEST_WORK_DIR=tmp_path / "work"):
        yield tmp_path / "work"


def test_an_upload_is_followed_from_progress_to_report(browser: Browser, live_server: object, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    make_unit("Biển Hồ", lon=108.0, lat=14.0, size_deg=0.05)
    user_provision(username="promoter", role=Role.TOURISM_PROMOTER, password=PASSWORD)
    release = _hold_imports_after_first_feature(monkeypatch)
    file = tmp_path / "điểm-du-lịch.geojson"
    file.write_text(json.dumps(_collection(SITES)), encoding="utf-8")
    context, outside = local_only_context(browser)
    page = context.new_page()
    script_errors: list[str] = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    try:
        _log_in(page, str(live_server), next_url="/ingest/")
        assert page.get_attribute("html", "lang") == "vi"
        page.set_input_files("#id_file", str(file))
        page.select_option("#id_layer", "tourism_sites")
        _screenshot(page, "-form")
        page.click("#upload_form [type=submit]")
        page.wait_for_url("**/ingest/jobs/*/")
        # job.js has polled once the bar shows the held job's first feature of three.
        page.wait_for_function("() => document.getElementById('job-progress-bar').value === 1 "
                               "&& document.getElementById('job-progress-bar').max === 3")
        _screenshot(page, "-progress")
        release.set()
        page.wait_for_selector("#job-counts", timeout=30_000)  # the page reloaded with the report
        assert page.locator("#job-outcome .success").count() == 1
        assert page.locator("#job-counts td").all_inner_texts()[:3] == ["3", "3", "0"]
        assert page.get_attribute("a[href$='/report.json']", "href")
        _screenshot(page, "")
    finally:
        release.set()
        context.close()
    assert sorted(TourismSite.objects.values_list("name_vi", flat=True)) == sorted(name for name, *_ in SITES)
    assert outside == []
    assert script_errors == []




def _log_in(page: Page, server: str, *, next_url: str) -> None:
    page.goto(f"{server}/admin/login/?next={next_url}")
    page.fill("#id_username", "promoter")
    page.fill("#id_password", PASSWORD)
    page.click("#login-form [type=submit]")
    page.wait_for_url(f"**{next_url}")


def _screenshot(page: Page, suffix: str) -> None:
    if target := os.environ.get("NTM_UPLOAD_SCREENSHOT"):
        path = Path(target)
        page.screenshot(path=str(path.with_stem(path.stem + suffix)), full_page=True)


def _hold_imports_after_first_feature(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Imports of three features finish in milliseconds; hold them so the page can show its progress bar."""
    release = threading.Event()
    real = jobs.ingest_file

    def held(request: ImportRequest, *, progress: Progress | None = None) -> Report:
        if progress:
            progress(1, len(SITES))
        release.wait(timeout=60)
        return real(request, progress=progress)

    monkeypatch.setattr(jobs, "ingest_file", held)
    return release


def _collection(sites: list[tuple[str, str, float, float]]) -> dict[str, object]:
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name_vi": name, "category": category},
         "geometry": {"type": "Point", "coordinates": [lon, lat]}} for name, category, lon, lat in sites]}
