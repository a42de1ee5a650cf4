"""Every page passes the Content-Security-Policy in a real browser, and still works under it.

Chromium reports each refused script, style, image or connection as a `securitypolicyviolation` event
and a console message; a page passes when neither appears while it loads and is used. Each test also
checks that the page did its job (tiles drawn, toolbar present, map widget drawn), so a page the
policy silently broke cannot pass.

Waits on the page are functions (`wait_for_function("() => …")`): Playwright evals an expression on
every poll, which the policy refuses ('unsafe-eval'), while a function is evaluated once, by the
browser's debugger, which the policy lets through.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, Page

from ingest.models import ImportJob, JobStatus
from layers.models import CultivationZone, Role
from layers.services import user_provision
from tests.browser.conftest import local_only_context, signed_in_context
from tests.editor.browser import Visit as EditorVisit
from tests.editor.browser import make_place as make_editor_place
from tests.factories import box, make_unit
from tests.maps.viewer.conftest import make_place as make_viewer_place
from tests.maps.viewer.test_browser import SETTLED

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORTED = "CSP violation:"
# An init script is run by the browser itself, before the page's own scripts and outside the policy.
REPORT_VIOLATIONS = f"""
document.addEventListener('securitypolicyviolation', (event) => {{
    const where = `${{event.sourceFile}}:${{event.lineNumber}}`;
    console.error(`{REPORTED} ${{event.effectiveDirective}} ${{event.blockedURI}} at ${{where}}`);
}});
"""


@dataclass
class Watch:
    page: Page
    server: str
    violations: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, path: str) -> None:
        """Go to `path` and check that the policy came with the page."""
        response = self.page.goto(self.server + path)
        assert response is not None and response.ok, path
        policy = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in policy, f"{path} came without the policy: {policy!r}"


@contextmanager
def watched(context: BrowserContext, outside: list[str], server: str) -> Iterator[Watch]:
    """A page of `context` whose policy violations and script errors are collected; on leaving, there may
    be none, and no request may have left our server."""
    page = context.new_page()
    watch = Watch(page, server)
    page.add_init_script(REPORT_VIOLATIONS)
    page.on("console", lambda message: _keep_violation(watch.violations, message.text))
    page.on("pageerror", lambda error: watch.errors.append(str(error)))
    try:
        yield watch
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert watch.violations == [], "\n".join(watch.violations)
    assert watch.errors == []
    assert outside == []


def _keep_violation(violations: list[str], text: str) -> None:
    if text.startswith(REPORTED) or "Content Security Policy" in text:
        violations.append(text)


def _zone() -> CultivationZone:
    unit = make_unit("Biển Hồ", lon=107.96, lat=13.98, size_deg=0.04)
    zone = CultivationZone.objects.create(name="Vùng cà phê Biển Hồ", crop="coffee", code="VN-GLOR-0065",
                                          status="approved", geometry=box(107.97, 13.99, 0.006))
    zone.units.set([unit])
    return zone


def test_the_viewer_passes_while_it_is_used(browser: Browser, live_server: object) -> None:
    make_viewer_place()
    context, outside = local_only_context(browser)
    with watched(context, outside, str(live_server)) as watch:
        page = watch.page
        watch.open("/")
        page.wait_for_selector(".leaflet-overlay-pane svg path.leaflet-interactive")
        page.wait_for_selector(".ntm-unit-label >> text=Biển Hồ")
        assert page.locator(".ntm-legend .ntm-swatch").count() > 0
        # The legend's swatches take their colours from the registry, as properties, not style="…".
        assert page.eval_on_selector(".ntm-legend .ntm-swatch", "e => e.style.borderColor") != ""
        # A search's results, a zone's popup and a measurement build DOM from scripts.
        page.fill("#ntm-search-input", "bien ho")
        page.locator(".ntm-search-result").first.wait_for()
        page.keyboard.press("Escape")
        page.evaluate("window.ntmViewer.map.setView([13.975, 107.975], 15, {animate: false})")
        page.wait_for_function(SETTLED)
        box = page.locator("#ntm-map").bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        assert "VN-GLOR-0138" in page.locator(".ntm-popup").inner_text()
        page.click(".ntm-tool-distance")
        page.mouse.click(box["x"] + 300, box["y"] + 300)
        page.mouse.dblclick(box["x"] + 500, box["y"] + 300)
        assert page.locator(".ntm-measure-output").inner_text().strip() != ""


def test_the_trace_page_passes_and_shows_its_map(browser: Browser, live_server: object) -> None:
    zone = _zone()
    context, outside = local_only_context(browser)
    with watched(context, outside, str(live_server)) as watch:
        watch.open(reverse("trace:page", kwargs={"code": zone.code}))
        assert watch.page.locator(".trace-map-zone").count() == 1
        # trace.css applied: the header is the page's green, not the browser's default transparent.
        background = watch.page.eval_on_selector(".trace-header", "e => getComputedStyle(e).backgroundColor")
        assert background == "rgb(27, 94, 32)"


def test_the_editor_passes_while_a_zone_is_drawn(browser: Browser, live_server: object, tmp_path: Path) -> None:
    place = make_editor_place()
    west, south, east, north = place.biển_hồ.geometry.extent
    corners = [(west + x * (east - west), south + y * (north - south))
               for x, y in ((0.3, 0.3), (0.6, 0.3), (0.6, 0.6), (0.3, 0.6))]
    server = str(live_server)
    context, outside = signed_in_context(browser, server, place.staff)
    with watched(context, outside, server) as watch:
        watch.open(reverse("editor:editor-page"))
        editor = EditorVisit(watch.page, tmp_path)
        editor.settle()
        assert watch.page.locator(".ntm-unit-label-own").inner_text() == "Biển Hồ"
        # Geoman's toolbar and drawing (its markers, hints and vertex handles) work under the policy.
        editor.draw_lonlat(corners)
        assert editor.geometry()["type"] in ("Polygon", "MultiPolygon")
        editor.settle()


def test_the_upload_and_job_pages_pass(browser: Browser, live_server: object) -> None:
    user, _password = user_provision(username="promoter", role=Role.TOURISM_PROMOTER)
    job = ImportJob.objects.create(user=user, layer="tourism_sites", file_name="điểm.geojson",
                                   status=JobStatus.RUNNING, read=1, total=3)
    server = str(live_server)
    context, outside = signed_in_context(browser, server, user)
    with watched(context, outside, server) as watch:
        watch.open(reverse("ingest:upload"))
        assert watch.page.locator("#upload_form #id_file").count() == 1
        # The admin's stylesheets apply: the submit row is laid out by forms.css.
        assert watch.page.eval_on_selector(".submit-row", "e => getComputedStyle(e).display") == "flex"
        with watch.page.expect_response(lambda r: r.url.endswith(f"/ingest/jobs/{job.pk}.json") and r.ok):
            watch.open(reverse("ingest:job", kwargs={"job_id": job.pk}))  # job.js polls the status
        assert watch.page.eval_on_selector("#job-progress-bar", "e => e.max") == 3


def test_the_login_page_and_the_admin_index_pass(browser: Browser, live_server: object) -> None:
    User.objects.create_superuser("root", password="mật-khẩu-dài")
    context, outside = local_only_context(browser)
    with watched(context, outside, str(live_server)) as watch:
        watch.open(reverse("admin:login"))
        watch.page.fill("#id_username", "root")
        watch.page.fill("#id_password", "mật-khẩu-dài")
        watch.page.click("#login-form [type=submit]")
        watch.page.wait_for_selector("#content-main .app-layers")


def test_the_admin_zone_pages_pass_and_draw_the_map(browser: Browser, live_server: object) -> None:
    zone = _zone()
    server = str(live_server)
    superuser = User.objects.create_superuser("root", password="x")
    context, outside = signed_in_context(browser, server, superuser)
    with watched(context, outside, server) as watch:
        watch.open(reverse("admin:layers_cultivationzone_changelist"))
        assert watch.page.locator("#result_list tbody tr").count() == 1
        watch.open(reverse("admin:layers_cultivationzone_change", args=[zone.pk]))
        watch.page.wait_for_selector("#id_geometry_map canvas")
        # The widget was started by our script (no inline one), with the edited zone and the base map.
        base_map = "geodjango_geometry.options.base_layer.getSource()"
        watch.page.wait_for_function(f"() => {base_map}.getFeatures().length === 1")
        assert '"MultiPolygon"' in watch.page.input_value("#id_geometry")
        # The "delete all" link and the geometry tools are wired up without inline handlers.
        watch.page.click("#id_geometry_div_map .clear_features a")
        assert watch.page.input_value("#id_geometry") == ""
        watch.open(reverse("admin:layers_cultivationzone_add"))
        watch.page.wait_for_selector("#id_geometry_map canvas")


def test_the_api_docs_pass_and_show_the_operations(browser: Browser, live_server: object) -> None:
    context, outside = local_only_context(browser)
    with watched(context, outside, str(live_server)) as watch:
        watch.open(reverse("openapi:docs"))
        watch.page.wait_for_selector(".swagger-ui .opblock-summary")
        assert watch.page.locator(".swagger-ui .info .title").inner_text().strip() != ""


def test_the_csrf_failure_page_passes(browser: Browser, live_server: object) -> None:
    context, outside = local_only_context(browser)
    with watched(context, outside, str(live_server)) as watch:
        watch.open("/")
        # A form posted without its CSRF cookie: Django answers with its failure page, ours styled.
        context.clear_cookies()
        with watch.page.expect_response(lambda r: r.status == 403) as refused:
            watch.page.click(".ntm-language button")
        assert "content-security-policy" in refused.value.headers
        assert watch.page.locator("#summary h1").inner_text().endswith("(403)")
        assert watch.page.eval_on_selector("#summary", "e => getComputedStyle(e).backgroundColor") == \
            "rgb(255, 255, 204)"


def test_the_not_found_page_passes(browser: Browser, live_server: object) -> None:
    context, outside = local_only_context(browser)
    with watched(context, outside, str(live_server)) as watch:
        response = watch.page.goto(str(live_server) + "/no-such-page/")
        assert response is not None and response.status == 404
        assert "script-src 'self'" in response.headers["content-security-policy"]
