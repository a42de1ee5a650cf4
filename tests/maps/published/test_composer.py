"""The composer at /compose/: who may open it, whose maps they reach, and what a save stores."""

from typing import Any

import pytest
from django.contrib.auth.models import AbstractUser
from django.test import Client

from layers.models import Role
from maps.models import PublishedMap
from maps.published.composition import composition_parse
from tests.layers.zone_fixtures import UserFor
from tests.maps.published.published_fixtures import MapMaker, PublishedData

pytestmark = pytest.mark.django_db


def _client(user: AbstractUser | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _form(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title_vi": "Chè Biển Hồ", "title_en": "Bien Ho tea", "description_vi": "Đồi chè.", "description_en": "",
        "slug": "", "base_map": "on", "centre_lat": "14.05", "centre_lon": "107.99", "zoom": "13",
        "tourism_sites-include": "on", "tourism_sites-categories": ["nature", "agri"],
        "tourism_sites-color_nature": "#00ff00", "tourism_sites-icon_nature": "eye",
        "ocop_producers-include": "on", "ocop_producers-min_stars": "4",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("path", ["/compose/", "/compose/new/"])
def test_visitors_are_sent_to_log_in(path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/?next=")


@pytest.mark.parametrize("role", [Role.PLANNER, Role.APPROVER])
def test_other_roles_are_refused(user_for: UserFor, role: Role) -> None:
    client = _client(user_for(role))
    assert client.get("/compose/").status_code == 403
    assert client.post("/compose/new/", _form()).status_code == 403
    assert not PublishedMap.objects.exists()


def test_extension_staff_are_refused(user_for: UserFor, published_data: PublishedData) -> None:
    client = _client(user_for(Role.EXTENSION_STAFF, published_data.unit))
    assert client.get("/compose/new/").status_code == 403


def test_a_promoter_creates_a_draft(promoter: AbstractUser, published_data: PublishedData) -> None:
    client = _client(promoter)
    assert client.get("/compose/new/").status_code == 200
    response = client.post("/compose/new/", _form(**{"tourism_sites-units": [published_data.unit.slug]}))
    saved = PublishedMap.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/compose/{saved.pk}/"
    assert (saved.slug, saved.status, saved.author, saved.zoom) == ("che-bien-ho", "draft", promoter, 13)
    sites, producers = composition_parse(saved.composition).layers
    assert sites.categories == ("nature", "agri") and sites.units == (published_data.unit.slug,)
    assert sites.style("nature").color == "#00ff00" and sites.style("nature").icon == "eye"
    assert producers.min_stars == 4
    assert Client().get("/m/che-bien-ho/").status_code == 404  # a draft is nobody else's business


def test_a_bad_colour_is_refused_with_the_form_again(promoter: AbstractUser) -> None:
    response = _client(promoter).post("/compose/new/", _form(**{"tourism_sites-color_nature": "red"}))
    assert response.status_code == 400 and not PublishedMap.objects.exists()


def test_a_promoter_edits_only_their_own_maps(published_map: MapMaker, other_promoter: AbstractUser) -> None:
    theirs = published_map()
    client = _client(other_promoter)
    assert client.get("/compose/").context["maps"].count() == 0
    assert client.get(f"/compose/{theirs.pk}/").status_code == 404
    assert client.post(f"/compose/{theirs.pk}/", _form(title_vi="Chiếm")).status_code == 404
    assert client.post(f"/compose/{theirs.pk}/unpublish/").status_code == 404
    assert client.post(f"/compose/{theirs.pk}/delete/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.title_vi == "Du lịch Biển Hồ" and theirs.is_published


def test_an_administrator_edits_any_map(published_map: MapMaker, administrator: AbstractUser) -> None:
    theirs = published_map()
    client = _client(administrator)
    assert list(client.get("/compose/").context["maps"]) == [theirs]
    response = client.post(f"/compose/{theirs.pk}/", _form(title_vi="Sửa bởi quản trị"))
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.title_vi == "Sửa bởi quản trị" and theirs.slug == "du-lich-bien-ho"  # the address stays


def test_publish_unpublish_and_delete(published_map: MapMaker, promoter: AbstractUser) -> None:
    draft = published_map(publish=False)
    client = _client(promoter)
    assert Client().get(f"/m/{draft.slug}/").status_code == 404
    assert client.get(f"/compose/{draft.pk}/publish/").status_code == 405  # writes are POSTs only
    assert client.post(f"/compose/{draft.pk}/publish/").status_code == 302
    assert Client().get(f"/m/{draft.slug}/").status_code == 200
    assert client.post(f"/compose/{draft.pk}/unpublish/").status_code == 302
    assert Client().get(f"/m/{draft.slug}/").status_code == 404
    assert client.post(f"/compose/{draft.pk}/delete/").status_code == 302
    assert not PublishedMap.objects.filter(pk=draft.pk).exists()


def test_writes_need_the_csrf_token(published_map: MapMaker, promoter: AbstractUser) -> None:
    draft = published_map(publish=False)
    client = Client(enforce_csrf_checks=True)
    client.force_login(promoter)
    assert client.post(f"/compose/{draft.pk}/publish/").status_code == 403
    assert client.post("/compose/new/", _form()).status_code == 403
    draft.refresh_from_db()
    assert not draft.is_published


def test_the_composer_page_has_a_preview_map_and_no_inline_code(promoter: AbstractUser,
                                                               published_map: MapMaker) -> None:
    made = published_map(publish=False)
    page = _client(promoter).get(f"/compose/{made.pk}/").content.decode()
    assert 'id="ntm-compose-preview"' in page and "maps/published/compose.js" in page
    assert 'data-view="lat"' in page and 'data-view="zoom"' in page
    assert "<script>" not in page and " style=" not in page and " onclick=" not in page
