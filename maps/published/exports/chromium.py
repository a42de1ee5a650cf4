"""Renders an inline HTML page to PNG or PDF with headless Chromium, off the request thread.

Playwright's sync API refuses a thread that runs an asyncio loop and allows one instance per thread,
so each render runs in a worker of a small pool; a semaphore bounds how many run at once (the rest
wait for a slot), and every render is bounded in time: past MAPS_PRINT_TIMEOUT_S the caller gets RenderUnavailable
while the worker's own Playwright timeouts end the render soon after.
"""

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Literal

from django.conf import settings
from django.utils.translation import gettext as _
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, Route, sync_playwright

from maps.errors import MapsError

# The flags the browser tests use (tests/browser/conftest.py): no sandbox in containers, no GPU, and
# none of Chromium's own calls home.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
logger = logging.getLogger(__name__)
READY = "document.documentElement.getAttribute('data-map-ready') === '1'"


class RenderUnavailable(MapsError):
    """No render now: every slot busy, too slow, or Chromium failed; the client may retry later."""

    status = 503
    title = "Print service unavailable"


_pool = ThreadPoolExecutor(max_workers=settings.MAPS_PRINT_CONCURRENCY, thread_name_prefix="map-print")
_slots = threading.BoundedSemaphore(settings.MAPS_PRINT_CONCURRENCY)


@dataclass(frozen=True)
class Render:
    """What to render: the page (CSS pixels), the pixel density, the output and the origins the page
    may fetch from (the base map's, if any); every other request is refused."""

    html: str
    width: int
    height: int
    output: Literal["png", "pdf"]
    scale: float = 1.0
    pdf_format: str = "A4"
    landscape: bool = False
    allowed_origins: tuple[str, ...] = ()


def render(job: Render) -> bytes:
    """The PNG or PDF of `job`. Raises RenderUnavailable when every slot stays busy or the render
    does not finish within MAPS_PRINT_TIMEOUT_S."""
    timeout = settings.MAPS_PRINT_TIMEOUT_S
    started = time.monotonic()
    if not _slots.acquire(timeout=timeout):
        raise RenderUnavailable(_("The print service is busy; try again in a minute."))
    future: Future[bytes] = _pool.submit(_render_in_worker, job, timeout)
    # The slot is freed when the render really ends, not when the caller stops waiting for it, so
    # renders that overrun cannot pile up behind the caller's back.
    future.add_done_callback(lambda _future: _slots.release())
    try:
        return future.result(timeout=max(timeout - (time.monotonic() - started), 1))
    except FutureTimeout as error:
        raise RenderUnavailable(_("The map took too long to print; try again later.")) from error
    except PlaywrightError as error:
        # Chromium's own message names paths and internals: it goes to the log, not to the visitor.
        logger.warning("Map render failed: %s", error.message)
        raise RenderUnavailable(_("The map could not be printed; try again later.")) from error


def _render_in_worker(job: Render, timeout_s: float) -> bytes:
    deadline = time.monotonic() + timeout_s

    def left_ms() -> float:
        # Every step gets what is left of the one budget, so the whole render ends near the deadline.
        return max(deadline - time.monotonic(), 0.001) * 1000

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=settings.MAPS_CHROMIUM_PATH,
                                             args=CHROMIUM_ARGS, timeout=left_ms())
        try:
            context = browser.new_context(viewport={"width": job.width, "height": job.height},
                                          device_scale_factor=job.scale)
            context.route("**/*", _only_from(job.allowed_origins))
            page = context.new_page()
            page.set_content(job.html, wait_until="load", timeout=left_ms())
            page.wait_for_function(READY, timeout=left_ms())
            page.set_default_timeout(left_ms())
            return _capture(page, job)
        finally:
            browser.close()


def _only_from(origins: tuple[str, ...]) -> Callable[[Route], None]:
    def route(route: Route) -> None:
        url = route.request.url
        if url.startswith("data:") or any(url.startswith(origin + "/") for origin in origins):
            route.continue_()
        else:
            route.abort()
    return route


def _capture(page: Page, job: Render) -> bytes:
    if job.output == "png":
        return page.screenshot(type="png", full_page=False)
    return page.pdf(format=job.pdf_format, landscape=job.landscape, print_background=True,
                    prefer_css_page_size=True, margin={"top": "0", "right": "0", "bottom": "0", "left": "0"})
