"""Writing published maps: create, change, publish, unpublish, delete — each checked against the user.

Views call these after their own checks, but the rules are enforced here too, so no caller can
change a map that is not the user's or move a published map's address.
"""

import itertools
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from layers.permissions import AnyUser
from maps.models import MapStatus, PublishedMap
from maps.published.selectors import map_composable_by, map_editable_by

# Letters that NFKD does not decompose into a base letter plus marks, so slugify would drop them.
_UNDECOMPOSABLE = str.maketrans({"đ": "d", "Đ": "D", "Ð": "D"})
SLUG_MAX = 60
# The fields a composer form may set; author, status and dates are the services' own.
EDITABLE_FIELDS = ("slug", "title_vi", "title_en", "description_vi", "description_en", "composition",
                   "base_map", "centre_lat", "centre_lon", "zoom")


def map_slug_suggest(*, title: str) -> str:
    """An unused address made of the title's letters without diacritics (`Biển Hồ` → `bien-ho`)."""
    base = slugify(title.translate(_UNDECOMPOSABLE))[:SLUG_MAX - 4].strip("-") or "ban-do"
    taken = PublishedMap.objects.all()
    candidates = (base if number == 1 else f"{base}-{number}" for number in itertools.count(1))
    return next(slug for slug in candidates if not taken.filter(slug=slug).exists())


def _check_editable(user: AnyUser, published_map: PublishedMap) -> None:
    if not map_editable_by(user, published_map):
        raise PermissionDenied(_("You may not change this map."))


def _save(published_map: PublishedMap) -> PublishedMap:
    published_map.full_clean()
    published_map.save()
    return published_map


def map_create(*, user: AnyUser, fields: dict[str, Any]) -> PublishedMap:
    """A new draft map by `user` (a tourism promoter or an administrator)."""
    author = user.pk
    if not map_composable_by(user) or author is None:
        raise PermissionDenied(_("Only tourism promoters and administrators compose maps."))
    values = {name: fields[name] for name in EDITABLE_FIELDS if name in fields}
    if not values.get("slug"):
        values["slug"] = map_slug_suggest(title=str(values.get("title_vi", "")))
    return _save(PublishedMap(author_id=author, status=MapStatus.DRAFT, **values))


def map_update(*, user: AnyUser, published_map: PublishedMap, fields: dict[str, Any]) -> PublishedMap:
    """Change the map's texts, layers and view; its address only while it has never been published."""
    _check_editable(user, published_map)
    new_slug = fields.get("slug") or published_map.slug
    if published_map.slug_frozen and new_slug != published_map.slug:
        raise ValidationError({"slug": _("A map that has been published keeps its address.")})
    for name in EDITABLE_FIELDS:
        if name in fields:
            setattr(published_map, name, fields[name])
    published_map.slug = new_slug
    return _save(published_map)


def map_publish(*, user: AnyUser, published_map: PublishedMap) -> PublishedMap:
    """Make the map public at `/m/<slug>/`, freezing its address."""
    _check_editable(user, published_map)
    if not published_map.composition.get("layers"):
        raise ValidationError(_("Add at least one layer before publishing."))
    published_map.status = MapStatus.PUBLISHED
    published_map.published_at = timezone.now()
    return _save(published_map)


def map_unpublish(*, user: AnyUser, published_map: PublishedMap) -> PublishedMap:
    """Take the map back to draft: its page answers 404 to the public again; the address stays reserved."""
    _check_editable(user, published_map)
    published_map.status = MapStatus.DRAFT
    return _save(published_map)


def map_delete(*, user: AnyUser, published_map: PublishedMap) -> None:
    """Delete the map (published or not) for good."""
    _check_editable(user, published_map)
    published_map.delete()
