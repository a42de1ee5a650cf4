"""OGC API – Features on the real PostGIS: documents, items, CRS, permissions, and GDAL as a real client."""

import json
import math
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from psycopg2 import sql

from layers.registry import LAYERS
from tests.maps.fixtures_ogc import GRID, GRID_BBOX, GRID_BBOX_PARCELS, OgcData, approver, ogc_data

__all__ = ["approver", "ogc_data"]  # fixtures, used by name

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG = "http://www.opengis.net/def/crs/EPSG/0/"
ITEMS = "/ogc/collections/{}/items"


def get_json(client: Client, url: str, expect: int = 200, /, **params: Any) -> Any:
    response = client.get(url, params)
    assert response.status_code == expect, response.content[:500]
    return json.loads(response.content)


def items(client: Client, layer: str, expect: int = 200, /, **params: Any) -> Any:
    return get_json(client, ITEMS.format(layer), expect, **params)


def ids(collection: dict[str, Any]) -> set[int]:
    return {feature["id"] for feature in collection["features"]}


def has_link(document: dict[str, Any], rel: str) -> bool:
    return any(item["rel"] == rel for item in document["links"])


def link(document: dict[str, Any], rel: str) -> dict[str, str]:
    return next(item for item in document["links"] if item["rel"] == rel)


def transformed(table: str, pk: int, srid: int) -> list[Any]:
    """The coordinates PostGIS itself gives for the row's geometry in `srid`."""
    statement = sql.SQL("SELECT ST_AsGeoJSON(ST_Transform(geometry, %s), 9) FROM {} WHERE id = %s")
    with connection.cursor() as cursor:
        cursor.execute(statement.format(sql.Identifier(table)), [srid, pk])
        return json.loads(cursor.fetchone()[0])["coordinates"]


def first_vertex(coordinates: Any) -> list[float]:
    while isinstance(coordinates[0], list):
        coordinates = coordinates[0]
    return coordinates


# --- landing page, conformance, collections -------------------------------------------------------


def test_the_landing_page_links_the_api_definition_docs_conformance_and_data(client: Client) -> None:
    page = get_json(client, "/ogc/", f="json")
    rels = {item["rel"]: item for item in page["links"]}
    assert rels["service-desc"]["href"] == "http://testserver/api/schema/"
    assert rels["service-desc"]["type"] == "application/vnd.oai.openapi+json;version=3.0"
    assert rels["service-doc"]["href"] == "http://testserver/api/docs/"
    assert rels["conformance"]["href"] == "http://testserver/ogc/conformance"
    assert rels["data"]["href"] == "http://testserver/ogc/collections"
    assert rels["self"]["type"] == "application/json"


def test_conformance_declares_core_geojson_oas30_and_crs(client: Client) -> None:
    classes = get_json(client, "/ogc/conformance")["conformsTo"]
    for part in ("features-1/1.0/conf/core", "features-1/1.0/conf/geojson", "features-1/1.0/conf/oas30",
                 "features-2/1.0/conf/crs"):
        assert f"http://www.opengis.net/spec/ogcapi-{part}" in classes


@pytest.mark.django_db
def test_collections_list_every_registry_layer_with_crs_and_links(client: Client, ogc_data: OgcData) -> None:
    document = get_json(client, "/ogc/collections")
    collections = {item["id"]: item for item in document["collections"]}
    assert list(collections) == list(LAYERS)
    zones = collections["zones"]
    assert zones["itemType"] == "feature"
    assert zones["storageCrs"] == CRS84
    assert zones["crs"] == [CRS84, f"{EPSG}4326", f"{EPSG}3857", f"{EPSG}9218"]
    assert link(zones, "items") == {"href": "http://testserver/ogc/collections/zones/items", "rel": "items",
                                    "type": "application/geo+json", "title": zones["title"]}
    assert link(zones, "http://www.opengis.net/def/rel/ogc/1.0/queryables")["type"] == "application/schema+json"
    assert get_json(client, "/ogc/collections/zones") == zones


@pytest.mark.django_db
def test_titles_follow_lang_and_default_to_vietnamese(client: Client) -> None:
    assert get_json(client, "/ogc/collections/zones")["title"] == "Vùng trồng"
    assert get_json(client, "/ogc/collections/zones", lang="en")["title"] == "Cultivation zones"
    assert get_json(client, "/ogc/collections/zones", lang="vi")["title"] == "Vùng trồng"
    assert "lang" in get_json(client, "/ogc/collections", 400, lang="fr")["detail"]


@pytest.mark.django_db
def test_the_extent_covers_what_the_user_may_see_and_no_more(client: Client, ogc_data: OgcData,
                                                             approver: User) -> None:
    anonymous = get_json(client, "/ogc/collections/zones")["extent"]["spatial"]
    assert anonymous["crs"] == CRS84
    minx, miny, maxx, maxy = anonymous["bbox"][0]
    assert 107.9 < minx < maxx < 108.1 and 13.9 < miny < maxy < 14.1  # the draft zone lies at 108.30
    client.force_login(approver)
    assert get_json(client, "/ogc/collections/zones")["extent"]["spatial"]["bbox"][0][2] > 108.3
    parcels = get_json(client, "/ogc/collections/parcels")["extent"]["spatial"]["bbox"][0]
    assert parcels == pytest.approx([108.0, 14.04, 108.009, 14.049])


@pytest.mark.django_db
def test_queryables_are_the_public_properties_as_json_schema(client: Client) -> None:
    response = client.get("/ogc/collections/zones/queryables", {"lang": "en"})
    assert response["Content-Type"] == "application/schema+json"
    schema = json.loads(response.content)
    assert list(schema["properties"]) == list(LAYERS["zones"].public_properties)
    assert schema["properties"]["markets"]["type"] == "array"
    assert "coffee" in schema["properties"]["crop"]["enum"]
    assert schema["properties"]["crop"]["title"] == "crop"
    assert schema["additionalProperties"] is False


@pytest.mark.django_db
def test_the_feature_schema_types_every_public_property(client: Client) -> None:
    collection = get_json(client, "/ogc/collections/zones")
    described_by = link(collection, "describedBy")
    assert described_by["type"] == "application/schema+json"
    response = client.get(urlsplit(described_by["href"]).path)
    assert response["Content-Type"] == "application/schema+json"
    properties = json.loads(response.content)["properties"]["properties"]["properties"]
    assert list(properties) == list(LAYERS["zones"].public_properties)
    assert properties["valid_until"]["format"] == "date"


# --- items ----------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("layer", list(LAYERS))
def test_items_are_geojson_with_primary_key_ids_and_only_public_properties(
        client: Client, ogc_data: OgcData, layer: str) -> None:
    response = client.get(ITEMS.format(layer))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert response["Content-Crs"] == f"<{CRS84}>"
    collection = json.loads(response.content)
    assert collection["type"] == "FeatureCollection"
    assert collection["numberReturned"] == len(collection["features"]) == collection["numberMatched"] > 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", collection["timeStamp"])
    rows = LAYERS[layer].model._default_manager
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert isinstance(feature["id"], int) and rows.filter(pk=feature["id"]).exists()
        assert list(feature["properties"]) == list(LAYERS[layer].public_properties)
        assert feature["geometry"]["type"] in {"Point", "MultiPolygon", "Polygon"}
        assert "crs" not in feature["geometry"]


@pytest.mark.django_db
def test_items_carry_the_values_of_the_rows(client: Client, ogc_data: OgcData) -> None:
    zone = next(f for f in items(client, "zones")["features"] if f["id"] == ogc_data.coffee.pk)
    assert zone["properties"]["crop"] == "coffee"
    assert zone["properties"]["markets"] == ["eu", "china"]
    assert zone["properties"]["area_ha"] == pytest.approx(4.0, rel=0.01)
    assert "representative" not in zone["properties"] and "households" not in zone["properties"]
    assert first_vertex(zone["geometry"]["coordinates"]) == pytest.approx(
        first_vertex(transformed("layers_cultivationzone", ogc_data.coffee.pk, 4326)), abs=1e-7)


@pytest.mark.django_db
def test_bbox_selects_the_features_that_intersect_it(client: Client, ogc_data: OgcData) -> None:
    found = items(client, "parcels", bbox=",".join(map(str, GRID_BBOX)))
    assert found["numberMatched"] == len(found["features"]) == GRID_BBOX_PARCELS
    assert {(f["properties"]["sheet_number"], f["properties"]["parcel_number"]) for f in found["features"]} == {
        (column, row) for column in (2, 3) for row in (2, 3, 4)}
    assert items(client, "parcels", bbox="100,10,100.1,10.1")["features"] == []


@pytest.mark.django_db
def test_a_6_number_bbox_keeps_its_horizontal_part(client: Client, ogc_data: OgcData) -> None:
    minx, miny, maxx, maxy = GRID_BBOX
    found = items(client, "parcels", bbox=f"{minx},{miny},-10,{maxx},{maxy},10")
    assert found["numberMatched"] == GRID_BBOX_PARCELS


@pytest.mark.django_db
def test_paging_by_next_links_covers_every_feature_exactly_once(client: Client, ogc_data: OgcData) -> None:
    seen: list[int] = []
    url: str | None = f"http://testserver{ITEMS.format('parcels')}?limit=7"
    pages = 0
    while url:
        page = get_json(client, url)
        assert page["numberMatched"] == GRID * GRID
        assert page["numberReturned"] == len(page["features"]) <= 7
        assert has_link(page, "prev") == (pages > 0)
        seen.extend(ids_in_order(page))
        url = link(page, "next")["href"] if has_link(page, "next") else None
        pages += 1
    assert pages == 4
    assert sorted(seen) == seen == sorted(p.pk for p in ogc_data.parcels)


def ids_in_order(page: dict[str, Any]) -> list[int]:
    return [feature["id"] for feature in page["features"]]


@pytest.mark.django_db
def test_paging_links_keep_the_other_parameters(client: Client, ogc_data: OgcData) -> None:
    page = items(client, "parcels", bbox=",".join(map(str, GRID_BBOX)), limit=4, crs=f"{EPSG}3857")
    next_href = link(page, "next")["href"]
    assert "offset=4" in next_href and "limit=4" in next_href and "bbox=108.0015,14.0415" in next_href
    assert "crs=http" in next_href
    last = get_json(client, next_href)
    assert last["numberReturned"] == 2 and not has_link(last, "next")
    assert "offset=0" in link(last, "prev")["href"]


@pytest.mark.django_db
def test_limit_defaults_to_100_and_large_limits_are_clamped(client: Client, ogc_data: OgcData) -> None:
    assert "limit=100" in link(items(client, "parcels", offset=1), "prev")["href"]
    clamped = items(client, "parcels", limit=50_000, offset=3)
    assert clamped["numberReturned"] == GRID * GRID - 3
    assert "limit=10000" in link(clamped, "prev")["href"]


@pytest.mark.django_db
def test_property_filters_are_equality_and_array_containment(client: Client, ogc_data: OgcData) -> None:
    assert ids(items(client, "zones", crop="coffee")) == {ogc_data.coffee.pk}
    assert ids(items(client, "zones", markets="domestic")) == {ogc_data.pepper.pk}
    assert ids(items(client, "zones", markets="eu", crop="pepper")) == set()
    assert items(client, "parcels", sheet_number=2)["numberMatched"] == GRID
    assert items(client, "parcels", sheet_number=2, parcel_number=3)["numberMatched"] == 1
    assert items(client, "parcels", is_illustrative="false")["numberMatched"] == GRID * GRID


@pytest.mark.django_db
def test_datetime_selects_by_validity_period(client: Client, ogc_data: OgcData) -> None:
    assert ids(items(client, "communes", datetime="2025-01-01")) == {ogc_data.old_district.pk}
    assert ids(items(client, "communes", datetime="2025-08-01T00:00:00Z")) == {ogc_data.commune.pk}
    assert ids(items(client, "communes", datetime="2025-06-01/..")) == {
        ogc_data.old_district.pk, ogc_data.commune.pk}
    assert items(client, "parcels", datetime="2025-01-01")["numberMatched"] == GRID * GRID  # no time dimension


@pytest.mark.django_db
@pytest.mark.parametrize(("params", "named"), [
    ({"crpo": "coffee"}, "crpo"),
    ({"representative": "x"}, "representative"),
    ({"crop": "cofee"}, "crop"),
    ({"bbox": "1,2,3"}, "bbox"),
    ({"bbox": "a,b,c,d"}, "bbox"),
    ({"bbox": "nan,14,108.1,14.1"}, "bbox"),
    ({"bbox": "108,14,inf,14.1"}, "bbox"),
    ({"bbox": "108.1,14,108,14.1"}, "bbox"),
    ({"limit": "0"}, "limit"),
    ({"limit": "abc"}, "limit"),
    ({"limit": "1e9"}, "limit"),
    ({"limit": "1000000000"}, "limit"),
    ({"offset": "-1"}, "offset"),
    ({"crs": "EPSG:2000"}, "crs"),
    ({"bbox-crs": "urn:nothing", "bbox": "1,2,3,4"}, "bbox-crs"),
    ({"datetime": "yesterday"}, "datetime"),
    ({"datetime": "2025-02-01/2025-01-01"}, "datetime"),
    ({"sheet_number": "two"}, "sheet_number"),
    ({"sheet_number": "²"}, "sheet_number"),  # a digit to str.isdigit(), not to int()
    ({"sheet_number": "9" * 5000}, "sheet_number"),
    ({"is_illustrative": "maybe"}, "is_illustrative"),
    ({"f": "html"}, "f"),
])
def test_malformed_or_unknown_parameters_are_a_json_400_naming_them(
        client: Client, params: dict[str, str], named: str) -> None:
    layer = "parcels" if {"sheet_number", "is_illustrative"} & set(params) else "zones"
    response = client.get(ITEMS.format(layer), params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert named in json.loads(response.content)["detail"]


@pytest.mark.django_db
def test_a_repeated_parameter_is_refused(client: Client) -> None:
    assert "more than once" in items(client, "zones", 400, crop=["coffee", "tea"])["detail"]


@pytest.mark.django_db
def test_an_unknown_collection_is_a_json_404(client: Client) -> None:
    for url in ("/ogc/collections/nothing", "/ogc/collections/nothing/items", "/ogc/collections/nothing/queryables",
                "/ogc/collections/nothing/items/1"):
        response = client.get(url)
        assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


# --- one feature ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_one_feature_by_its_id(client: Client, ogc_data: OgcData) -> None:
    parcel = ogc_data.parcels[7]
    response = client.get(f"{ITEMS.format('parcels')}/{parcel.pk}")
    assert response.status_code == 200 and response["Content-Crs"] == f"<{CRS84}>"
    feature = json.loads(response.content)
    assert feature["type"] == "Feature" and feature["id"] == parcel.pk
    assert feature["properties"]["sheet_number"] == parcel.sheet_number
    assert link(feature, "self")["href"] == f"http://testserver/ogc/collections/parcels/items/{parcel.pk}"
    assert link(feature, "collection")["href"] == "http://testserver/ogc/collections/parcels"


@pytest.mark.django_db
@pytest.mark.parametrize("feature_id", ["0", "999999999", "abc", "99999999999999999999999"])
def test_a_missing_feature_is_a_json_404(client: Client, ogc_data: OgcData, feature_id: str) -> None:
    response = client.get(f"{ITEMS.format('parcels')}/{feature_id}")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


# --- CRS (Part 2) ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("srid", [9218, 3857])
def test_projected_crs_coordinates_match_postgis(client: Client, ogc_data: OgcData, srid: int) -> None:
    response = client.get(f"{ITEMS.format('zones')}/{ogc_data.coffee.pk}", {"crs": f"{EPSG}{srid}"})
    assert response["Content-Crs"] == f"<{EPSG}{srid}>"
    coordinates = json.loads(response.content)["geometry"]["coordinates"]
    expected = transformed("layers_cultivationzone", ogc_data.coffee.pk, srid)
    assert first_vertex(coordinates) == pytest.approx(first_vertex(expected), abs=0.01)
    assert len(coordinates[0][0]) == len(expected[0][0])
    if srid == 9218:  # the square was drawn in VN-2000 at these round figures
        assert first_vertex(coordinates) == pytest.approx([447_000, 1_551_000], abs=0.01)


@pytest.mark.django_db
def test_epsg_4326_is_latitude_first_and_crs84_longitude_first(client: Client, ogc_data: OgcData) -> None:
    url = f"{ITEMS.format('ocop_producers')}/{ogc_data.producer.pk}"
    assert json.loads(client.get(url).content)["geometry"]["coordinates"] == [108.01, 14.05]
    response = client.get(url, {"crs": "EPSG:4326"})
    assert response["Content-Crs"] == f"<{EPSG}4326>"
    assert json.loads(response.content)["geometry"]["coordinates"] == [14.05, 108.01]
    listed = items(client, "ocop_producers", crs=f"{EPSG}4326")["features"][0]
    assert listed["geometry"]["coordinates"] == [14.05, 108.01]


def _bbox_in(srid: int) -> str:
    minx, miny, maxx, maxy = GRID_BBOX
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b) FROM "
                       "(SELECT ST_Transform(ST_MakeEnvelope(%s, %s, %s, %s, 4326), %s)::box2d AS b) x",
                       [minx, miny, maxx, maxy, srid])
        return ",".join(f"{value:.3f}" for value in cursor.fetchone())


@pytest.mark.django_db
@pytest.mark.parametrize("srid", [9218, 3857])
def test_a_projected_bbox_crs_selects_the_same_features_as_crs84(client: Client, ogc_data: OgcData,
                                                                 srid: int) -> None:
    in_crs84 = ids(items(client, "parcels", bbox=",".join(map(str, GRID_BBOX))))
    projected = items(client, "parcels", bbox=_bbox_in(srid), **{"bbox-crs": f"{EPSG}{srid}"})
    assert len(in_crs84) == GRID_BBOX_PARCELS
    assert ids(projected) == in_crs84


@pytest.mark.django_db
def test_an_epsg_4326_bbox_is_latitude_first(client: Client, ogc_data: OgcData) -> None:
    minx, miny, maxx, maxy = GRID_BBOX
    found = items(client, "parcels", bbox=f"{miny},{minx},{maxy},{maxx}", **{"bbox-crs": f"{EPSG}4326"})
    assert found["numberMatched"] == GRID_BBOX_PARCELS


@pytest.mark.django_db
def test_a_bbox_outside_the_crs_domain_finds_nothing_instead_of_failing(client: Client, ogc_data: OgcData) -> None:
    found = items(client, "parcels", bbox="1e12,1e12,2e12,2e12", **{"bbox-crs": f"{EPSG}9218"})
    assert found["numberMatched"] == 0
    everything = items(client, "parcels", bbox="-1e12,-1e12,1e12,1e12", **{"bbox-crs": f"{EPSG}9218"})
    assert everything["numberMatched"] == GRID * GRID


# --- permissions ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_draft_zone_is_invisible_to_anonymous_visitors(client: Client, ogc_data: OgcData) -> None:
    listed = items(client, "zones")
    assert ogc_data.draft.pk not in ids(listed)
    assert listed["numberMatched"] == 2
    assert items(client, "zones", status="draft")["numberMatched"] == 0
    assert items(client, "zones", crop="tea", bbox="108.2,14.2,108.4,14.4")["features"] == []
    response = client.get(f"{ITEMS.format('zones')}/{ogc_data.draft.pk}")
    assert response.status_code == 404


@pytest.mark.django_db
def test_an_approver_sees_the_draft_zone(client: Client, ogc_data: OgcData, approver: User) -> None:
    client.force_login(approver)
    listed = items(client, "zones")
    assert ogc_data.draft.pk in ids(listed) and listed["numberMatched"] == 3
    assert ids(items(client, "zones", status="draft")) == {ogc_data.draft.pk}
    assert get_json(client, f"{ITEMS.format('zones')}/{ogc_data.draft.pk}")["properties"]["status"] == "draft"


# --- GDAL's OAPIF driver as a real client -------------------------------------------------------------

OGRINFO = shutil.which("ogrinfo")
needs_gdal = pytest.mark.skipif(OGRINFO is None, reason="GDAL's ogrinfo is not installed (Debian gdal-bin)")


def gdal(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GDAL_HTTP_TIMEOUT": "30", "NO_PROXY": "*", "no_proxy": "*"}
    result = subprocess.run(args, capture_output=True, text=True, timeout=120, env=env, check=False)
    assert result.returncode == 0, result.stderr
    return result


@needs_gdal
def test_ogrinfo_reads_the_collections_and_counts(live_server: Any, transactional_db: None,
                                                  ogc_data: OgcData) -> None:
    summary = gdal("ogrinfo", "-ro", "-so", f"OAPIF:{live_server.url}/ogc/", "zones").stdout
    assert "Feature Count: 2" in summary
    assert re.search(r"Extent: \(108\.0\d+, 14\.0\d+\) - \(108\.0\d+, 14\.0\d+\)", summary)
    listing = gdal("ogrinfo", "-ro", "-so", f"OAPIF:{live_server.url}/ogc/").stdout
    for layer in LAYERS:
        assert f": {layer}" in listing


@needs_gdal
def test_ogrinfo_types_fields_from_the_feature_schema(live_server: Any, transactional_db: None,
                                                      ogc_data: OgcData) -> None:
    fields = gdal("ogrinfo", "-ro", "-so", f"OAPIF:{live_server.url}/ogc/", "zones").stdout
    # Every zone of the fixture leaves its validity empty: only the schema can tell these are dates.
    assert "valid_until: Date" in fields and "markets: StringList" in fields
    assert "declared_area_ha: Real" in fields and "representative" not in fields


@needs_gdal
def test_ogrinfo_lists_only_the_visible_zones(live_server: Any, transactional_db: None, ogc_data: OgcData) -> None:
    features = gdal("ogrinfo", "-ro", "-al", "-q", f"OAPIF:{live_server.url}/ogc/", "zones").stdout
    assert features.count("OGRFeature(zones):") == 2
    assert "Chè nháp" not in features and "Cà phê Biển Hồ" in features


@needs_gdal
def test_ogrinfo_sends_property_filters_to_the_server(live_server: Any, transactional_db: None,
                                                      ogc_data: OgcData) -> None:
    result = gdal("ogrinfo", "-ro", "-al", "-q", "--debug", "on", f"OAPIF:{live_server.url}/ogc/", "zones",
                  "-where", "crop = 'pepper'")
    assert result.stdout.count("OGRFeature(zones):") == 1 and "Hồ tiêu Chư Á" in result.stdout
    assert "crop=pepper" in result.stderr  # pushed down, thanks to the items path in the API definition


@needs_gdal
def test_ogr2ogr_copies_every_parcel_across_pages(live_server: Any, transactional_db: None, ogc_data: OgcData,
                                                  tmp_path: Path) -> None:
    target = tmp_path / "parcels.json"
    gdal("ogr2ogr", "-f", "GeoJSON", str(target), f"OAPIF:{live_server.url}/ogc/", "parcels",
         "-oo", "PAGE_SIZE=7")
    copied = json.loads(target.read_text())["features"]
    assert len(copied) == GRID * GRID
    by_number = {(f["properties"]["sheet_number"], f["properties"]["parcel_number"]): f for f in copied}
    corner = first_vertex(by_number[(3, 2)]["geometry"]["coordinates"])
    assert math.isclose(corner[0], 108.004, abs_tol=1e-7) and math.isclose(corner[1], 14.042, abs_tol=1e-7)
