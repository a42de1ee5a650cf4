"""The zone editor in a real browser, offline.

The whole workflow: an extension officer draws a zone by clicking its corners, names it and saves a
draft; a bow-tie is refused with the server's Vietnamese message and a marker where its edges cross;
the officer submits the valid zone; an approver approves it and sees the code issued. And the other
ways to a boundary and its checks: snapping to a parcel, a zone made from chosen parcels, a field
file, the check's overlap and outside-units areas, and a version conflict resolved by overwriting.

Set NTM_EDITOR_SCREENSHOTS=/some/folder to keep a screenshot of each step for a person to look at.
"""

import json
from pathlib import Path

import pytest
from django.contrib.gis.geos import GEOSGeometry
from django.utils import translation
from playwright.sync_api import Browser

from layers.models import CultivationZone, Parcel, ZoneStatus
from layers.zone_services import zone_update
from tests.editor.browser import Place, make_place, screenshot_folder, visit
from tests.factories import box

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ZONE_NAME = "Vùng cà phê Ia Sao"
BOW_TIE_NAME = "Vùng hình nơ (sai)"
SELF_INTERSECTION = ("The boundary crosses itself near %(lon).6f, %(lat).6f; move the vertices so that no edges "
                     "cross.")


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    return screenshot_folder(tmp_path)


def in_unit(place: Place, x: float, y: float) -> tuple[float, float]:
    """A longitude, latitude given as fractions of Biển Hồ's box (west→east, south→north)."""
    west, south, east, north = place.biển_hồ.geometry.extent
    return west + x * (east - west), south + y * (north - south)


def test_officer_drafts_and_submits_a_zone_and_an_approver_approves_it(
        browser: Browser, live_server: object, shots: Path) -> None:
    place = make_place()
    square = [in_unit(place, x, y) for x, y in ((0.30, 0.30), (0.55, 0.30), (0.55, 0.55), (0.30, 0.55))]
    bow_tie = [in_unit(place, x, y) for x, y in ((0.65, 0.65), (0.85, 0.85), (0.85, 0.65), (0.65, 0.85))]
    with visit(browser, live_server, place.staff, shots) as v:
        page = v.page
        assert page.locator("html").get_attribute("lang") == "vi"
        assert page.locator(".ntm-unit-label-own").inner_text() == "Biển Hồ"
        assert "Nguyễn Văn An" in page.locator(".ntm-user").inner_text()
        v.screenshot("1-start")

        # A zone drawn by clicking its four corners; its area shows as it is drawn, in vi-VN numbers.
        v.draw_lonlat(square)
        v.fill_details(ZONE_NAME, "coffee")
        page.check("input[name='zone-markets'][value='china']")
        assert page.locator(".ntm-area-output").inner_text().endswith(" ha")
        assert "," in page.locator(".ntm-area-output").inner_text()  # vi-VN: 119,4 ha
        v.screenshot("2-drawn")
        with v.expect_api("POST", r"/api/zones/$", 201) as created:
            page.click("#ntm-save")
        zone = CultivationZone.objects.get(pk=created.json()["id"])
        assert (zone.name, zone.crop, zone.status, zone.markets) == (ZONE_NAME, "coffee", ZoneStatus.DRAFT, ["china"])
        assert list(zone.units.all()) == [place.biển_hồ]
        page.wait_for_selector("#ntm-zone-status.ntm-status-draft")
        assert page.locator("#ntm-zone-title").inner_text() == ZONE_NAME
        v.screenshot("3-saved-draft")

        # A bow-tie: the server refuses it, its message is listed and the crossing is marked.
        page.click("#ntm-new")
        v.draw_lonlat(bow_tie)
        v.fill_details(BOW_TIE_NAME, "coffee")
        with v.expect_api("POST", r"/api/zones/$", 422) as refused:
            page.click("#ntm-save")
        (problem,) = refused.json()["errors"]
        assert problem["code"] == "self_intersection" and problem["geometry"]["type"] == "Point"
        lon, lat = problem["geometry"]["coordinates"]
        with translation.override("vi"):
            vietnamese = translation.gettext(SELF_INTERSECTION) % {"lon": lon, "lat": lat}
        assert vietnamese != SELF_INTERSECTION % {"lon": lon, "lat": lat}, "the message has no Vietnamese yet"
        feedback = page.locator("#ntm-feedback.ntm-feedback-error")
        feedback.wait_for()
        assert vietnamese in feedback.inner_text()
        page.wait_for_selector("path.ntm-problem-point")
        marker = page.evaluate("(() => { let at = null; window.ntmEditor.map.eachLayer((layer) => { "
                               "if ((layer.options.className || '').includes('ntm-problem-point')) "
                               "{ at = layer.getLatLng(); } }); return [at.lng, at.lat]; })()")
        assert marker == pytest.approx([lon, lat], abs=1e-6)
        assert marker == pytest.approx(in_unit(place, 0.75, 0.75), abs=2e-4)  # where the edges cross
        assert not CultivationZone.objects.filter(name=BOW_TIE_NAME).exists()
        v.screenshot("4-bow-tie-refused")

        # The valid zone, opened from the list (the bow-tie is discarded), is submitted.
        page.click("#ntm-tab-list")
        item = page.locator(".ntm-zone-item", has_text=ZONE_NAME)
        item.wait_for()
        v.screenshot("5-list")
        with v.expect_api("GET", rf"/api/zones/{zone.pk}$", 200):
            item.click()
        page.wait_for_selector("#ntm-panel-zone:not([hidden])")
        page.click("button[data-step='submit']")
        page.wait_for_selector("#ntm-dialog[open]")
        with v.expect_api("POST", rf"/api/zones/{zone.pk}/submit$", 200):
            page.click("#ntm-dialog button[value='confirm']")
        page.wait_for_selector("#ntm-zone-status.ntm-status-submitted")
        zone.refresh_from_db()
        assert zone.status == ZoneStatus.SUBMITTED
        assert page.locator("button[data-step='submit']").is_hidden()  # nothing more for the officer to do
        v.screenshot("6-submitted")

    with visit(browser, live_server, place.approver, shots) as v:
        page = v.page
        page.click("#ntm-tab-list")
        page.select_option("#ntm-list-status", "submitted")
        item = page.locator(".ntm-zone-item", has_text=ZONE_NAME)
        item.wait_for()
        with v.expect_api("GET", rf"/api/zones/{zone.pk}$", 200):
            item.click()
        page.wait_for_selector("button[data-step='approve']:visible")
        assert page.locator("button[data-step='reject']").is_visible()
        page.click("button[data-step='approve']")
        page.wait_for_selector("#ntm-dialog[open]")
        v.screenshot("7-approve-dialog")
        with v.expect_api("POST", rf"/api/zones/{zone.pk}/approve$", 200) as approved:
            page.click("#ntm-dialog button[value='confirm']")
        code = approved.json()["properties"]["code"]
        assert code == "VN-GLOR-0001"
        page.wait_for_selector("#ntm-zone-status.ntm-status-approved")
        assert code in page.locator("#ntm-zone-code").inner_text()
        assert code in page.locator(".ntm-toast").inner_text()
        zone.refresh_from_db()
        assert (zone.status, zone.code) == (ZoneStatus.APPROVED, code)
        v.screenshot("8-approved")

        # The history: created, submitted, approved; the first version is drawn and may be restored.
        page.click("#ntm-history summary")
        page.wait_for_selector(".ntm-history-item >> nth=2")
        assert page.locator(".ntm-history-item").count() == 3
        page.click(".ntm-history-item >> nth=2 >> .ntm-history-select")
        page.wait_for_selector(".ntm-history-revert")
        v.screenshot("9-history")


def test_snapping_parcels_field_files_checks_and_a_conflict(browser: Browser, live_server: object, shots: Path,
                                                            tmp_path: Path) -> None:
    place = make_place()
    parcels = [Parcel.objects.create(unit=place.biển_hồ, sheet_number=12, parcel_number=number, land_use="CLN",
                                     geometry=box(lon, lat, 0.002))
               for number, (lon, lat) in enumerate(((107.965, 13.965), (107.967, 13.965), (107.965, 13.967)), 1)]
    registered = CultivationZone.objects.create(
        name="Vùng chè đã cấp mã", crop="tea", status=ZoneStatus.APPROVED, code="VN-GLOR-0090",
        geometry=box(107.975, 13.975, 0.005))
    registered.units.set([place.biển_hồ])
    with visit(browser, live_server, place.staff, shots) as v:
        page = v.page

        # The check: the boundary overlaps a registered zone and reaches into Đak Đoa; both hatched.
        v.draw_lonlat([(107.977, 13.977), (108.003, 13.977), (108.003, 13.985), (107.977, 13.985)])
        v.fill_details("Vùng kiểm tra", "coffee")
        with v.expect_api("POST", r"/api/zones/check$", 200) as checked:
            page.click("#ntm-check")
        assert {error["code"] for error in checked.json()["errors"]} == {"overlap", "outside_units"}
        page.wait_for_selector("#ntm-feedback.ntm-feedback-error")
        assert page.locator("path.ntm-problem-area.ntm-problem-error").count() == 2
        assert "VN-GLOR-0090" in page.locator("#ntm-feedback").inner_text()
        v.screenshot("10-check")

        # Snapping: a corner clicked a few pixels from a parcel's corner lands exactly on it.
        page.click("#ntm-new")
        v.view(107.967, 13.967, 17)
        page.wait_for_selector(".leaflet-ntm-context-pane path >> nth=2")
        corner_x, corner_y = v.pixel(107.967, 13.967)  # the corner the three parcels share
        v.draw_polygon([(corner_x + 4, corner_y - 3), (corner_x + 140, corner_y), (corner_x + 140, corner_y - 140),
                        (corner_x, corner_y - 140)])
        first = v.geometry()["coordinates"][0][0][0]
        assert first == pytest.approx([107.967, 13.967], abs=1e-9)

        # A hole cut out of it, and a second part: one zone, a MultiPolygon of two parts.
        page.click(".leaflet-pm-toolbar .leaflet-pm-icon-cut")
        hole = [(corner_x + 50, corner_y - 50), (corner_x + 90, corner_y - 50), (corner_x + 90, corner_y - 90),
                (corner_x + 50, corner_y - 90)]
        for x, y in hole:
            page.mouse.click(x, y)
        page.mouse.click(*hole[0])
        page.wait_for_function("() => window.ntmEditor.session.drawing.getGeometry().coordinates[0].length === 2")
        v.draw_polygon([(corner_x + 200, corner_y - 200), (corner_x + 300, corner_y - 200),
                        (corner_x + 300, corner_y - 300), (corner_x + 200, corner_y - 300)])
        parts = v.geometry()["coordinates"]
        assert [len(rings) for rings in parts] == [2, 1]
        v.screenshot("10b-hole-and-second-part")

        # A zone from chosen parcels: the server's union becomes the boundary.
        page.click("#ntm-new")
        page.click("#ntm-sources summary")
        page.click("#ntm-select-parcels")
        for parcel in parcels:
            centre = parcel.geometry.centroid
            page.mouse.click(*v.pixel(centre.x, centre.y))
        assert "3" in page.locator("#ntm-parcel-count").inner_text()
        v.screenshot("11-parcels-chosen")
        with v.expect_api("POST", r"/api/zones/from-parcels$", 200) as joined:
            page.click("#ntm-from-parcels")
        assert joined.json()["properties"]["parcel_ids"] == sorted(parcel.pk for parcel in parcels)
        drawn = GEOSGeometry(json.dumps(v.geometry()))
        union = parcels[0].geometry.union(parcels[1].geometry).union(parcels[2].geometry)
        assert drawn.sym_difference(union).area < 1e-10
        page.wait_for_selector("#ntm-zone-dirty:not([hidden])")
        v.screenshot("12-from-parcels")

        # A field file: its area becomes the boundary, the point it also holds is listed as a problem.
        field_file = tmp_path / "vườn-ia-sao.geojson"
        area = [[107.985, 13.965], [107.99, 13.965], [107.99, 13.97], [107.985, 13.97], [107.985, 13.965]]
        field_file.write_text(json.dumps({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"name": "Vườn ông Tư"}, "geometry": {"type": "Polygon",
                                                                                  "coordinates": [area]}},
            {"type": "Feature", "properties": {"name": "Giếng"}, "geometry": {"type": "Point",
                                                                            "coordinates": [107.986, 13.966]}},
        ]}), encoding="utf-8")
        with v.expect_api("POST", r"/ingest/field-shapes/$", 200):
            page.set_input_files("#ntm-field-file", str(field_file))
        assert v.geometry()["coordinates"] == [[area]]
        page.wait_for_selector("#ntm-feedback.ntm-feedback-warning")
        assert "Giếng" in page.locator("#ntm-feedback").inner_text()
        v.fill_details("Vườn ông Tư", "coffee")
        with v.expect_api("POST", r"/api/zones/$", 201) as created:
            page.click("#ntm-save")
        zone = CultivationZone.objects.get(pk=created.json()["id"])
        v.screenshot("13-field-file-saved")

        # Someone else saves the zone meanwhile: the editor shows both versions; the officer keeps theirs.
        zone_update(user=place.staff, zone_id=zone.pk, expected_version=1, geometry=box(107.985, 13.965, 0.006),
                    attributes={"name": "Vườn ông Tư (sửa ở văn phòng)", "crop": "coffee"})
        page.fill("#id_zone-name", "Vườn ông Tư – đo lại")
        with v.expect_api("PUT", rf"/api/zones/{zone.pk}$", 412):
            page.click("#ntm-save")
        conflict = page.locator("#ntm-conflict")
        conflict.wait_for()
        assert "Vườn ông Tư (sửa ở văn phòng)" in conflict.inner_text()
        assert "Vườn ông Tư – đo lại" in conflict.inner_text()
        v.screenshot("14-conflict")
        with v.expect_api("PUT", rf"/api/zones/{zone.pk}$", 200) as overwritten:
            page.click("#ntm-conflict [data-action='overwrite']")
        assert overwritten.response is not None and overwritten.response.request.headers["if-match"] == '"v2"'
        zone.refresh_from_db()
        assert (zone.name, zone.version) == ("Vườn ông Tư – đo lại", 3)
        assert conflict.is_hidden()
