"""Headless Chromium for the browser tests: Debian's chromium, driven by Playwright's sync API."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Page, Route

# Playwright's sync API runs an event loop in this thread, and Django refuses database calls from a
# thread with a running loop unless told that the caller knows what it does.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")  # scripts/system-packages.txt installs it
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


# The session's `browser` fixture lives in tests/conftest.py: Playwright's sync API runs one event loop per
# thread, so every folder with browser tests (tests/browser, tests/maps/viewer) must share one instance.


LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def local_only_context(browser: Browser) -> tuple[BrowserContext, list[str]]:
    """A browser context that may reach our live server and nothing else; the list collects the rest,
    so a test can assert the page needed no internet."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []

    def keep_local(route: Route) -> None:
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", keep_local)
    return context, outside


def signed_in_context(browser: Browser, server: str, user: object) -> tuple[BrowserContext, list[str]]:
    """`local_only_context` with `user`'s session cookie for the live server."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    context, outside = local_only_context(browser)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": server,
                          "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
    return context, outside


@contextmanager
def watched_page(context: BrowserContext, outside: list[str]) -> Iterator[Page]:
    """A page of `context` (from `local_only_context` or `signed_in_context`). On leaving, the context
    closes, and no request may have left the machine and no script error may have happened (uncaught,
    or logged with console.error)."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    try:
        yield page
    finally:
        context.close()
    assert outside == [], f"the page asked other servers for {outside}"
    assert errors == [], f"script errors: {errors}"
