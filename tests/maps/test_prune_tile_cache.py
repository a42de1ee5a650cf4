"""Pruning the shared tile cache keeps what is asked to be kept."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from maps.models import TileCache

pytestmark = pytest.mark.django_db

ENVELOPE = "SRID=3857;POLYGON((0 0,1 0,1 1,0 1,0 0))"


def _tile(layer: str, z: int, age_hours: float) -> TileCache:
    tile = TileCache.objects.create(layer=layer, audience="public", z=z, x=0, y=0, etag="e", data=b"x",
                                    envelope=ENVELOPE)
    TileCache.objects.filter(pk=tile.pk).update(created_at=timezone.now() - dt.timedelta(hours=age_hours))
    return tile


def test_old_tiles_go_and_recent_ones_stay() -> None:
    old, recent = _tile("parcels", 14, 48), _tile("parcels", 15, 1)
    out = StringIO()
    call_command("prune_tile_cache", "--older-than-hours", "24", stdout=out)
    assert list(TileCache.objects.values_list("pk", flat=True)) == [recent.pk]
    assert "1 cached tiles deleted" in out.getvalue()
    assert not TileCache.objects.filter(pk=old.pk).exists()


def test_one_layer_or_everything() -> None:
    _tile("parcels", 14, 1)
    zone = _tile("zones", 14, 1)
    call_command("prune_tile_cache", "--layer", "parcels", stdout=StringIO())
    assert list(TileCache.objects.values_list("pk", flat=True)) == [zone.pk]
    call_command("prune_tile_cache", stdout=StringIO())
    assert not TileCache.objects.exists()


def test_a_negative_age_is_refused() -> None:
    _tile("parcels", 14, 1)
    with pytest.raises(CommandError):
        call_command("prune_tile_cache", "--older-than-hours", "-1")
    assert TileCache.objects.count() == 1
