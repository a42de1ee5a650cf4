"""The zone editor's map in a real browser: it draws offline, from our server alone.

Set NTM_ADMIN_SCREENSHOT=/some/file.png to keep a screenshot of the page for a person to look at.
"""

import json
import os

import pytest
from django.contrib.auth.models import User
from django.contrib.gis.geos import GEOSGeometry
from django.urls import reverse
from playwright.sync_api import Browser

from layers.models import CultivationZone
from tests.browser.conftest import signed_in_context
from tests.factories import box, make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDGET = "geodjango_geometry"  # the JS variable Django's widget template names after the field


def test_zone_change_page_draws_the_offline_map(browser: Browser, live_server: object) -> None:
    server = str(live_server)
    superuser = User.objects.create_superuser("root", password="x")
    biển_hồ = make_unit("Biển Hồ", lon=107.96, lat=13.98, size_deg=0.04)
    make_unit("Đak Đoa", lon=108.0, lat=13.98, size_deg=0.04)
    zone = CultivationZone.objects.create(name="Vùng cà phê Biển Hồ", crop="coffee", code="VN-GLOR-0065",
                                          geometry=box(107.99, 13.995, 0.006))
    zone.units.set([biển_hồ])

    context, outside = signed_in_context(browser, server, superuser)
    page = context.new_page()
    script_errors: list[str] = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    try:
        with page.expect_response(lambda response: "basemap.geojson" in response.url) as base_map:
            page.goto(server + reverse("admin:layers_cultivationzone_change", args=[zone.pk]))
        assert base_map.value.ok
        names = {feature["properties"]["name"] for feature in base_map.value.json()["features"]}
        assert names == {"Biển Hồ", "Đak Đoa"}

        page.wait_for_selector("#id_geometry_map canvas")
        # The base map's features were parsed and projected by OpenLayers, not only downloaded.
        page.wait_for_function(f"() => {WIDGET}.options.base_layer.getSource().getFeatures().length === 2")
        drawn = GEOSGeometry(json.dumps(json.loads(page.input_value("#id_geometry"))))
        drawn.srid = 3857  # the widget edits in Web Mercator
        assert drawn.equals_exact(zone.geometry.transform(3857, clone=True), tolerance=0.01)

        page.wait_for_load_state("networkidle")
        if screenshot := os.environ.get("NTM_ADMIN_SCREENSHOT"):
            page.locator("#id_geometry_div_map").scroll_into_view_if_needed()
            page.screenshot(path=screenshot)
    finally:
        context.close()
    assert outside == []
    assert script_errors == []
