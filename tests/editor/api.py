"""Helpers of the API tests: clients for users and GeoJSON Features of test squares."""

import json
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.contrib.gis.geos import GEOSGeometry
from django.http import HttpResponse
from django.test import Client

from tests.layers.zone_fixtures import coffee

ZONES = "/api/zones/"


def client_for(user: AbstractUser | None = None, **options: Any) -> Client:
    client = Client(**options)
    if user is not None:
        client.force_login(user)
    return client


def feature(geometry: GEOSGeometry | dict[str, Any] | None, **properties: Any) -> dict[str, Any]:
    shape = json.loads(geometry.json) if isinstance(geometry, GEOSGeometry) else geometry
    return {"type": "Feature", "geometry": shape, "properties": coffee(**properties)}


def post(client: Client, url: str, body: Any = None, **headers: str) -> HttpResponse:
    data = "" if body is None else json.dumps(body)
    return client.post(url, data, content_type="application/json", headers=headers)


def put(client: Client, url: str, body: Any, **headers: str) -> HttpResponse:
    return client.put(url, json.dumps(body), content_type="application/json", headers=headers)


def error_codes(response: HttpResponse) -> list[str]:
    return [error["code"] for error in json.loads(response.content)["errors"]]
