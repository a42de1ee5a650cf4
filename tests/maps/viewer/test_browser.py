"""The public map in a real browser, from our server alone: the vector tiles draw, the legend lists the
layers, "bien ho" finds Biển Hồ and moves the map, a zone's popup speaks Vietnamese, measuring works.

Set NTM_VIEWER_SCREENSHOTS=/some/folder to keep a screenshot of each step for a person to look at.
"""

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page

from tests.browser.conftest import local_only_context
from tests.factories import make_unit
from tests.maps.viewer.conftest import Place, make_place

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERLAY_PATH = ".leaflet-overlay-pane svg path.leaflet-interactive"
# Functions, not expressions: Playwright evals an expression on each poll, which the page's
# Content-Security-Policy refuses (a function is evaluated once, by the browser's debugger).
SETTLED = ("() => window.ntmViewer && [...window.ntmViewer.overlays.byId.values()]"
           ".every(({layer}) => !window.ntmViewer.map.hasLayer(layer) || !layer.isLoading())")
VI_NUMBER = re.compile(r"\d{1,3}(\.\d{3})*(,\d+)? (m|km)")


@dataclass
class Visit:
    page: Page
    server: str
    place: Place
    outside: list[str]
    errors: list[str] = field(default_factory=list)

    def call(self, script: str) -> object:
        return self.page.evaluate(script)

    def settle(self) -> None:
        """Wait until every overlay on the map has drawn its tiles. Playwright's sync API answers the
        offline context's routes only while it waits, so a test must wait this way, not sleep."""
        self.page.wait_for_function(SETTLED)

    def screenshot(self, shots: Path, name: str) -> None:
        self.settle()
        self.page.screenshot(path=str(shots / f"viewer-{name}.png"))


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("NTM_VIEWER_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextmanager
def visit(browser: Browser, live_server: object, language: str | None = None) -> Iterator[Visit]:
    """The viewer opened offline; on leaving, no outside request and no script error may have happened."""
    server = str(live_server)
    place = make_place()
    context, outside = local_only_context(browser)
    if language:
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": server}])
    page = context.new_page()
    current = Visit(page, server, place, outside)
    page.on("pageerror", lambda error: current.errors.append(str(error)))
    try:
        with page.expect_response(lambda r: "/tiles/zones/" in r.url and r.status == 200) as tile:
            page.goto(server + "/")
        assert tile.value.headers["content-type"] == "application/vnd.mapbox-vector-tile"
        page.wait_for_selector(OVERLAY_PATH)
        page.wait_for_function("() => window.ntmViewer !== undefined")
        yield current
        current.settle()
    finally:
        context.close()
    assert outside == [], f"the page asked other servers for {outside}"
    assert current.errors == []


def test_the_map_draws_offline_from_our_tiles_with_a_legend(browser: Browser, live_server: object,
                                                           shots: Path) -> None:
    with visit(browser, live_server) as v:
        v.page.wait_for_selector(".ntm-unit-label >> text=Biển Hồ")
        assert v.page.locator(".ntm-unit-label").all_inner_texts() == ["Biển Hồ", "Đak Đoa"]
        legend = v.page.locator(".ntm-legend").inner_text()
        for title in ("Thửa đất", "Vùng trồng", "Chủ thể OCOP", "Điểm du lịch", "Cà phê", "Thiên nhiên"):
            assert title in legend
        assert "Đơn vị hành chính" not in legend  # switched off at start
        assert v.page.locator(".leaflet-control-layers").inner_text().count("Đơn vị hành chính") == 1
        v.screenshot(shots, "start")


def test_the_legend_follows_the_layer_switcher(browser: Browser, live_server: object) -> None:
    with visit(browser, live_server) as v:
        v.page.locator(".leaflet-control-layers label", has_text="Vùng trồng").locator("input").uncheck()
        assert "Vùng trồng" not in v.page.locator(".ntm-legend").inner_text()
        v.page.locator(".leaflet-control-layers label", has_text="Đơn vị hành chính").locator("input").check()
        assert "Đơn vị hành chính" in v.page.locator(".ntm-legend").inner_text()


def test_bien_ho_is_found_and_the_map_moves_to_it(browser: Browser, live_server: object, shots: Path) -> None:
    with visit(browser, live_server) as v:
        before = v.call("[window.ntmViewer.map.getCenter().lat, window.ntmViewer.map.getCenter().lng]")
        v.page.fill("#ntm-search-input", "bien ho")
        lake = v.page.locator(".ntm-search-result", has_text="Biển Hồ (hồ T'Nưng)")
        lake.wait_for()
        assert v.page.locator(".ntm-search-result", has_text="Xã Biển Hồ").count() >= 1
        v.screenshot(shots, "search")
        lake.click()
        v.page.wait_for_function("() => window.ntmViewer.map.getZoom() === 17")
        v.settle()
        # The site is drawn, highlighted, at the centre of the map.
        v.page.wait_for_selector(".leaflet-ntm-layer-tourism_sites-pane path[stroke='#ff6f00']")
        after = v.call("[window.ntmViewer.map.getCenter().lat, window.ntmViewer.map.getCenter().lng]")
        assert after != before
        assert after == pytest.approx([13.99, 107.985], abs=1e-4)
        assert v.page.locator("#ntm-search-results").is_hidden()
        v.screenshot(shots, "found")


def test_a_zone_popup_shows_its_properties_in_vietnamese(browser: Browser, live_server: object,
                                                          shots: Path) -> None:
    with visit(browser, live_server) as v:
        v.call("window.ntmViewer.map.setView([13.975, 107.975], 15, {animate: false})")
        v.settle()
        point = v.call("(() => { const p = window.ntmViewer.map.latLngToContainerPoint([13.975, 107.975]);"
                       " return [p.x, p.y]; })()")
        box = v.page.locator("#ntm-map").bounding_box()
        assert box is not None and isinstance(point, list)
        v.page.mouse.click(box["x"] + point[0], box["y"] + point[1])
        popup = v.page.locator(".ntm-popup")
        popup.wait_for()
        v.page.wait_for_function("() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")
        text = popup.inner_text()
        assert v.page.locator(".leaflet-popup-close-button").get_attribute("aria-label") == "Đóng"
        assert v.page.locator(".leaflet-control-layers-toggle").get_attribute("title") == "Lớp bản đồ"
        assert "VN-GLOR-0138 – Vùng cà phê Robusta Biển Hồ" in text
        for label, value in (("Mã số vùng trồng", "VN-GLOR-0138"), ("Cây trồng", "Cà phê"),
                             ("Trạng thái", "Đã phê duyệt"), ("Diện tích đăng ký (ha)", "1.234,5"),
                             ("Thị trường", "Trung Quốc, Liên minh châu Âu")):
            assert re.search(rf"{re.escape(label)}\s+{re.escape(value)}", text), (label, value, text)
        assert popup.locator(".ntm-popup-page").count() == 0  # a zone has no page of its own
        v.screenshot(shots, "popup")


def test_a_site_popup_links_to_the_sites_own_page(browser: Browser, live_server: object) -> None:
    with visit(browser, live_server) as v:
        v.call("window.ntmViewer.map.setView([13.99, 107.985], 17, {animate: false})")
        v.settle()
        # The lake's marker sits on a tile edge, which clips its lower half: click its upper part.
        box = v.page.locator(".leaflet-ntm-layer-tourism_sites-pane path").bounding_box()
        assert box is not None
        v.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 4)
        link = v.page.locator(".ntm-popup .ntm-popup-page a")
        link.wait_for()
        assert link.get_attribute("href") == f"/sites/{v.place.lake.pk}/"
        assert link.inner_text() == "Ảnh, giờ mở cửa và sản phẩm"
        with v.page.context.expect_page() as opened:
            link.click(modifiers=["Control"])  # a new tab, so the viewer stays for the checks on leaving
        site_page = opened.value
        site_page.wait_for_load_state()
        assert "Biển Hồ (hồ T'Nưng)" in site_page.locator("h1").inner_text()


def test_measuring_a_distance_and_an_area(browser: Browser, live_server: object, shots: Path) -> None:
    with visit(browser, live_server) as v:
        box = v.page.locator("#ntm-map").bounding_box()
        assert box is not None
        x, y = box["x"] + 400, box["y"] + 400
        v.page.click(".ntm-tool-distance")
        v.page.mouse.click(x, y)
        v.page.mouse.click(x + 200, y)
        v.page.mouse.dblclick(x + 200, y + 150)
        output = v.page.locator(".ntm-measure-output").inner_text()
        assert VI_NUMBER.search(output), output
        zoom = v.call("window.ntmViewer.map.getZoom()")
        assert zoom == 12  # the double-click finished the line and did not zoom
        v.page.click(".ntm-tool-area")
        for dx, dy in ((0, 0), (200, 0), (200, 150)):
            v.page.mouse.click(x + dx, y + dy)
        v.page.keyboard.press("Escape")
        area = v.page.locator(".ntm-measure-output").inner_text()
        assert re.search(r"\d+(,\d+)? ha", area), area
        v.screenshot(shots, "measure")
        v.page.keyboard.press("Escape")
        assert v.page.locator(".ntm-measure-output").is_hidden()


def test_locating_without_permission_says_so(browser: Browser, live_server: object) -> None:
    with visit(browser, live_server) as v:
        v.page.click(".ntm-tool-locate")
        v.page.wait_for_selector(".ntm-toast-error")


def test_the_english_map_speaks_english(browser: Browser, live_server: object, shots: Path) -> None:
    with visit(browser, live_server, language="en") as v:
        legend = v.page.locator(".ntm-legend").inner_text()
        assert "Cultivation zones" in legend and "Coffee" in legend
        assert v.page.locator(".ntm-nav").inner_text().count("Tiếng Việt") == 1
        v.screenshot(shots, "english")


def test_names_are_shown_as_text_never_as_markup(browser: Browser, live_server: object) -> None:
    hostile = "<img src=/nothing onerror=window.pwned=1>Ia Ly"
    make_unit(hostile, lon=107.92, lat=13.96, size_deg=0.04)
    with visit(browser, live_server) as v:
        v.page.wait_for_selector(".ntm-unit-label >> text=Ia Ly")
        assert hostile in v.page.locator(".ntm-unit-label").all_inner_texts()
        v.page.fill("#ntm-search-input", "ia ly")
        result = v.page.locator(".ntm-search-result .ntm-result-label", has_text="Ia Ly")
        result.wait_for()
        assert result.inner_text() == f"Xã {hostile}"
        assert v.call("window.pwned === undefined") is True
        assert v.page.locator(".ntm-viewer img[src='/nothing']").count() == 0
