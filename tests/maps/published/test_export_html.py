"""The self-contained HTML export: no outside assets, opens with the network off, escapes user text."""

import re
from pathlib import Path

import pytest
from django.test import override_settings
from playwright.sync_api import Browser, Page, Route

from maps.published.exports.html_export import document_html, export_csp
from tests.maps.published.export_documents import TEMPLATE_XSS as XSS
from tests.maps.published.export_documents import sample_document

OUTSIDE_ASSET = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//", re.I)


def _open(browser: Browser, path: Path, requests: list[str]) -> Page:
    """The file in a browser that may read that one file and nothing else (the network is off)."""
    context = browser.new_context(viewport={"width": 1200, "height": 800})

    def only_the_file(route: Route) -> None:
        if route.request.url == path.as_uri():
            route.continue_()
        else:
            requests.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_file)
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_function("() => document.documentElement.getAttribute('data-map-ready') === '1'")
    return page


def test_export_fetches_nothing_from_outside() -> None:
    html = document_html(sample_document())
    assert OUTSIDE_ASSET.search(html) is None
    assert "cdn.jsdelivr" not in html and "code.jquery.com" not in html
    assert "L.map(" in html and "Leaflet" in html  # the vendored library is inline


def test_export_opens_offline_with_every_feature_and_the_legend(browser: Browser, tmp_path: Path) -> None:
    path = tmp_path / "map.html"
    path.write_text(document_html(sample_document()), encoding="utf-8")
    requests: list[str] = []
    page = _open(browser, path, requests)
    try:
        # The glyph symbol is a marker; the dot symbols, the route and the zone are SVG paths.
        assert page.locator(".leaflet-marker-pane .ntm-icon").count() == 1
        assert page.locator(".leaflet-overlay-pane path.leaflet-interactive").count() == 4
        panel = page.locator(".ntm-panel")
        for text in ("Bản đồ OCOP xã Biển Hồ", "3 sao", "4 sao", "Tuyến Biển Hồ", "Cà phê vối",
                     "Dữ liệu: UBND xã Biển Hồ", "http://testserver/m/bien-ho/"):
            assert text in panel.inner_text()
        page.locator(".leaflet-marker-pane .ntm-icon").click()
        assert "Cà phê Biển Hồ" in page.locator(".leaflet-popup-content").inner_text()
        assert page.locator(".leaflet-control-scale").count() == 1
    finally:
        page.context.close()
    assert requests == []


def test_xss_in_title_and_popups_stays_text(browser: Browser, tmp_path: Path) -> None:
    html = document_html(sample_document(title=XSS, point_title=XSS))
    assert "<img src=x" not in html
    path = tmp_path / "map.html"
    path.write_text(html, encoding="utf-8")
    requests: list[str] = []
    page = _open(browser, path, requests)
    try:
        assert page.locator(".ntm-panel h1").inner_text() == XSS
        page.locator(".leaflet-marker-pane .ntm-icon").click()
        assert XSS in page.locator(".leaflet-popup-content").inner_text()
        assert page.locator(".leaflet-popup-content img, .ntm-panel img").count() == 0
        assert page.evaluate("document.title") == XSS  # <title> shows the text; no script renamed it
    finally:
        page.context.close()


def test_csp_allows_only_inline_code_and_the_base_map() -> None:
    assert export_csp() == ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                            "img-src data:; base-uri 'none'; form-action 'none'")
    with override_settings(MAPS_BASE_TILE_URL="https://{s}.tile.example.org/{z}/{x}/{y}.png"):
        assert ("img-src data: https://a.tile.example.org https://b.tile.example.org https://c.tile.example.org;"
                in export_csp())


@pytest.mark.parametrize("colour", ["red;background:url(//evil)", "#12345g"])
def test_colours_that_are_not_hex_never_reach_the_page(colour: str) -> None:
    doc = sample_document()
    layer = doc.layers[0]
    bad = layer.symbols[0].__class__(key="3", label="x", kind="point", color=colour, fill_color=colour, icon="star")
    doc = doc.__class__(**{**doc.__dict__, "layers": (layer.__class__(
        id=layer.id, title=layer.title, symbols=(bad,), features=layer.features),)})
    html = document_html(doc)
    assert colour not in html and "#555555" in html
