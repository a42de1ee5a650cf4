"""Sessions with CSRF for the browser, hashed tokens for scripts and QGIS."""

import hashlib
import json

import pytest
from django.contrib.auth.models import AbstractUser
from django.core.management import CommandError, call_command
from django.test import Client

from editor.models import ApiToken
from editor.services import token_create
from layers.models import AdminUnit, CultivationZone
from tests.editor.api import ZONES, client_for, feature, post

pytestmark = pytest.mark.django_db


def test_a_token_writes_without_csrf(staff_a: AbstractUser, commune_a: AdminUnit, square: object) -> None:
    _token, key = token_create(user=staff_a, name="QGIS")
    client = Client(enforce_csrf_checks=True)
    response = post(client, ZONES, feature(square(100, 100, 200)), Authorization=f"Token {key}")  # type: ignore[operator]
    assert response.status_code == 201, response.content
    assert CultivationZone.objects.get().revisions.get().user == staff_a


def test_a_token_reads_as_its_user(draft_a: CultivationZone, staff_a: AbstractUser) -> None:
    _token, key = token_create(user=staff_a)
    response = Client().get(f"{ZONES}{draft_a.pk}", headers={"Authorization": f"Token {key}"})
    assert response.status_code == 200  # a draft: anonymous readers would get 404


@pytest.mark.parametrize("header", ["Token not-a-key", "Token ", "Bearer abc", "Basic dXNlcjpwdw=="])
def test_a_wrong_token_is_401_even_with_a_session(draft_a: CultivationZone, staff_a: AbstractUser,
                                                  header: str) -> None:
    token_create(user=staff_a)
    response = client_for(staff_a).get(f"{ZONES}{draft_a.pk}", headers={"Authorization": header})
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Token")


def test_an_inactive_users_token_is_401(draft_a: CultivationZone, staff_a: AbstractUser) -> None:
    _token, key = token_create(user=staff_a)
    staff_a.is_active = False
    staff_a.save()
    assert Client().get(ZONES, headers={"Authorization": f"Token {key}"}).status_code == 401


def test_a_session_write_needs_the_csrf_token(staff_a: AbstractUser, commune_a: AdminUnit, square: object) -> None:
    client = client_for(staff_a, enforce_csrf_checks=True)
    body = feature(square(100, 100, 200))  # type: ignore[operator]
    refused = post(client, ZONES, body)
    assert refused.status_code == 403
    assert json.loads(refused.content)["errors"][0]["code"] == "csrf_failed"
    client.get(ZONES)  # a logged-in GET of the API sets the csrftoken cookie
    token = client.cookies["csrftoken"].value
    assert post(client, ZONES, body, **{"X-CSRFToken": token}).status_code == 201


def test_only_the_hash_of_the_key_is_stored(staff_a: AbstractUser) -> None:
    token, key = token_create(user=staff_a)
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {stored.key_hash, stored.prefix, stored.name} and stored.prefix == key[:8]
    assert len(key) >= 40


def test_create_token_prints_the_key_once(staff_a: AbstractUser, draft_a: CultivationZone,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    call_command("create_token", staff_a.username, "--name", "QGIS")
    key = capsys.readouterr().out.strip()
    assert Client().get(f"{ZONES}{draft_a.pk}", headers={"Authorization": f"Token {key}"}).status_code == 200
    assert ApiToken.objects.get().name == "QGIS"
    call_command("create_token", staff_a.username)
    assert capsys.readouterr().out.strip() != key


def test_create_token_refuses_an_unknown_user() -> None:
    with pytest.raises(CommandError, match="nobody"):
        call_command("create_token", "nobody")
