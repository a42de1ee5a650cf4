"""The OpenAPI contract: a valid OpenAPI 3.0 document built from the registry, and Swagger UI served locally."""

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.test import Client
from openapi_spec_validator import validate

from layers.registry import LAYERS
from maps.openapi.views import SWAGGER_UI_VERSION

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(client: Client) -> dict[str, Any]:
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oai.openapi+json;version=3.0"
    return json.loads(response.content)


def test_the_document_is_valid_openapi_3_0(document: dict[str, Any]) -> None:
    assert document["openapi"].startswith("3.0.")
    validate(document)


def test_the_yaml_rendering_is_the_same_document(client: Client, document: dict[str, Any]) -> None:
    response = client.get("/api/schema/", {"format": "yaml"})
    assert response.status_code == 200
    assert yaml.safe_load(response.content) == document
    assert client.get("/api/schema/", {"format": "xml"}).status_code == 400


def test_every_registry_collection_has_its_ogc_paths(document: dict[str, Any]) -> None:
    paths = document["paths"]
    for path in ("/", "/conformance", "/collections"):
        assert path in paths
    for layer in LAYERS:
        for suffix in ("", "/queryables", "/schema", "/items", "/items/{featureId}"):
            item = paths[f"/collections/{layer}{suffix}"]
            assert [server["url"] for server in item["servers"]] == ["http://testserver/ogc"]


def test_item_listings_take_the_standard_parameters_and_the_queryables(document: dict[str, Any]) -> None:
    parameters = document["paths"]["/collections/zones/items"]["get"]["parameters"]
    referenced = {p["$ref"].rsplit("/", 1)[1] for p in parameters if "$ref" in p}
    assert {"bbox", "bbox-crs", "crs", "limit", "offset", "datetime"} <= referenced
    inline = {p["name"]: p for p in parameters if "name" in p}
    assert set(inline) == set(LAYERS["zones"].public_properties)
    assert inline["markets"]["schema"]["type"] == "string"  # one value, matched by containment
    assert "coffee" in inline["crop"]["schema"]["enum"]
    limit = document["components"]["parameters"]["limit"]["schema"]
    assert (limit["default"], limit["maximum"]) == (100, 100_000)


def test_tiles_and_spatial_queries_are_described(document: dict[str, Any]) -> None:
    paths = document["paths"]
    tile = paths["/tiles/{layer}/{z}/{x}/{y}.pbf"]["get"]
    assert tile["parameters"][0]["schema"]["enum"] == list(LAYERS)
    assert "/tiles/{layer}.json" in paths
    names = {
        path: {p.get("name") or p["$ref"].rsplit("/", 1)[1] for p in item["get"]["parameters"]}
        for path, item in paths.items() if path.startswith("/api/query/") and "get" in item
    }
    assert names == {
        "/api/query/at": {"lon", "lat", "geometry"},
        "/api/query/nearby": {"lon", "lat", "layer", "radius_m", "limit", "geometry"},
        "/api/query/nearest": {"lon", "lat", "layer", "k", "geometry"},
    }
    body = paths["/api/query/intersects"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["required"] == ["layer", "geometry"]
    assert body["properties"]["geometry"] == {"$ref": "#/components/schemas/Geometry"}


def test_the_described_intersects_body_is_what_the_endpoint_takes(client: Any) -> None:
    body = {"layer": "communes", "geometry": {"type": "Point", "coordinates": [108.0, 14.05]}, "limit": 5}
    response = client.post("/api/query/intersects", body, content_type="application/json")
    assert response.status_code == 200, response.content


def test_the_landing_page_points_at_this_document(client: Client) -> None:
    landing = json.loads(client.get("/ogc/").content)
    service_desc = next(link for link in landing["links"] if link["rel"] == "service-desc")
    assert client.get(urlsplit(service_desc["href"]).path).status_code == 200


def test_the_docs_page_loads_only_local_assets(client: Client) -> None:
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    for url in re.findall(r"https?://[^\s\"'<>)]+", html):
        assert urlsplit(url).netloc == "testserver", url
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    vendor = f"/static/maps/vendor/swagger-ui-{SWAGGER_UI_VERSION}/"
    assert f"{vendor}swagger-ui-bundle.js" in assets and f"{vendor}swagger-ui.css" in assets
    for asset in assets:
        assert asset.startswith("/"), asset
        assert finders.find(asset.removeprefix("/static/")) is not None, asset
    assert '"/api/schema/"' in html
    # The page's own script (a static file: the Content-Security-Policy refuses inline code).
    assert "/static/maps/openapi/docs.js" in assets
    starter = Path(str(finders.find("maps/openapi/docs.js"))).read_text(encoding="utf-8")
    assert "validatorUrl: null" in starter


def vendored(name: str) -> Path:
    found = finders.find(f"maps/vendor/swagger-ui-{SWAGGER_UI_VERSION}/{name}")
    assert isinstance(found, str), name
    return Path(found)


def test_the_vendored_swagger_ui_carries_its_licence() -> None:
    assert "Apache License" in vendored("LICENSE").read_text()
    assert "sourceMappingURL" not in vendored("swagger-ui-bundle.js").read_text(encoding="utf-8")[-300:]
