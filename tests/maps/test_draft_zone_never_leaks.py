"""One draft zone, every read path: anonymous visitors and other communes' staff never see it.

Each serving module tests its own rules; this test walks all of them with the same zone, so a new
endpoint that forgets `row_filter` shows up here as well.
"""

import json
import math
from collections.abc import Callable

import mapbox_vector_tile
import pytest
from django.test import Client

from layers.models import AdminUnit, CultivationZone, Role, ZoneStatus
from tests.maps.conftest import ZoneMaker

pytestmark = pytest.mark.django_db

LON, LAT = 107.992, 14.002  # inside tiles_unit_a's box


def _tile_of(zoom: int) -> tuple[int, int, int]:
    n = 2**zoom
    x = int((LON + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(LAT))) / math.pi) / 2 * n)
    return zoom, x, y


def _zone_ids_in_tiles(client: Client) -> set[int]:
    found: set[int] = set()
    for zoom in (10, 12, 14, 16, 18):
        response = client.get("/tiles/zones/{}/{}/{}.pbf".format(*_tile_of(zoom)))
        if response.status_code == 200:
            layer = mapbox_vector_tile.decode(response.content).get("zones", {"features": []})
            found |= {feature["id"] for feature in layer["features"]}
    return found


def _ids(body: bytes) -> set[int]:
    return {feature["id"] for feature in json.loads(body)["features"]}


def _found(body: bytes) -> set[tuple[str, int]]:
    return {(result["layer"], result["id"]) for result in json.loads(body)["results"]}


def _every_path(client: Client, zone: CultivationZone) -> dict[str, bool]:
    """For each read path: does the zone show?"""
    point = f"lon={LON + 0.001}&lat={LAT + 0.001}"
    geometry = {"type": "Point", "coordinates": [LON + 0.001, LAT + 0.001]}
    intersects = client.post("/api/query/intersects", {"layer": "zones", "geometry": geometry},
                             content_type="application/json")
    at = json.loads(client.get(f"/api/query/at?{point}").content)
    return {
        "tiles": zone.pk in _zone_ids_in_tiles(client),
        "ogc items": zone.pk in _ids(client.get("/ogc/collections/zones/items?limit=1000").content),
        "ogc item": client.get(f"/ogc/collections/zones/items/{zone.pk}").status_code == 200,
        "at": any(feature["id"] == zone.pk for feature in at["zones"]),
        "nearby": zone.pk in _ids(client.get(f"/api/query/nearby?layer=zones&{point}&radius_m=500").content),
        "nearest": zone.pk in _ids(client.get(f"/api/query/nearest?layer=zones&{point}&k=5").content),
        "intersects": zone.pk in _ids(intersects.content),
        "search": ("zones", zone.pk) in _found(client.get("/api/search", {"q": zone.name, "limit": 50}).content),
    }


@pytest.fixture
def draft(tiles_unit_a: AdminUnit, tiles_zone: ZoneMaker) -> CultivationZone:
    return tiles_zone(tiles_unit_a, lon=LON, lat=LAT, size=0.004, status=ZoneStatus.DRAFT, code=None)


def test_anonymous_visitors_see_it_nowhere(client: Client, draft: CultivationZone) -> None:
    assert _every_path(client, draft) == dict.fromkeys(_every_path(client, draft), False)


def test_staff_of_another_commune_see_it_nowhere(draft: CultivationZone, tiles_unit_b: AdminUnit,
                                                 tiles_client_for: Callable[..., Client]) -> None:
    other = tiles_client_for(Role.EXTENSION_STAFF, tiles_unit_b)
    assert not any(_every_path(other, draft).values())


@pytest.mark.parametrize("role", [Role.APPROVER, Role.ADMIN])
def test_deciders_see_it_everywhere(draft: CultivationZone, role: Role,
                                    tiles_client_for: Callable[..., Client]) -> None:
    assert all(_every_path(tiles_client_for(role), draft).values())


def test_its_own_staff_see_it_everywhere(draft: CultivationZone, tiles_unit_a: AdminUnit,
                                         tiles_client_for: Callable[..., Client]) -> None:
    assert all(_every_path(tiles_client_for(Role.EXTENSION_STAFF, tiles_unit_a), draft).values())


def test_once_approved_everyone_sees_it(client: Client, draft: CultivationZone) -> None:
    draft.code = "VN-GLOR-0999"
    draft.status = ZoneStatus.APPROVED
    draft.save()
    assert all(_every_path(client, draft).values())
