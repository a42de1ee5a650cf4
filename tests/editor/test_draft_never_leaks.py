"""One draft zone, every read path of the editing API: anonymous visitors and other units' staff never see it."""

import json

import pytest
from django.contrib.auth.models import AbstractUser
from django.test import Client

from editor.services import token_create
from layers.models import CultivationZone, Role
from tests.editor.api import ZONES, client_for, post
from tests.layers.zone_fixtures import UserFor

pytestmark = pytest.mark.django_db


def seen(client: Client, zone: CultivationZone, **headers: str) -> dict[str, bool]:
    listing = json.loads(client.get(ZONES, {"limit": 1000}, headers=headers).content)
    check = post(client, f"{ZONES}check", {"type": "Feature", "id": zone.pk, "properties": {},
                                           "geometry": json.loads(zone.geometry.json)}, **headers)
    return {
        "list": zone.pk in {feature["id"] for feature in listing["features"]},
        "item": client.get(f"{ZONES}{zone.pk}", headers=headers).status_code == 200,
        "history": client.get(f"{ZONES}{zone.pk}/history", headers=headers).status_code == 200,
        "check": check.status_code == 200,
    }


def test_anonymous_visitors_see_it_nowhere(draft_a: CultivationZone) -> None:
    assert not any(seen(Client(), draft_a).values())


def test_staff_of_another_unit_see_it_nowhere(draft_a: CultivationZone, staff_b: AbstractUser) -> None:
    assert not any(seen(client_for(staff_b), draft_a).values())
    _token, key = token_create(user=staff_b)
    assert not any(seen(Client(), draft_a, Authorization=f"Token {key}").values())


@pytest.mark.parametrize("role", [Role.PLANNER, Role.TOURISM_PROMOTER])
def test_readers_see_it_nowhere(draft_a: CultivationZone, user_for: UserFor, role: Role) -> None:
    assert not any(seen(client_for(user_for(role)), draft_a).values())


def test_its_own_staff_and_the_deciders_see_it_everywhere(draft_a: CultivationZone, staff_a: AbstractUser,
                                                          approver: AbstractUser) -> None:
    assert all(seen(client_for(staff_a), draft_a).values())
    assert all(seen(client_for(approver), draft_a).values())
