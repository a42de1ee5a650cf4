"""Shared fixtures. Every test that touches data runs on the real PostGIS test database."""

from collections.abc import Iterator

import pytest
from django.utils import translation
from playwright.sync_api import Browser, sync_playwright

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Chromium for the browser tests of every folder: Playwright's sync API allows one
    instance per thread, so the session has exactly one."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def english() -> Iterator[None]:
    """English messages for tests that assert them (the platform's language is Vietnamese)."""
    with translation.override("en"):
        yield
