"""The stored composition is checked strictly, and the model refuses what the database must not hold."""

from typing import Any

import pytest
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from maps.models import PublishedMap
from maps.published.composition import Composition, LayerChoice, Style, composition_parse
from maps.published.services import map_publish, map_slug_suggest, map_unpublish, map_update
from tests.maps.published.published_fixtures import MapMaker

pytestmark = pytest.mark.django_db


def test_a_composition_survives_a_round_trip() -> None:
    composition = Composition(layers=(
        LayerChoice(kind="tourism_sites", categories=("nature", "viewpoint"), units=("test-23590",),
                    styles={"nature": Style(color="#2e7d32", icon="leaf")}),
        LayerChoice(kind="ocop_producers", categories=("drinks",), min_stars=4),
        LayerChoice(kind="tourism_routes", routes=(3, 7)),
    ))
    assert composition_parse(composition.to_json()) == composition


@pytest.mark.parametrize("data", [
    None, [], {"layers": {}}, {"layers": [], "extra": 1},
    {"layers": [{"kind": "parcels"}]},
    {"layers": [{"kind": "tourism_sites", "owner": "x"}]},
    {"layers": [{"kind": "tourism_sites", "categories": ["casino"]}]},
    {"layers": [{"kind": "tourism_sites", "categories": "nature"}]},
    {"layers": [{"kind": "tourism_sites", "units": ["<script>"]}]},
    {"layers": [{"kind": "tourism_sites", "routes": [1]}]},
    {"layers": [{"kind": "tourism_routes", "units": ["a"]}]},
    {"layers": [{"kind": "tourism_routes", "routes": ["1"]}]},
    {"layers": [{"kind": "tourism_routes", "routes": [True]}]},
    {"layers": [{"kind": "ocop_producers", "min_stars": 2}]},
    {"layers": [{"kind": "ocop_producers", "min_stars": "4"}]},
    {"layers": [{"kind": "tourism_sites", "styles": {"nature": {"color": "red", "icon": "dot"}}}]},
    {"layers": [{"kind": "tourism_sites", "styles": {"nature": {"color": "#ffffff", "icon": "skull"}}}]},
    {"layers": [{"kind": "tourism_sites", "styles": {"casino": {"color": "#ffffff", "icon": "dot"}}}]},
    {"layers": [{"kind": "tourism_sites", "styles": {"nature": {"color": "#ffffff;x", "icon": "dot"}}}]},
    {"layers": [{"kind": "zones"}, {"kind": "zones"}]},
])
def test_anything_else_is_refused(data: Any) -> None:
    with pytest.raises(ValidationError):
        composition_parse(data)


def test_the_model_validates_its_composition(promoter: AbstractUser) -> None:
    bad = PublishedMap(slug="xau", title_vi="Bản đồ", author=promoter, centre_lat=14, centre_lon=108, zoom=12,
                       composition={"layers": [{"kind": "parcels"}]})
    with pytest.raises(ValidationError) as error:
        bad.full_clean()
    assert "composition" in error.value.message_dict


@pytest.mark.parametrize("zoom", [3, 19])
def test_the_database_refuses_a_zoom_out_of_range(promoter: AbstractUser, zoom: int) -> None:
    with pytest.raises(IntegrityError):
        PublishedMap.objects.create(slug="z", title_vi="Bản đồ", author=promoter, centre_lat=14, centre_lon=108,
                                    zoom=zoom)


def test_a_published_map_must_have_a_date(promoter: AbstractUser) -> None:
    with pytest.raises(IntegrityError):
        PublishedMap.objects.create(slug="d", title_vi="Bản đồ", author=promoter, centre_lat=14, centre_lon=108,
                                    zoom=12, status="published")


def test_slugs_come_from_the_vietnamese_title_and_stay_unique(published_map: MapMaker) -> None:
    assert map_slug_suggest(title="Đồi chè Biển Hồ") == "doi-che-bien-ho"
    first = published_map(title_vi="Du lịch Biển Hồ", slug="")
    second = published_map(title_vi="Du lịch Biển Hồ", slug="")
    assert (first.slug, second.slug) == ("du-lich-bien-ho", "du-lich-bien-ho-2")


def test_the_address_is_frozen_once_published(published_map: MapMaker, promoter: AbstractUser) -> None:
    draft = published_map(publish=False, slug="nhap")
    draft = map_update(user=promoter, published_map=draft, fields={"slug": "ban-moi"})
    assert draft.slug == "ban-moi"  # never published: the address may still change
    map_publish(user=promoter, published_map=draft)
    map_unpublish(user=promoter, published_map=draft)
    with pytest.raises(ValidationError):
        map_update(user=promoter, published_map=draft, fields={"slug": "lai-doi"})
    assert PublishedMap.objects.get(pk=draft.pk).slug == "ban-moi"


def test_an_empty_map_cannot_be_published(published_map: MapMaker, promoter: AbstractUser) -> None:
    empty = published_map(publish=False, composition={"layers": []})
    with pytest.raises(ValidationError):
        map_publish(user=promoter, published_map=empty)


def test_services_refuse_another_promoters_map(published_map: MapMaker, other_promoter: AbstractUser,
                                               administrator: AbstractUser) -> None:
    mine = published_map()
    with pytest.raises(PermissionDenied):
        map_unpublish(user=other_promoter, published_map=mine)
    assert map_unpublish(user=administrator, published_map=mine).status == "draft"
