"""/api/query/: at, nearby, nearest and intersects on the real PostGIS test database."""

import datetime as dt
import json
from typing import Any

import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.db import connection
from django.test import Client
from psycopg2 import sql
from pyproj import Geod

from ingest.reference_units import units_load_reference
from layers.models import AdminUnit, CultivationZone, OCOPProducer, Parcel, Role, ZoneStatus
from layers.registry import get_layer
from layers.services import user_provision
from layers.visibility import RowFilter
from maps.query import sql as q
from maps.query.geodesy import WORLD, degree_margins
from tests.factories import make_unit

pytestmark = pytest.mark.django_db

GEOD = Geod(ellps="WGS84")
BIEN_HO = (108.000, 14.050)  # in commune Biển Hồ, 23590
PLEIKU = (108.003, 13.976)  # in ward Pleiku, 23575
CENTRE = (108.0, 14.0)


def get(client: Client, path: str, **params: object) -> tuple[int, dict[str, Any]]:
    response = client.get(f"/api/query/{path}", params)
    assert response["Content-Type"] in ("application/json", "application/problem+json")
    return response.status_code, json.loads(response.content)


def post(client: Client, body: object, *, raw: bytes | None = None, query: str = "") -> tuple[int, dict[str, Any]]:
    data = raw if raw is not None else json.dumps(body).encode()
    response = client.post(f"/api/query/intersects{query}", data, content_type="application/json")
    assert response["Content-Type"] in ("application/json", "application/problem+json")
    return response.status_code, json.loads(response.content)


def around(lon: float, lat: float, half: float = 0.001) -> MultiPolygon:
    return MultiPolygon(Polygon.from_bbox((lon - half, lat - half, lon + half, lat + half)), srid=4326)


def ring(lon: float, lat: float, half: float) -> list[list[float]]:
    return [[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half],
            [lon - half, lat + half], [lon - half, lat - half]]


def producer(name: str, lon: float, lat: float, unit: AdminUnit) -> OCOPProducer:
    return OCOPProducer.objects.create(name=name, kind="cooperative", location=Point(lon, lat, srid=4326),
                                       unit=unit, tax_code="", representative="secret person")


def at_distance(azimuth: float, metres: float, origin: tuple[float, float] = CENTRE) -> tuple[float, float]:
    lon, lat, _back = GEOD.fwd(origin[0], origin[1], azimuth, metres)
    return lon, lat


def zone(name: str, status: ZoneStatus, geometry: MultiPolygon, units: list[AdminUnit], code: str) -> CultivationZone:
    created = CultivationZone.objects.create(
        name=name, crop="coffee", status=status, geometry=geometry, representative="Nguyễn Văn A",
        households=12, code=code,
    )
    created.units.set(units)
    return created


@pytest.fixture
def pleiku() -> dict[str, Any]:
    """The real 2025 units, a retired unit over the same ground, a parcel, an approved and a draft zone
    at the Biển Hồ point."""
    units_load_reference()
    bien_ho = AdminUnit.objects.get(code="23590", valid_to__isnull=True)
    retired = make_unit("Chư Đăng Ya (cũ)", valid_from=dt.date(2000, 1, 1), valid_to=dt.date(2025, 6, 30),
                        geometry=around(*BIEN_HO, half=0.01))
    parcel = Parcel.objects.create(unit=bien_ho, sheet_number=7, parcel_number=42, land_use="CLN",
                                   recorded_area_m2=4800, geometry=around(*BIEN_HO, half=0.0003))
    approved = zone("Vùng cà phê Biển Hồ", ZoneStatus.APPROVED, around(*BIEN_HO), [bien_ho], "VN-GLOR-0090")
    draft = zone("Vùng nháp", ZoneStatus.DRAFT, around(*BIEN_HO, half=0.002), [bien_ho], "VN-GLOR-0091")
    return {"bien_ho": bien_ho, "retired": retired, "parcel": parcel, "approved": approved, "draft": draft}


def login(client: Client, role: Role | None, units: tuple[str, ...] = ()) -> Client:
    if role is not None:
        user, _password = user_provision(username=f"u-{role}-{'-'.join(units)}", role=role, unit_codes=units)
        client.force_login(user)
    return client


# --- at ----------------------------------------------------------------------------------------------

def test_at_names_the_commune_and_province_the_parcel_and_the_public_zone(client: Client, pleiku: dict) -> None:
    status, body = get(client, "at", lon=BIEN_HO[0], lat=BIEN_HO[1])
    assert status == 200
    assert (body["lon"], body["lat"]) == BIEN_HO
    assert [(u["properties"]["code"], u["properties"]["level"]) for u in body["units"]] == [
        ("52", "province"), ("23590", "commune")]
    assert pleiku["retired"].pk not in [u["id"] for u in body["units"]]
    [parcel] = body["parcels"]
    assert parcel == {"type": "Feature", "layer": "parcels", "id": pleiku["parcel"].pk, "geometry": None,
                      "properties": parcel["properties"]}
    assert set(parcel["properties"]) == set(get_layer("parcels").public_properties)
    assert parcel["properties"]["parcel_number"] == 42
    assert "recorded_area_m2" not in parcel["properties"]
    [approved] = body["zones"]
    assert (approved["id"], approved["layer"]) == (pleiku["approved"].pk, "zones")
    assert set(approved["properties"]) == set(get_layer("zones").public_properties)
    assert approved["properties"]["code"] == "VN-GLOR-0090"


def test_at_in_pleiku_ward_has_no_parcel(client: Client, pleiku: dict) -> None:
    status, body = get(client, "at", lon=PLEIKU[0], lat=PLEIKU[1])
    assert status == 200
    assert [u["properties"]["code"] for u in body["units"]] == ["52", "23575"]
    assert body["units"][1]["properties"]["level"] == "ward"
    assert (body["parcels"], body["zones"]) == ([], [])


def test_at_adds_geometry_on_request(client: Client, pleiku: dict) -> None:
    _status, body = get(client, "at", lon=BIEN_HO[0], lat=BIEN_HO[1], geometry="true")
    assert body["parcels"][0]["geometry"]["type"] == "MultiPolygon"
    assert all(unit["geometry"]["type"] == "MultiPolygon" for unit in body["units"])


def test_at_outside_every_unit_is_empty(client: Client) -> None:
    status, body = get(client, "at", lon=0, lat=0)
    assert status == 200
    assert (body["units"], body["parcels"], body["zones"]) == ([], [], [])


# --- nearby ------------------------------------------------------------------------------------------

@pytest.fixture
def producers() -> dict[str, tuple[float, float, float]]:
    """OCOP producers at exact geodesic distances from CENTRE, in every direction; name → (lon, lat, m)."""
    unit = make_unit(lon=107.9, lat=13.9, size_deg=0.2)
    placed = {"n100": (0, 100), "e450": (90, 450), "ne990": (45, 990), "e995": (90, 995), "s999": (180, 999),
              "nw1010": (315, 1010), "e5000": (90, 5000), "w49000": (270, 49_000)}
    spots = {}
    for name, (azimuth, metres) in placed.items():
        lon, lat = at_distance(azimuth, metres)
        producer(name, lon, lat, unit)
        spots[name] = (lon, lat, float(metres))
    return spots


def test_nearby_returns_what_lies_within_the_radius_nearest_first(client: Client, producers: dict) -> None:
    status, body = get(client, "nearby", layer="ocop_producers", lon=CENTRE[0], lat=CENTRE[1], radius_m=1000)
    assert status == 200
    names = [f["properties"]["name"] for f in body["features"]]
    assert names == ["n100", "e450", "ne990", "e995", "s999"]
    assert (body["numberReturned"], body["truncated"], body["radius_m"]) == (5, False, 1000)
    for found in body["features"]:
        _lon, _lat, metres = producers[found["properties"]["name"]]
        assert found["distance_m"] == pytest.approx(metres, rel=1e-4)  # geodesic, not spherical
        assert set(found["properties"]) == set(get_layer("ocop_producers").public_properties)


def test_nearby_distances_match_pyproj_at_the_largest_radius(client: Client, producers: dict) -> None:
    _status, body = get(client, "nearby", layer="ocop_producers", lon=CENTRE[0], lat=CENTRE[1], radius_m=50_000)
    assert len(body["features"]) == len(producers)
    far = body["features"][-1]
    lon, lat, _m = producers["w49000"]
    _az, _back, expected = GEOD.inv(CENTRE[0], CENTRE[1], lon, lat)
    assert far["distance_m"] == pytest.approx(expected, rel=0.005)
    assert far["distance_m"] == pytest.approx(49_000, rel=1e-5)


def test_nearby_limit_truncates(client: Client, producers: dict) -> None:
    _status, body = get(client, "nearby", layer="ocop_producers", lon=CENTRE[0], lat=CENTRE[1], radius_m=1000,
                        limit=2)
    assert [f["properties"]["name"] for f in body["features"]] == ["n100", "e450"]
    assert (body["numberReturned"], body["truncated"]) == (2, True)


def test_nearby_measures_polygons_from_their_edge(client: Client, pleiku: dict) -> None:
    lon, lat = at_distance(90, 300, origin=(BIEN_HO[0] + 0.0003, BIEN_HO[1]))
    _status, body = get(client, "nearby", layer="parcels", lon=lon, lat=lat, radius_m=400)
    [parcel] = body["features"]
    assert parcel["distance_m"] == pytest.approx(300, rel=0.005)


@pytest.mark.parametrize("lat", [-60.0, 0.0, 14.0, 45.0, 70.0, 88.5])
@pytest.mark.parametrize("radius_m", [1.0, 250.0, 50_000.0])
def test_degree_margins_hold_the_whole_geodesic_circle(lat: float, radius_m: float) -> None:
    dlon, dlat = degree_margins(lon=108.0, lat=lat, radius_m=radius_m)
    for azimuth in range(0, 360, 3):
        lon2, lat2, _back = GEOD.fwd(108.0, lat, azimuth, radius_m)
        assert abs(lon2 - 108.0) <= dlon and abs(lat2 - lat) <= dlat


def test_degree_margins_give_up_on_the_box_near_a_pole_or_the_antimeridian() -> None:
    assert degree_margins(lon=0, lat=89.9, radius_m=10) == WORLD
    assert degree_margins(lon=179.9999, lat=0, radius_m=50_000) == WORLD


# --- nearest -----------------------------------------------------------------------------------------

@pytest.fixture
def anisotropic_pair() -> dict[str, tuple[float, float]]:
    """Two producers off CENTRE: `north` is nearer in plain degrees, `east` nearer on the ground,
    because at 14° N a degree of longitude is ~3 % shorter than one of latitude."""
    unit = make_unit(lon=107.9, lat=13.9, size_deg=0.2)
    spots = {"north": (CENTRE[0], CENTRE[1] + 0.0100), "east": (CENTRE[0] + 0.0102, CENTRE[1])}
    for name, (lon, lat) in spots.items():
        producer(name, lon, lat, unit)
    return spots


def test_the_pair_orders_differently_in_degrees_and_on_the_ground(anisotropic_pair: dict) -> None:
    north, east = anisotropic_pair["north"], anisotropic_pair["east"]
    ground = {name: GEOD.inv(*CENTRE, *spot)[2] for name, spot in anisotropic_pair.items()}
    assert ground["east"] < ground["north"]
    assert abs(north[1] - CENTRE[1]) < abs(east[0] - CENTRE[0])
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM layers_ocopproducer ORDER BY location <-> "
                       "ST_SetSRID(ST_MakePoint(%s, %s), 4326) LIMIT 1", list(CENTRE))
        assert cursor.fetchone()[0] == "north"  # what a plain KNN query would answer


@pytest.mark.parametrize(("k", "expected"), [(1, ["east"]), (2, ["east", "north"]), (100, ["east", "north"])])
def test_nearest_orders_by_ground_distance(client: Client, anisotropic_pair: dict, k: int,
                                           expected: list[str]) -> None:
    status, body = get(client, "nearest", layer="ocop_producers", lon=CENTRE[0], lat=CENTRE[1], k=k)
    assert status == 200
    assert [f["properties"]["name"] for f in body["features"]] == expected
    assert body["k"] == k and body["numberReturned"] == len(expected) and "truncated" not in body
    for found in body["features"]:
        expected_m = GEOD.inv(*CENTRE, *anisotropic_pair[found["properties"]["name"]])[2]
        assert found["distance_m"] == pytest.approx(expected_m, rel=0.005)


def test_nearest_finds_features_farther_than_any_nearby_radius(client: Client, producers: dict) -> None:
    _status, body = get(client, "nearest", layer="ocop_producers", lon=106.0, lat=12.0, k=1)
    [found] = body["features"]
    assert found["properties"]["name"] == "w49000"
    assert found["distance_m"] > 200_000


def test_nearest_on_an_empty_layer_is_empty(client: Client) -> None:
    status, body = get(client, "nearest", layer="tourism_sites", lon=CENTRE[0], lat=CENTRE[1], k=5)
    assert (status, body["features"], body["numberReturned"]) == (200, [], 0)


def test_the_searches_can_use_the_gist_index(producers: dict) -> None:
    source = q.Source.of(get_layer("ocop_producers"), RowFilter(sql.SQL("TRUE"), (), "test"))
    statements = [
        q.within_statement(source, lon=CENTRE[0], lat=CENTRE[1], radius_m=1000, limit=10, geometry=False,
                           margins=degree_margins(lon=CENTRE[0], lat=CENTRE[1], radius_m=1000), header={}),
        q.reach_statement(source, lon=CENTRE[0], lat=CENTRE[1], k=3),
        q.intersects_statement(source, geojson=json.dumps({"type": "Polygon", "coordinates": [ring(*CENTRE, 0.01)]}),
                               limit=10, geometry=False),
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'layers_ocopproducer'"
                       " AND indexdef LIKE '%%USING gist (location)%%'")
        [(gist,)] = cursor.fetchall()
        cursor.execute("SET LOCAL enable_seqscan = off")
        for statement in statements:
            cursor.execute(q.compose("EXPLAIN (FORMAT JSON) {s}", s=statement).query, statement.params)
            assert f'"Index Name": "{gist}"' in json.dumps(cursor.fetchone()[0])


# --- intersects --------------------------------------------------------------------------------------

def test_intersects_returns_the_features_under_a_polygon(client: Client, pleiku: dict) -> None:
    polygon = {"type": "Polygon", "coordinates": [ring(*BIEN_HO, 0.0005)]}
    status, body = post(client, {"layer": "parcels", "geometry": polygon})
    assert status == 200
    assert [f["id"] for f in body["features"]] == [pleiku["parcel"].pk]
    assert (body["numberReturned"], body["truncated"], body["layer"]) == (1, False, "parcels")
    assert body["features"][0]["geometry"] is None
    _status, with_geometry = post(client, {"layer": "parcels", "geometry": polygon}, query="?geometry=true")
    assert with_geometry["features"][0]["geometry"]["type"] == "MultiPolygon"


def test_intersects_accepts_points_lines_and_3d_positions(client: Client, pleiku: dict) -> None:
    west, east = [BIEN_HO[0] - 0.01, BIEN_HO[1], 700], [BIEN_HO[0] + 0.01, BIEN_HO[1], 710]
    line = {"type": "LineString", "coordinates": [west, east]}
    _status, body = post(client, {"layer": "communes", "geometry": line, "limit": 1})
    assert (body["numberReturned"], body["truncated"]) == (1, True)
    _status, body = post(client, {"layer": "zones", "geometry": {"type": "Point", "coordinates": list(BIEN_HO)}})
    assert [f["id"] for f in body["features"]] == [pleiku["approved"].pk]


def test_intersects_needs_no_csrf_token(pleiku: dict) -> None:
    strict = Client(enforce_csrf_checks=True)
    status, _body = post(strict, {"layer": "parcels", "geometry": {"type": "Point", "coordinates": list(BIEN_HO)}})
    assert status == 200


def test_a_self_intersecting_polygon_is_refused_with_the_reason(client: Client) -> None:
    bowtie = {"type": "Polygon", "coordinates": [[[108, 14], [108.01, 14.01], [108.01, 14], [108, 14.01], [108, 14]]]}
    status, body = post(client, {"layer": "parcels", "geometry": bowtie})
    assert status == 400
    assert "Self-intersection" in body["detail"]


def _many_vertices(n: int) -> dict[str, Any]:
    return {"type": "MultiPoint", "coordinates": [[108 + i * 1e-6, 14] for i in range(n)]}


@pytest.mark.parametrize(("raw", "expected"), [
    (b"{not json", "not valid JSON"),
    (b"\xff\xfe", "not valid JSON"),
    (b"[]", "JSON object"),
    (b'{"layer": "parcels", "geometry": {"type": "Point", "coordinates": [NaN, 14]}}', "NaN"),
    (b'{"layer": "parcels", "geometry": {"type": "Point", "coordinates": [Infinity, 14]}}', "Infinity"),
    (b'{"layer": "parcels", "geometry": {"type": "Point", "coordinates": [1e400, 14]}}', "finite"),
    (b'{"layer": "parcels", "geometry": {"type": "Point", "coordinates": [1' + b"0" * 400 + b', 14]}}', "outside"),
    (b'{"layer": "parcels", "geometry": {"type": "Point", "coordinates": [true, 14]}}', "finite"),
    (b'{"layer": "parcels"}', "GeoJSON geometry"),
    (b'{"geometry": {"type": "Point", "coordinates": [108, 14]}}', "layer"),
    (b'{"layer": 5, "geometry": {"type": "Point", "coordinates": [108, 14]}}', "layer"),
    (b'{"layer": "parcels", "geometry": {"type": "Point", "coordinates": [108, 14]}, "where": "1=1"}', "where"),
    (b'{"layer": "parcels", "geometry": {"type": "Point", "coordinates": [108, 14]}, "limit": 0}', "limit"),
    (b'{"layer": "parcels", "geometry": {"type": "Point", "coordinates": [108, 14]}, "limit": 1001}', "limit"),
    (b'{"layer": "parcels", "geometry": {"type": "Point", "coordinates": [108, 14]}, "limit": "5"}', "limit"),
    (b'{"layer": "parcels", "geometry": {"type": "GeometryCollection", "geometries": []}}', "not accepted"),
    (b'{"layer": "parcels", "geometry": {"type": "Point", "coordinates": [200, 14]}}', "outside CRS84"),
    (b'{"layer": "parcels", "geometry": {"type": "Point", "coordinates": [108]}}', "position"),
    (b'{"layer": "parcels", "geometry": {"type": "Polygon", "coordinates": [[108, 14]]}}', "position"),
    (b'{"layer": "parcels", "geometry": {"type": "Polygon", "coordinates": []}}', "non-empty"),
    (b'{"layer": "parcels", "geometry": {"type": "Polygon", "coordinates": [[[108, 14], [108.1, 14], [108, 14.1],'
     b' [108.1, 14.1]]]}}', "end where it starts"),
    (b'{"layer": "parcels", "geometry": {"type": "LineString", "coordinates": [[108, 14]]}}', "two positions"),
    (b'{"layer": "parcels", "geometry": {"type": "Point", "coordinates": [108, 14],'
     b' "crs": {"type": "name", "properties": {"name": "EPSG:3857"}}}}', "CRS84"),
    (b'{"layer": "parcels", "geometry": {"type": "LineString", "coordinates": [[108, 14], [108, 14]]}}', "not valid"),
    (json.dumps({"layer": "parcels", "geometry": _many_vertices(10_001)}).encode(), "10000 vertices"),
    (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
])
def test_bad_bodies_are_400_problems(client: Client, raw: bytes, expected: str) -> None:
    status, body = post(client, None, raw=raw)
    assert status == 400, body
    assert body["status"] == 400 and expected in body["detail"]


def test_the_vertex_limit_is_inclusive(client: Client) -> None:
    status, _body = post(client, {"layer": "parcels", "geometry": _many_vertices(10_000)})
    assert status == 200


def test_a_body_over_one_megabyte_is_413(client: Client) -> None:
    status, body = post(client, None, raw=b" " * 1_000_001)
    assert (status, body["status"]) == (413, 413)


@pytest.mark.parametrize("layer", ["auth_user", "layers_parcel; drop table layers_parcel", "Parcels", "parcels "])
def test_intersects_on_a_non_registry_layer_is_404(client: Client, layer: str) -> None:
    status, body = post(client, {"layer": layer, "geometry": {"type": "Point", "coordinates": [108, 14]}})
    assert (status, body["title"]) == (404, "Not found")


def test_intersects_wants_post_and_the_others_get(client: Client) -> None:
    response = client.get("/api/query/intersects")
    assert (response.status_code, response["Allow"]) == (405, "POST")
    assert json.loads(response.content)["status"] == 405
    response = client.post("/api/query/at?lon=108&lat=14")
    assert (response.status_code, response["Allow"]) == (405, "GET, HEAD")


# --- bad parameters ----------------------------------------------------------------------------------

GOOD = {"at": {"lon": "108", "lat": "14"},
        "nearby": {"layer": "parcels", "lon": "108", "lat": "14", "radius_m": "100"},
        "nearest": {"layer": "parcels", "lon": "108", "lat": "14", "k": "3"}}
BAD_PARAMETERS = [
    *[(path, {"lon": None}) for path in GOOD], *[(path, {"lat": None}) for path in GOOD],
    *[(path, {"lon": value}) for path in GOOD for value in ("nan", "NaN", "inf", "-inf", "1e309", "x", "181")],
    *[(path, {"lat": value}) for path in GOOD for value in ("nan", "-Infinity", "90.0001", "")],
    ("at", {"geometry": "maybe"}),
    *[("nearby", {"radius_m": value}) for value in (None, "0", "0.5", "50000.1", "1e9", "nan", "inf", "-5", "abc")],
    *[("nearby", {"limit": value}) for value in ("0", "1001", "-1", "1.5", "²", "9" * 5000, "ten")],
    *[("nearest", {"k": value}) for value in ("0", "101", "-1", "1.5", "1e2", "²", "9" * 5000)],
    *[(path, {"layer": None}) for path in ("nearby", "nearest")],
]


@pytest.mark.parametrize(("path", "change"), BAD_PARAMETERS)
def test_bad_parameters_are_400_problems(client: Client, path: str, change: dict[str, str | None]) -> None:
    params = {key: value for key, value in {**GOOD[path], **change}.items() if value is not None}
    status, body = get(client, path, **params)
    assert status == 400, body
    assert body["status"] == 400 and body["title"] == "Bad request"


@pytest.mark.parametrize("path", ["nearby", "nearest"])
@pytest.mark.parametrize("layer", ["auth_user", "layers_parcel; drop table layers_parcel", "layers_parcel",
                                   '"parcels"', "parcels--", "zones' OR '1'='1"])
def test_a_layer_outside_the_registry_is_404(client: Client, path: str, layer: str) -> None:
    status, body = get(client, path, **{**GOOD[path], "layer": layer})
    assert (status, body["status"]) == (404, 404)
    assert Parcel._meta.db_table in connection.introspection.table_names()


def test_the_edges_of_the_ranges_are_accepted(client: Client) -> None:
    assert get(client, "nearby", **{**GOOD["nearby"], "radius_m": "1", "limit": "1000"})[0] == 200
    assert get(client, "nearby", **{**GOOD["nearby"], "radius_m": "50000", "limit": "1"})[0] == 200
    assert get(client, "nearest", **{**GOOD["nearest"], "k": "100"})[0] == 200
    assert get(client, "at", lon="-180", lat="90")[0] == 200


# --- who sees the draft zone -------------------------------------------------------------------------

@pytest.mark.parametrize(("role", "units", "sees_draft"), [
    (None, (), False),
    (Role.PLANNER, (), False),
    (Role.TOURISM_PROMOTER, (), False),
    (Role.EXTENSION_STAFF, ("23575",), False),
    (Role.EXTENSION_STAFF, ("23590",), True),
    (Role.APPROVER, (), True),
    (Role.ADMIN, (), True),
])
def test_a_draft_zone_reaches_only_those_allowed(client: Client, pleiku: dict, role: Role | None,
                                                 units: tuple[str, ...], sees_draft: bool) -> None:
    login(client, role, units)
    expected = {pleiku["approved"].pk} | ({pleiku["draft"].pk} if sees_draft else set())
    point = {"lon": BIEN_HO[0], "lat": BIEN_HO[1]}
    answers = [
        get(client, "at", **point)[1]["zones"],
        get(client, "nearby", layer="zones", radius_m=10, **point)[1]["features"],
        get(client, "nearest", layer="zones", k=10, **point)[1]["features"],
        post(client, {"layer": "zones", "geometry": {"type": "Point", "coordinates": list(BIEN_HO)}})[1]["features"],
    ]
    for features in answers:
        assert {f["id"] for f in features} == expected
        assert all("representative" not in f["properties"] and "households" not in f["properties"]
                   for f in features)
