"""Vector tiles on the real PostGIS: content, visibility, errors, HTTP and server-side caching,
invalidation by triggers, the feature cap, simplification, the spatial index and TileJSON."""

import math
from collections.abc import Callable
from typing import Any

import mapbox_vector_tile
import psycopg2
import pytest
from django.conf import LazySettings
from django.contrib.auth.models import AnonymousUser
from django.contrib.gis.geos import Point
from django.db import connection
from django.test import Client
from psycopg2 import sql

from ingest.synthetic_parcels import parcels_generate
from layers.models import AdminUnit, CultivationZone, Role, TourismSite, ZoneStatus
from layers.registry import LAYERS, get_layer
from layers.services import zone_change_status
from layers.visibility import row_filter
from maps.db import apply_serving_settings
from maps.extent import layer_bounds
from maps.models import TileCache
from maps.tiles.cache import CLAIM_SQL, STRIPES
from maps.tiles.sql import TileAddress, tile_query
from tests.factories import box

pytestmark = pytest.mark.django_db

ZoneMaker = Callable[..., CultivationZone]  # the tiles_zone fixture

WORLD_HALF_WIDTH_M = 20037508.342789244
PUBLIC_ZONE_FIELDS = set(get_layer("zones").public_properties)


def mercator(lon: float, lat: float) -> tuple[float, float]:
    return math.radians(lon) * 6378137.0, math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) * 6378137.0


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int, int]:
    """The z/x/y of the XYZ tile holding the point."""
    mx, my = mercator(lon, lat)
    width = 2 * WORLD_HALF_WIDTH_M / 2**z
    return z, int((mx + WORLD_HALF_WIDTH_M) // width), int((WORLD_HALF_WIDTH_M - my) // width)


def in_tile(lon: float, lat: float, address: tuple[int, int, int]) -> tuple[float, float]:
    """The point in the tile's 4096 grid, y pointing down as MVT stores it."""
    z, x, y = address
    mx, my = mercator(lon, lat)
    width = 2 * WORLD_HALF_WIDTH_M / 2**z
    return (mx + WORLD_HALF_WIDTH_M - x * width) / width * 4096, (WORLD_HALF_WIDTH_M - y * width - my) / width * 4096


def path(layer: str, address: tuple[int, int, int]) -> str:
    return "/tiles/{}/{}/{}/{}.pbf".format(layer, *address)


def features(content: bytes, layer: str = "zones") -> list[dict[str, Any]]:
    """The decoded features of one layer of an MVT, in tile coordinates with y down."""
    decoded = mapbox_vector_tile.decode(content, default_options={"y_coord_down": True})
    return list(decoded[layer]["features"]) if layer in decoded else []


def ids(client: Client, address: tuple[int, int, int], layer: str = "zones") -> set[int]:
    response = client.get(path(layer, address))
    assert response.status_code in (200, 204)
    return {feature["id"] for feature in features(response.content, layer)} if response.status_code == 200 else set()


def cached() -> set[tuple[str, str, int, int, int]]:
    return set(TileCache.objects.values_list("layer", "audience", "z", "x", "y"))


def vertices(feature: dict[str, Any]) -> int:
    geometry = feature["geometry"]
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return sum(len(ring) for polygon in polygons for ring in polygon)


HERE = tile_of(108.002, 14.002, 14)


# --- Content ------------------------------------------------------------------------------------

def test_a_tile_holds_the_features_with_public_properties_at_their_place(
    client: Client, tiles_zone: ZoneMaker, tiles_unit_a: AdminUnit
) -> None:
    zone = tiles_zone(tiles_unit_a, representative="Nguyễn Văn A", households=12, markets=["china", "eu"])
    response = client.get(path("zones", HERE))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    [feature] = features(response.content)
    assert feature["id"] == zone.pk
    assert set(feature["properties"]) <= PUBLIC_ZONE_FIELDS
    assert {"representative", "households", "id"}.isdisjoint(feature["properties"])
    assert feature["properties"]["markets"] == "china,eu"
    assert feature["properties"]["crop"] == "coffee"
    ring = {(round(px), round(py)) for px, py in feature["geometry"]["coordinates"][0]}
    corners = [in_tile(lon, lat, HERE) for lon in (108.0, 108.005) for lat in (14.0, 14.005)]
    for px, py in corners:
        assert any(abs(px - qx) <= 1 and abs(py - qy) <= 1 for qx, qy in ring), (px, py, ring)


def test_a_point_layer_places_its_points(client: Client, tiles_unit_a: AdminUnit) -> None:
    site = TourismSite.objects.create(name_vi="Biển Hồ", category="nature", unit=tiles_unit_a,
                                      geometry=Point(108.003, 14.004, srid=4326))
    response = client.get(path("tourism_sites", HERE))
    [feature] = features(response.content, "tourism_sites")
    assert (feature["id"], feature["geometry"]["type"]) == (site.pk, "Point")
    assert feature["geometry"]["coordinates"] == pytest.approx(in_tile(108.003, 14.004, HERE), abs=1)


@pytest.mark.parametrize("address", [tile_of(100.0, 20.0, 14), (9, *tile_of(108.0, 14.0, 9)[1:]),
                                     (21, *tile_of(108.002, 14.002, 21)[1:])])
def test_an_empty_tile_or_a_zoom_outside_the_layer_is_204(
    client: Client, tiles_zone: ZoneMaker, address: tuple[int, int, int]
) -> None:
    tiles_zone()
    response = client.get(path("zones", address))
    assert response.status_code == 204
    assert response.content == b""


@pytest.mark.parametrize("url", [
    "/tiles/zones/25/0/0.pbf", "/tiles/zones/3/8/0.pbf", "/tiles/zones/3/0/8.pbf", "/tiles/zones/a/0/0.pbf",
    "/tiles/zones/-1/0/0.pbf", "/tiles/zones/1/0/1e3.pbf", "/tiles/zones/%C2%B2/0/0.pbf",
    "/tiles/zones/1/0/99999999999999999999.pbf",
])
def test_a_bad_address_is_a_json_400(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 400


@pytest.mark.parametrize("url", ["/tiles/roads/1/0/0.pbf", "/tiles/roads.json", "/tiles/zones%3B--/1/0/0.pbf"])
def test_an_unknown_layer_is_a_json_404(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert "Unknown layer" in response.json()["detail"]


# --- Visibility ---------------------------------------------------------------------------------

def test_a_draft_zone_shows_only_to_approvers_and_the_staff_of_its_unit(
    client: Client, tiles_zone: ZoneMaker, tiles_unit_a: AdminUnit, tiles_unit_b: AdminUnit,
    tiles_client_for: Callable[..., Client],
) -> None:
    approved = tiles_zone(tiles_unit_a)
    draft = tiles_zone(tiles_unit_a, lon=108.006, status=ZoneStatus.DRAFT, code=None)
    assert ids(client, HERE) == {approved.pk}
    assert ids(tiles_client_for(Role.APPROVER), HERE) == {approved.pk, draft.pk}
    assert ids(tiles_client_for(Role.EXTENSION_STAFF, tiles_unit_a), HERE) == {approved.pk, draft.pk}
    assert ids(tiles_client_for(Role.EXTENSION_STAFF, tiles_unit_b), HERE) == {approved.pk}
    assert ids(tiles_client_for(Role.PLANNER), HERE) == {approved.pk}


# --- HTTP caching -------------------------------------------------------------------------------

def test_a_tile_has_a_strong_etag_and_a_matching_request_gets_304(client: Client, tiles_zone: ZoneMaker) -> None:
    tiles_zone()
    first = client.get(path("zones", HERE))
    etag = first["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert first["Cache-Control"] == "public, max-age=60"
    again = client.get(path("zones", HERE), HTTP_IF_NONE_MATCH=etag)
    assert (again.status_code, again.content, again["ETag"]) == (304, b"", etag)
    assert client.get(path("zones", HERE), HTTP_IF_NONE_MATCH='"stale"').status_code == 200


def test_a_tile_of_a_restricted_audience_is_private(
    tiles_zone: ZoneMaker, tiles_unit_a: AdminUnit, tiles_client_for: Callable[..., Client]
) -> None:
    tiles_zone(tiles_unit_a)
    response = tiles_client_for(Role.EXTENSION_STAFF, tiles_unit_a).get(path("zones", HERE))
    assert response["Cache-Control"] == "private, max-age=0, must-revalidate"
    assert "Cookie" in response["Vary"]


# --- The shared cache ---------------------------------------------------------------------------

def test_a_second_request_is_answered_from_the_shared_cache(
    client: Client, tiles_zone: ZoneMaker, django_assert_num_queries: Any
) -> None:
    tiles_zone()
    first = client.get(path("zones", HERE))
    assert cached() == {("zones", "public", *HERE)}
    with django_assert_num_queries(1):  # the cache lookup, not the tile query
        second = client.get(path("zones", HERE))
    assert (second.content, second["ETag"]) == (first.content, first["ETag"])


def test_an_empty_tile_is_cached_too(client: Client, django_assert_num_queries: Any) -> None:
    assert client.get(path("zones", HERE)).status_code == 204
    with django_assert_num_queries(1):
        assert client.get(path("zones", HERE)).status_code == 204


def test_the_cache_is_keyed_by_audience(
    client: Client, tiles_zone: ZoneMaker, tiles_unit_a: AdminUnit, tiles_client_for: Callable[..., Client]
) -> None:
    draft = tiles_zone(tiles_unit_a, status=ZoneStatus.DRAFT, code=None)
    assert ids(tiles_client_for(Role.EXTENSION_STAFF, tiles_unit_a), HERE) == {draft.pk}
    assert ids(client, HERE) == set()
    assert cached() == {("zones", f"units:{tiles_unit_a.pk}", *HERE), ("zones", "public", *HERE)}


def test_an_anonymous_cache_hit_skips_the_middleware_stack(client: Client, tiles_zone: ZoneMaker) -> None:
    """The fast path answers exactly as the view would; only the stack's own headers are missing."""
    tiles_zone()
    miss = client.get(path("zones", HERE))
    assert miss["Content-Language"] == "vi"  # set by the stack's language middleware
    hit = client.get(path("zones", HERE))
    assert "Content-Language" not in hit
    assert (hit.status_code, hit.content, hit["ETag"], hit["Cache-Control"], hit["Content-Type"]) == (
        miss.status_code, miss.content, miss["ETag"], miss["Cache-Control"], miss["Content-Type"])
    assert client.get(path("zones", HERE), HTTP_IF_NONE_MATCH=miss["ETag"]).status_code == 304


def test_a_signed_in_reader_never_takes_the_fast_path(
    client: Client, tiles_zone: ZoneMaker, tiles_unit_a: AdminUnit, tiles_client_for: Callable[..., Client]
) -> None:
    draft = tiles_zone(tiles_unit_a, status=ZoneStatus.DRAFT, code=None)
    assert ids(client, HERE) == set()  # the public tile, now cached
    staff = tiles_client_for(Role.EXTENSION_STAFF, tiles_unit_a)
    assert ids(staff, HERE) == {draft.pk}
    assert "Content-Language" in staff.get(path("zones", HERE))


def test_bad_addresses_still_get_the_views_errors(client: Client) -> None:
    assert client.get("/tiles/zones/30/0/0.pbf").status_code == 400
    assert client.get("/tiles/nope/10/0/0.pbf").status_code == 404


# --- Invalidation -------------------------------------------------------------------------------

NEAR = (108.05, 14.002)  # where the zone moves to: another z14 tile
FAR = tile_of(108.3, 14.3, 14)


def _move(zone: CultivationZone) -> None:
    zone.geometry = box(*NEAR, 0.005)
    zone.save()


def _suspend(zone: CultivationZone) -> None:
    zone_change_status(zone=zone, status=ZoneStatus.SUSPENDED)


def _raw_update(zone: CultivationZone) -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE layers_cultivationzone SET variety = 'TR4' WHERE id = %s", [zone.pk])


EDITS: dict[str, Callable[[CultivationZone], None]] = {
    "geometry": _move,
    "status": _suspend,
    "raw SQL": _raw_update,
    "unit link": lambda zone: zone.units.clear(),
    "delete": lambda zone: zone.delete(),
}


@pytest.mark.parametrize("edit", EDITS)
def test_an_edit_forgets_exactly_the_tiles_it_touches(
    client: Client, tiles_zone: ZoneMaker, tiles_unit_a: AdminUnit, tiles_client_for: Callable[..., Client],
    edit: str,
) -> None:
    zone = tiles_zone(tiles_unit_a)
    near = tile_of(NEAR[0] + 0.002, NEAR[1], 14)
    staff = tiles_client_for(Role.EXTENSION_STAFF, tiles_unit_a)
    for address in (HERE, near, FAR):
        ids(client, address)
    ids(staff, HERE)
    assert len(cached()) == 4
    EDITS[edit](zone)
    kept = {("zones", "public", *FAR)} | ({("zones", "public", *near)} if edit != "geometry" else set())
    assert cached() == kept
    assert ids(client, HERE) == ({zone.pk} if edit in ("raw SQL", "unit link") else set())


def test_an_insert_and_a_truncate_forget_the_layers_tiles(client: Client, tiles_zone: ZoneMaker) -> None:
    ids(client, HERE)
    ids(client, FAR)
    zone = tiles_zone()
    assert cached() == {("zones", "public", *FAR)}
    assert ids(client, HERE) == {zone.pk}
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE refuses pending foreign-key checks
        cursor.execute("TRUNCATE layers_cultivationzone CASCADE")
    assert cached() == set()


def test_every_registry_layer_table_has_the_invalidation_triggers() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE tgname LIKE 'maps_tilecache_%'")
        triggers = set(cursor.fetchall())
    events = ("insert", "update", "delete", "truncate")
    for spec in LAYERS.values():
        assert {(spec.table, f"maps_tilecache_{event}") for event in events} <= triggers, spec.id
    zone_units = CultivationZone.units.through._meta.db_table
    assert {(zone_units, f"maps_tilecache_{event}") for event in events} <= triggers


def test_an_uncommitted_edit_stops_other_workers_from_storing_tiles(tiles_zone: ZoneMaker) -> None:
    zone = tiles_zone()
    zone.save()  # the test's transaction stays open, as an editor's would until commit
    settings = connection.settings_dict
    options = {"dbname": settings["NAME"], "user": settings["USER"], "password": settings["PASSWORD"],
               "host": settings["HOST"], "port": settings["PORT"]}
    other = psycopg2.connect(**{key: value for key, value in options.items() if value})
    try:
        with other.cursor() as cursor:
            claims = []
            for stripe in range(STRIPES):
                cursor.execute(CLAIM_SQL, ["zones", stripe])
                claims.append(cursor.fetchone()[0])
            cursor.execute(CLAIM_SQL, ["parcels", 0])
            assert cursor.fetchone()[0], "another layer's tiles may still be stored"
        assert not any(claims)
    finally:
        other.close()


# --- Cap, simplification, index -----------------------------------------------------------------

def test_the_feature_cap_keeps_the_largest_features(
    client: Client, tiles_zone: ZoneMaker, settings: LazySettings
) -> None:
    settings.MAPS_TILE_FEATURE_CAP = 5
    zones = [tiles_zone(lon=108.0 + 0.0006 * n, size=0.0001 * (n + 1)) for n in range(8)]
    assert ids(client, HERE) == {zone.pk for zone in zones[-5:]}


def test_geometries_are_simplified_to_the_zoom(client: Client) -> None:
    circle = "ST_Buffer(ST_SetSRID(ST_MakePoint(108.0, 14.0), 4326)::geography, 800, 2000)::geometry"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ST_Multi({circle})")
        zone = CultivationZone.objects.create(name="Tròn", crop="tea", status=ZoneStatus.APPROVED,
                                              code="VN-GLOR-0999", geometry=cursor.fetchone()[0])
        address = tile_of(108.0, 14.0, 10)
        cursor.execute(f"SELECT ST_NPoints(ST_AsMVTGeom(ST_Transform({circle}, 3857), "
                       "ST_TileEnvelope(%s, %s, %s), 4096, 64))", list(address))
        unsimplified = cursor.fetchone()[0]
    [low] = features(client.get(path("zones", address)).content)
    [high] = features(client.get(path("zones", tile_of(108.0, 14.0, 13))).content)  # the whole circle too
    assert low["id"] == zone.pk
    assert vertices(low) < unsimplified / 4
    assert vertices(high) > vertices(low)


def test_the_tile_query_uses_the_spatial_index_and_a_large_import_forgets_its_area(
    client: Client, tiles_unit_a: AdminUnit
) -> None:
    inside, far = tile_of(108.0, 14.01, 16), tile_of(108.4, 14.4, 16)
    assert ids(client, inside, "parcels") == ids(client, far, "parcels") == set()
    assert parcels_generate(count=20_000, seed=7, unit_codes=[tiles_unit_a.code]) == 20_000
    assert cached() == {("parcels", "public", *far)}
    spec = get_layer("parcels")
    query, params = tile_query(spec, row_filter(spec, AnonymousUser()), TileAddress(*inside))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE layers_parcel")
        apply_serving_settings(cursor)
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'layers_parcel' AND indexdef ~ 'gist'")
        index = cursor.fetchone()[0]
        cursor.execute(sql.SQL("EXPLAIN {}").format(query), params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan, plan
    assert 10 < len(ids(client, inside, "parcels")) < 1_000


# --- TileJSON -----------------------------------------------------------------------------------

def test_tilejson_describes_the_layer_as_the_reader_sees_it(
    client: Client, tiles_zone: ZoneMaker, tiles_unit_a: AdminUnit
) -> None:
    tiles_zone(tiles_unit_a, lon=108.0, lat=14.0, size=0.01)
    tiles_zone(tiles_unit_a, lon=107.5, lat=13.5, status=ZoneStatus.DRAFT, code=None)  # hidden: no bounds
    response = client.get("/tiles/zones.json")
    assert response.status_code == 200
    document = response.json()
    assert document["tilejson"] == "3.0.0"
    assert document["tiles"] == ["http://testserver/tiles/zones/{z}/{x}/{y}.pbf"]
    assert (document["minzoom"], document["maxzoom"], document["name"]) == (10, 20, "Vùng trồng")
    assert document["bounds"] == pytest.approx([108.0, 14.0, 108.01, 14.01], abs=1e-6)
    assert document["center"] == pytest.approx([108.005, 14.005, 12])
    [layer] = document["vector_layers"]
    assert layer["id"] == "zones"
    assert set(layer["fields"]) == PUBLIC_ZONE_FIELDS
    assert (layer["fields"]["area_ha"], layer["fields"]["crop"], layer["fields"]["is_illustrative"]) == (
        "Number", "String", "Boolean")
    assert "attribution" not in document
    assert response["ETag"]


def test_tilejson_of_the_boundaries_credits_their_sources_and_speaks_english(client: Client) -> None:
    client.cookies["django_language"] = "en"
    document = client.get("/tiles/communes.json").json()
    assert document["attribution"] == "© thanglequoc/vietnamese-provinces-database (MIT), sapnhap.bando.com.vn"
    assert document["name"] == "Administrative units"
    assert document["bounds"] == [107.9, 13.85, 108.15, 14.15]  # no unit yet: Pleiku


def test_the_bounds_of_a_large_unfiltered_layer_come_from_the_statistics(
    tiles_unit_a: AdminUnit, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = get_layer("communes")
    rows = row_filter(spec, AnonymousUser())
    monkeypatch.setattr("maps.extent.ESTIMATE_ABOVE_ROWS", 1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE layers_adminunit")
    # The estimate covers the data, loosely: float4 boxes, and rows the statistics still remember.
    west, south, east, north = layer_bounds(spec=spec, rows=rows) or (0, 0, 0, 0)
    assert west <= 107.9801 and south <= 13.9901 and east >= 108.0199 and north >= 14.0299
