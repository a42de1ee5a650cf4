"""The run page in a real browser: it follows a queued run until it ends, then shows the table, the
chart and the result's features and raster on the map, from our server alone and without script errors
or content-security-policy violations.

Set NTM_RUN_SCREENSHOT=/some/file.png to keep a screenshot of the finished page for a person to look at.
"""

import os
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import AbstractUser
from django.urls import reverse
from playwright.sync_api import Browser

from analysis.jobs.services import run_create, run_execute
from tests.browser.conftest import signed_in_context, watched_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_run_page_follows_the_run_then_shows_table_chart_and_map(
        browser: Browser, live_server: object, planner: AbstractUser, media: Path) -> None:
    server = str(live_server)
    run = run_create(name="test_squares", raw_params={"count": "3", "side_m": "7", "raster": "1"},
                     user=None, enqueue=False)
    with watched_page(*signed_in_context(browser, server, planner)) as page:
        page.goto(server + reverse("analysis-run", kwargs={"run_id": run.pk}))
        assert page.locator("#run-progress-bar").is_visible()
        # The worker's part, done here: the page's poller must notice the end and show the result.
        run_execute(run_id=run.pk)
        page.wait_for_selector(".analysis-result-table table", timeout=20_000)
        cells = page.locator(".analysis-result-table tbody tr").all_inner_texts()
        # Vietnamese number format: decimal comma.
        assert [cell.split("\t") for cell in cells] == [[f"S{i}", "7,0", "49,0"] for i in (1, 2, 3)]
        assert page.locator("svg .chart-bar").count() == 3
        # Selectors, not wait_for_function: the page's policy forbids the eval that would need.
        page.wait_for_selector('#run-map[data-features="3"]')
        assert page.locator("#run-map path.run-feature").count() == 3
        page.wait_for_selector(f'#run-map img.leaflet-tile-loaded[src*="/runs/{run.pk}/tiles/"]', state="attached")
        assert page.locator(".leaflet-control-layers-overlays label").count() >= 3
        if screenshot := os.environ.get("NTM_RUN_SCREENSHOT"):
            page.wait_for_load_state("networkidle")
            page.screenshot(path=screenshot, full_page=True)


def test_a_finished_run_opens_on_the_platforms_map_over_its_layers(
        browser: Browser, live_server: object, planner: AbstractUser, media: Path) -> None:
    server = str(live_server)
    run = run_create(name="test_squares", raw_params={"count": "3", "raster": "1"}, user=None, enqueue=False)
    run_execute(run_id=run.pk)
    with watched_page(*signed_in_context(browser, server, planner)) as page:
        page.goto(server + reverse("analysis-run", kwargs={"run_id": run.pk}))
        page.click(".analysis-viewer-link")
        page.wait_for_selector('#ntm-map[data-linked-features="3"]')
        labels = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
        assert any(label.strip().startswith("Test squares ·") for label in labels), labels
        assert any(label.strip().endswith("· raster") for label in labels), labels
        page.wait_for_selector(f'img.leaflet-tile-loaded[src*="/runs/{run.pk}/tiles/"]', state="attached")
        assert page.locator(".leaflet-overlay-pane path.leaflet-interactive").count() >= 3


def test_the_map_follows_only_this_sites_paths_and_keeps_a_linked_title_as_text(
        browser: Browser, live_server: object, planner: AbstractUser) -> None:
    server = str(live_server)
    hostile = '<img src=x id=pwned onerror="document.title=1">'
    with watched_page(*signed_in_context(browser, server, planner)) as page:
        page.goto(server + "/?" + urlencode({"geojson": "//elsewhere.example/x.geojson",
                                             "xyz": "https://elsewhere.example/{z}/{x}/{y}.png",
                                             "title": hostile}))
        page.wait_for_selector(".leaflet-control-layers")
        assert page.locator("#pwned").count() == 0
        assert page.locator(".leaflet-control-layers-overlays label", has_text="raster").count() == 0
    # watched_page has asserted that no request left the machine.
    # A path of ours that answers 404 (the browser logs that, so this page is not watched for errors).
    context, _outside = signed_in_context(browser, server, planner)
    try:
        page = context.new_page()
        page.goto(server + "/?" + urlencode({"geojson": "/analysis/runs/0/none.geojson", "title": hostile}))
        page.wait_for_selector(".ntm-linked-notice")
        assert page.locator("#pwned").count() == 0
    finally:
        context.close()
