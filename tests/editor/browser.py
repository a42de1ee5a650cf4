"""Helpers of the editor's browser tests: a small Pleiku, the editor opened offline as a user, and the
gestures of an editor (clicking corners with Geoman, waiting for the API's answers)."""

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractUser
from playwright.sync_api import Browser, Page, Response

from layers.models import AdminUnit, Role
from layers.roles import sync_role_groups
from layers.services import user_provision
from tests.browser.conftest import signed_in_context
from tests.factories import make_unit

# The base map, the opened zone and the context layers are in; no map animation or request under way.
READY = ("window.ntmEditor && window.ntmEditor.ready.then(() => window.ntmEditor.context.settled())"
         ".then(() => true)")
# Waits are functions, not expressions: Playwright evals an expression on each poll, which the pages'
# Content-Security-Policy refuses (a function is evaluated once, by the browser's debugger).
IDLE = "() => window.ntmEditor !== undefined && window.ntmEditor.idle()"
# Two frames painted.
FRAMES = "new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"


@dataclass(frozen=True)
class Place:
    biển_hồ: AdminUnit
    đak_đoa: AdminUnit
    staff: AbstractUser
    approver: AbstractUser


def make_place() -> Place:
    """Biển Hồ (107.96–108.00 E, 13.96–14.00 N) and Đak Đoa east of it, an officer of Biển Hồ and an
    approver, with Vietnamese names."""
    biển_hồ = make_unit("Biển Hồ", lon=107.96, lat=13.96, size_deg=0.04)
    đak_đoa = make_unit("Đak Đoa", lon=108.0, lat=13.96, size_deg=0.04)
    sync_role_groups()  # a transactional test elsewhere may have flushed the role groups
    staff, _password = user_provision(username="canbo-bienho", role=Role.EXTENSION_STAFF, unit_codes=[biển_hồ.code])
    approver, _password = user_provision(username="pheduyet", role=Role.APPROVER)
    for user, first, last in ((staff, "Nguyễn Văn", "An"), (approver, "Trần Thị", "Hương")):
        user.first_name, user.last_name = first, last
        user.save()
    return Place(biển_hồ, đak_đoa, staff, approver)  # type: ignore[arg-type]


def screenshot_folder(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("NTM_EDITOR_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Expected:
    """`with visit.expect_api(...) as answer:` waits for the API's response and checks its status."""

    def __init__(self, page: Page, method: str, pattern: str, status: int) -> None:
        regex = re.compile(pattern)
        self.waiting = page.expect_response(
            lambda response: response.request.method == method and bool(regex.search(response.url)))
        self.status = status
        self.response: Response | None = None

    def __enter__(self) -> "Expected":
        self.info = self.waiting.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.waiting.__exit__(*exc)
        if exc[0] is None:
            self.response = self.info.value
            assert self.response.status == self.status, self.response.text()

    def json(self) -> Any:
        assert self.response is not None
        return self.response.json()


@dataclass
class Visit:
    page: Page
    shots: Path
    errors: list[str] = field(default_factory=list)

    def settle(self) -> None:
        """Wait until the map rests and its layers are in. Playwright's sync API answers the offline
        context's routes only while it waits, so tests wait this way, never sleep."""
        self.page.wait_for_function(IDLE)
        self.page.evaluate(READY)
        self.page.wait_for_function(IDLE)

    def screenshot(self, name: str) -> None:
        self.settle()
        self.page.evaluate(FRAMES)
        # Headless Chromium's software compositor may hand over the first capture after a repaint of the
        # whole map (a dialog closed, the view moved) half-drawn; the second one is whole.
        self.page.screenshot(animations="disabled")
        self.page.screenshot(path=str(self.shots / f"editor-{name}.png"), animations="disabled")

    def expect_api(self, method: str, pattern: str, status: int) -> Expected:
        return Expected(self.page, method, pattern, status)

    def pixel(self, lon: float, lat: float) -> tuple[float, float]:
        """The page pixel of a longitude, latitude on the map as it is now."""
        x, y = self.page.evaluate(
            "([lat, lon]) => { const p = window.ntmEditor.map.latLngToContainerPoint([lat, lon]); "
            "const box = window.ntmEditor.map.getContainer().getBoundingClientRect(); "
            "return [box.left + p.x, box.top + p.y]; }", [lat, lon])
        return x, y

    def draw_polygon(self, corners: list[tuple[float, float]]) -> None:
        """Geoman's polygon tool: click each corner (page pixels), then the first again to close it."""
        self.page.click(".leaflet-pm-toolbar .leaflet-pm-icon-polygon")
        for x, y in corners:
            self.page.mouse.click(x, y)
        self.page.mouse.click(*corners[0])
        self.page.wait_for_function("() => !window.ntmEditor.map.pm.globalDrawModeEnabled()")

    def draw_lonlat(self, corners: list[tuple[float, float]]) -> None:
        self.draw_polygon([self.pixel(lon, lat) for lon, lat in corners])

    def fill_details(self, name: str, crop: str) -> None:
        self.page.fill("#id_zone-name", name)
        self.page.select_option("#id_zone-crop", crop)

    def geometry(self) -> Any:
        return self.page.evaluate("window.ntmEditor.session.drawing.getGeometry()")

    def view(self, lon: float, lat: float, zoom: int) -> None:
        """Move the map as a user panning and zooming would, then wait for its layers."""
        self.page.evaluate("([lat, lon, zoom]) => window.ntmEditor.map.setView([lat, lon], zoom, {animate: false})",
                           [lat, lon, zoom])
        self.settle()


@contextmanager
def visit(browser: Browser, live_server: object, user: AbstractUser, shots: Path, query: str = "") -> Iterator[Visit]:
    """The editor opened offline as `user`; on leaving, no outside request may have been made and no
    script error thrown."""
    server = str(live_server)
    context, outside = signed_in_context(browser, server, user)
    page = context.new_page()
    current = Visit(page, shots)
    page.on("pageerror", lambda error: current.errors.append(str(error)))
    page.on("dialog", lambda dialog: dialog.accept())  # "discard the unsaved changes?"
    try:
        with page.expect_response(lambda r: r.url.endswith("/viewer/base.geojson") and r.ok):
            page.goto(f"{server}/editor/{query}")
        current.settle()
        yield current
        current.settle()
    finally:
        context.close()
    assert outside == [], f"the page asked other servers for {outside}"
    assert current.errors == []
