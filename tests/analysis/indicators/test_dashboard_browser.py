"""The dashboard in a real browser: it loads from our server alone, its styles apply under the content
security policy, and each bar is as long as its value (the target mark where the target is).

Set NTM_INDICATORS_SCREENSHOT=/some/file.png to keep a screenshot for a person to look at.
"""

import datetime as dt
import os

import pytest
from playwright.sync_api import Browser

from layers.models import Role
from tests.analysis.indicators.conftest import Programme, linkage, producer, zone
from tests.browser.conftest import signed_in_context
from tests.layers.zone_fixtures import UserFor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _box_width(page: object, selector: str) -> float:
    box = page.locator(selector).bounding_box()  # type: ignore[attr-defined]
    assert box is not None, selector
    return float(box["width"])


def test_bars_show_the_values_and_the_page_breaks_no_policy(
        browser: Browser, live_server: object, programme: Programme, user_for: UserFor) -> None:
    # Cooperation: 2 of 4 units (a cooperative in a, a linkage model in b).
    producer(programme.new["a"])
    linkage(programme.new["b"], zones=(zone(programme.new["b"]),), started_on=dt.date(2022, 1, 1))
    server = str(live_server)
    context, outside = signed_in_context(browser, server, user_for(Role.APPROVER))
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    try:
        page.goto(f"{server}/analysis/indicators/")
        card = "#indicator-cooperation"
        track = _box_width(page, f"{card} .indicator-bar-track")
        assert _box_width(page, f"{card} .indicator-bar-value") == pytest.approx(track * 0.5, rel=0.02)
        target = page.locator(f"{card} .indicator-bar-target").bounding_box()
        bar = page.locator(f"{card} .indicator-bar-track").bounding_box()
        assert target is not None and bar is not None
        assert target["x"] - bar["x"] == pytest.approx(track * 0.7, rel=0.02)
        # The stylesheet applied: an unmet card has its orange edge.
        edge = page.locator(card).evaluate("element => getComputedStyle(element).borderLeftColor")
        assert edge == "rgb(239, 108, 0)"
        assert page.locator("#indicator-dossiers_city .indicator-bar").count() == 0
        if os.environ.get("NTM_INDICATORS_SCREENSHOT"):
            page.screenshot(path=os.environ["NTM_INDICATORS_SCREENSHOT"], full_page=True)
    finally:
        context.close()
    assert outside == []
    assert problems == []
