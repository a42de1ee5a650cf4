"""The raster page in a real browser: the hillshade and elevation tiles draw from our server alone, under
the global Content-Security-Policy, with no script error."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from analysis.rasters.services import raster_dataset_add
from tests.browser.conftest import signed_in_context, watched_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dataset_page_draws_its_tiles(browser: Browser, live_server: object, planner, plane_tiff: Path,
                                          commune_a) -> None:
    raster_dataset_add(path=plane_tiff, name="dem-plane", title="Mặt phẳng", user=None)
    server = str(live_server)
    with watched_page(*signed_in_context(browser, server, planner)) as page:
        response = page.goto(f"{server}/analysis/rasters/dem-plane/")
        assert response is not None and response.ok
        page.wait_for_selector("#raster-map .leaflet-tile-loaded")
        sources = page.eval_on_selector_all("#raster-map img.leaflet-tile-loaded", "tiles => tiles.map(t => t.src)")
        assert sources and all("style=hillshade" in source for source in sources)
        page.check("input[value='elevation']")
        page.wait_for_selector("#raster-map img.leaflet-tile-loaded[src*='style=elevation']")
        assert page.get_attribute("#raster-map", "data-style") == "elevation"
