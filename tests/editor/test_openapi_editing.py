"""The OpenAPI document describes the editing API that the editor package actually serves."""

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern
from openapi_spec_validator import validate

from editor import urls as editor_urls

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(client: Client) -> dict[str, Any]:
    return json.loads(client.get("/api/schema/").content)


def _openapi_path(pattern: URLPattern) -> str:
    route = str(pattern.pattern)
    path = re.sub(r"<int:zone_id>", "{zoneId}", route).replace("<int:feature_id>", "{featureId}")
    return "/" + (path.replace("<str:step>", "{step}"))


def test_the_document_with_the_editing_api_is_valid(document: dict[str, Any]) -> None:
    validate(document)
    assert "Zone editing" in [tag["name"] for tag in document["tags"]]


def test_every_editor_route_is_described_and_nothing_else(document: dict[str, Any]) -> None:
    """Every API route of the editor package is in the document; its HTML page is not an API."""
    served = {_openapi_path(pattern) for pattern in editor_urls.urlpatterns if str(pattern.pattern).startswith("api/")}
    editing_tags = {"Zone editing", "Feature editing"}
    described = {path for path, item in document["paths"].items()
                 if any(set(operation.get("tags", ())) & editing_tags for operation in item.values()
                        if isinstance(operation, dict))}
    assert served == described
    assert {"/api/parcels/", "/api/ocop_producers/{featureId}", "/api/tourism_sites/"} <= served


def test_methods_match_the_views(document: dict[str, Any], client: Client) -> None:
    paths = document["paths"]
    assert set(paths["/api/zones/"]) == {"get", "post"}
    assert set(paths["/api/zones/{zoneId}"]) == {"get", "put"}
    for path, item in paths.items():
        if path.startswith("/api/zones/{zoneId}/") and not path.endswith("history"):
            assert set(item) == {"post"}, path


def test_put_requires_if_match_and_documents_conflicts(document: dict[str, Any]) -> None:
    put = document["paths"]["/api/zones/{zoneId}"]["put"]
    parameters = [document["components"]["parameters"][p["$ref"].rsplit("/", 1)[1]] for p in put["parameters"]]
    assert {"name": "If-Match", "in": "header", "required": True}.items() <= next(
        p for p in parameters if p["name"] == "If-Match").items()
    conflict = put["responses"]["412"]["content"]["application/json"]["schema"]
    assert conflict == {"$ref": "#/components/schemas/ZoneConflict"}
    assert {"412", "422", "428"} <= set(put["responses"])
    assert "ETag" in put["responses"]["200"]["headers"]


def test_writes_name_the_token_and_the_session(document: dict[str, Any]) -> None:
    schemes = document["components"]["securitySchemes"]
    assert schemes["tokenAuth"] == {**schemes["tokenAuth"], "type": "apiKey", "in": "header", "name": "Authorization"}
    post = document["paths"]["/api/zones/"]["post"]
    assert post["security"] == [{"tokenAuth": []}, {"sessionAuth": []}]
    assert {} in document["paths"]["/api/zones/"]["get"]["security"]  # anonymous reading is allowed


def test_the_crop_enumeration_comes_from_the_model(document: dict[str, Any]) -> None:
    crops = document["components"]["schemas"]["ZoneProperties"]["properties"]["crop"]["enum"]
    assert "coffee" in crops and "passion_fruit" in crops


def test_feature_writes_require_if_match_and_name_the_conflict(document: dict[str, Any]) -> None:
    for layer in ("parcels", "ocop_producers", "tourism_sites"):
        item = document["paths"][f"/api/{layer}/{{featureId}}"]
        assert set(item) == {"get", "put", "delete"}
        for method in ("put", "delete"):
            if_match = next(p for p in item[method]["parameters"] if p.get("name") == "If-Match")
            assert if_match["required"] is True
            assert {"412", "428"} <= set(item[method]["responses"])
            assert item[method]["responses"]["412"]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/FeatureConflict"}
    kinds = document["components"]["schemas"]["parcels.EditingProperties"]["properties"]["land_use"]["enum"]
    assert "CLN" in kinds
