"""Field files for the zone editor: areas back as GeoJSON in WGS 84, nothing stored, same safety gate."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from layers.models import AdminUnit, CultivationZone, Role
from layers.services import user_provision
from tests.ingest.files import IN_WARD, gpx, kml, kml_polygon, square

pytestmark = pytest.mark.django_db
URL = "/ingest/field-shapes/"


def _client(role: Role, units: tuple[str, ...] = ()) -> Client:
    client = Client()
    client.force_login(user_provision(username=f"u-{role}", role=role, unit_codes=units)[0])
    return client


def _send(client: Client, path: Path) -> tuple[int, dict]:
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    response = client.post(URL, {"file": upload})
    return response.status_code, json.loads(response.content)


def test_a_kml_traced_in_google_earth_comes_back_as_areas(tmp_path: Path, ward: AdminUnit) -> None:
    point = f"<Point><coordinates>{IN_WARD[0]},{IN_WARD[1]}</coordinates></Point>"
    path = kml(tmp_path / "vườn.kml", [("Vườn cà phê A", kml_polygon(square(*IN_WARD))), ("Điểm", point)])
    status, body = _send(_client(Role.EXTENSION_STAFF, (ward.code,)), path)
    assert status == 200
    assert [f["properties"]["name"] for f in body["features"]] == ["Vườn cà phê A"]
    assert body["features"][0]["geometry"]["type"] == "Polygon"
    first_vertex = body["features"][0]["geometry"]["coordinates"][0][0]
    assert first_vertex == pytest.approx(list(square(*IN_WARD).exterior.coords[0]))
    assert body["problems"][0]["feature"] == 2 and "Point" in body["problems"][0]["reason"]
    assert CultivationZone.objects.count() == 0


def test_a_gps_track_round_a_field_is_an_area(tmp_path: Path, ward: AdminUnit) -> None:
    lon, lat = IN_WARD
    ring = [(lon, lat), (lon + 0.001, lat), (lon + 0.001, lat + 0.001), (lon, lat)]
    status, body = _send(_client(Role.APPROVER), gpx(tmp_path / "track.gpx", track=ring))
    assert status == 200 and body["features"][0]["geometry"]["type"] == "Polygon"


def test_other_formats_roles_and_hostile_files_are_refused(tmp_path: Path, ward: AdminUnit) -> None:
    csv = tmp_path / "bang.csv"
    csv.write_text("ten,WKT\nA,POINT (1 2)\n", encoding="utf-8")
    status, body = _send(_client(Role.ADMIN), csv)
    assert status == 400 and "bang.csv" in body["error"] and "KML, KMZ, GPX" in body["error"]
    vrt = tmp_path / "x.geojson"
    vrt.write_text('<OGRVRTDataSource><OGRVRTLayer name="x"><SrcDataSource>/etc/passwd</SrcDataSource>'
                   "</OGRVRTLayer></OGRVRTDataSource>", encoding="utf-8")
    assert _send(_client(Role.ADMIN), vrt)[0] == 400
    path = kml(tmp_path / "a.kml", [("A", kml_polygon(square(*IN_WARD)))])
    assert _send(_client(Role.TOURISM_PROMOTER), path)[0] == 403
    assert Client().post(URL, {"file": SimpleUploadedFile("a.kml", path.read_bytes())}).status_code == 302
