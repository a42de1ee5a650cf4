"""A published map in a real browser, from our server alone: markers, route, zone and legend draw,
a popup shows a hostile site name as text, the embed draws too, and the composer's preview sets the view."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.contrib.auth.models import AbstractUser
from django.utils import translation
from django.utils.text import capfirst
from playwright.sync_api import Browser, Page, expect

from layers.models import SiteCategory
from tests.browser.conftest import local_only_context, signed_in_context, watched_page
from tests.maps.published.published_fixtures import (
    XSS,
    MapMaker,
    PublishedData,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Waits go through locators, not wait_for_function: the pages' CSP forbids the eval that the latter needs.
READY = "#ntm-published-map[data-ready='1']"
PINS = ".leaflet-marker-pane .ntm-pin"


@contextmanager
def opened(browser: Browser, url: str) -> Iterator[Page]:
    """`url` opened offline, once its map is ready; no outside request or script error may happen."""
    with watched_page(*local_only_context(browser)) as page:
        page.goto(url)
        expect(page.locator(READY)).to_have_count(1)
        yield page


def test_the_page_draws_markers_route_zone_and_legend_offline(
    browser: Browser, live_server: object, published_map: MapMaker, published_data: PublishedData
) -> None:
    made = published_map()
    with opened(browser, f"{live_server}/m/{made.slug}/") as page:
        # Three sites and one producer are markers; the route and the approved zone are paths.
        expect(page.locator(PINS)).to_have_count(4)
        assert page.locator(".leaflet-overlay-pane path.leaflet-interactive").count() == 2
        legend = page.locator("#ntm-published-legend")
        assert legend.locator(".ntm-pub-legend-layer").count() == 4
        with translation.override("vi"):
            nature = str(capfirst(SiteCategory.NATURE.label))
        for label in (nature, "★★★★"):
            assert legend.get_by_text(label, exact=True).count() >= 1, label
        assert legend.locator(".ntm-pin-leaf").count() == 1  # "nature" is drawn with its default leaf
        # Unticking a layer takes its markers off the map.
        legend.locator("input[type=checkbox]").first.uncheck()
        expect(page.locator(PINS)).to_have_count(1)


def test_a_hostile_name_stays_text_in_its_popup(
    browser: Browser, live_server: object, published_map: MapMaker, published_data: PublishedData
) -> None:
    made = published_map()
    with opened(browser, f"{live_server}/m/{made.slug}/") as page:
        page.locator(".leaflet-marker-icon").and_(page.get_by_title(XSS, exact=True)).click()
        popup = page.locator(".leaflet-popup-content .ntm-pub-popup")
        popup.wait_for()
        assert popup.locator(".ntm-pub-popup-title").text_content() == XSS
        assert popup.locator("img, script").count() == 0
        assert page.title() != "pwned"


def test_the_embed_draws_without_the_page_around_it(
    browser: Browser, live_server: object, published_map: MapMaker, published_data: PublishedData
) -> None:
    made = published_map()
    with opened(browser, f"{live_server}/m/{made.slug}/embed/") as page:
        expect(page.locator(PINS)).to_have_count(4)
        assert page.locator(".ntm-header").count() == 0
        assert page.locator(".ntm-published-embed-title").text_content() == "Du lịch Biển Hồ"


def test_panning_the_preview_sets_the_view_fields(
    browser: Browser, live_server: object, published_map: MapMaker, promoter: AbstractUser
) -> None:
    made = published_map(publish=False)
    context, outside = signed_in_context(browser, str(live_server), promoter)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/compose/{made.pk}/")
        page.locator("#ntm-compose-preview").wait_for()
        before = page.locator("#id_centre_lon").input_value()
        page.mouse.move(600, 400)
        box = page.locator("#ntm-compose-preview").bounding_box()
        assert box is not None
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] / 2 - 150, box["y"] + box["height"] / 2, steps=8)
        page.mouse.up()
        expect(page.locator("#id_centre_lon")).not_to_have_value(before)
        assert float(page.locator("#id_centre_lon").input_value()) > float(before)  # dragged west: centre east
    finally:
        context.close()
    assert outside == []
