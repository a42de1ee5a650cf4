"""The showcase and site maps in a real browser, from our server alone: one marker per producer coloured
by its best stars, popups that keep user text as text, the site's photo and marker."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.contrib.auth.models import AbstractUser
from playwright.sync_api import Browser, Page, expect

from layers.models import TourismSite
from layers.site_photos import site_photo_add
from tests.browser.conftest import local_only_context, watched_page
from tests.layers.site_fixtures import XSS, ProductMaker, photo_bytes, upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MARKERS = ".leaflet-overlay-pane path.sites-producer-marker"


@contextmanager
def opened(browser: Browser, url: str) -> Iterator[Page]:
    """The page opened offline, once its base map has loaded; no outside request or script error may happen."""
    with watched_page(*local_only_context(browser)) as page:
        with page.expect_response(lambda r: r.url.endswith("/viewer/base.geojson")):
            page.goto(url)
        yield page


def test_the_showcase_map_draws_one_marker_per_producer(browser: Browser, live_server: object,
                                                        make_product: ProductMaker) -> None:
    make_product("Chè xanh Biển Hồ", stars=4)
    make_product("Trà túi lọc", stars=3)  # same producer: still one marker, at its best (4 stars)
    make_product("Mật ong hoa cà phê", stars=5, group="food", producer="Tổ hợp tác Mật ong", at=(108.02, 14.0))
    make_product("Rau cải", stars=3, group="food", producer=XSS, at=(108.04, 14.01))
    with opened(browser, f"{live_server}/ocop/") as page:
        page.wait_for_selector(MARKERS)
        assert page.locator(MARKERS).count() == 3
        fills = sorted(page.locator(MARKERS).evaluate_all("paths => paths.map(p => p.getAttribute('fill'))"))
        assert fills == ["#b71c1c", "#ef6c00", "#f9a825"]  # 5, 4 and 3 stars
        swatch = page.locator('.sites-swatch[data-stars="5"]').evaluate("s => getComputedStyle(s).backgroundColor")
        assert swatch == "rgb(183, 28, 28)"
        page.locator(MARKERS).nth(2).click()  # the last producer drawn: the one named like a script
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        assert XSS in popup.inner_text() and popup.locator("script, img").count() == 0


def test_the_site_page_shows_its_photo_and_marker(browser: Browser, live_server: object, site: TourismSite,
                                                  administrator: AbstractUser, media: Path) -> None:
    site_photo_add(site=site, upload=upload("tea.jpg", photo_bytes(size=(900, 600))), caption_vi="Đồi chè",
                   caption_en="", credit="", keep_location=False, user=administrator)
    with opened(browser, f"{live_server}/sites/{site.pk}/") as page:
        page.wait_for_selector(".leaflet-overlay-pane path.sites-site-marker")
        image = page.locator(".sites-photo img")
        image.scroll_into_view_if_needed()
        expect(image).to_have_js_property("complete", True)  # a locator wait: the CSP forbids eval
        assert image.evaluate("img => img.naturalWidth") > 0
        assert image.evaluate("img => img.currentSrc").endswith(("/thumb", "/full"))
