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
    path = re.sub(r"<int:zone_id>", "{zoneId}", route)
    return "/" + (path.replace("<str:step>", "{step}"))


def test_the_document_with_the_editing_api_is_valid(document: dict[str, Any]) -> None:
    validate(document)
    assert "Zone editing" in [tag["name"] for tag in document["tags"]]


def test_every_editor_route_is_described_and_nothing_else(document: dict[str, Any]) -> None:
    """Every API route of the editor package is in the document; its HTML page is not an API."""
    served = {_openapi_path(pattern) for pattern in editor_urls.urlpatterns if str(pattern.pattern).startswith("api/")}
    described = {path for path in document["paths"] if path.startswith("/api/zones")}
    assert served == described


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
