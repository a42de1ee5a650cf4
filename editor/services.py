"""API tokens: made for a user (the key returned once), and turned back into their user on each request."""

import datetime as dt
import hashlib
import secrets

from django.contrib.auth.models import AbstractBaseUser, User
from django.db.models import Q
from django.utils import timezone

from editor.models import ApiToken

# Writing last_used_at on every request would make each API read a write; once a minute says enough.
_LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
PREFIX_LENGTH = 8


def token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_create(*, user: AbstractBaseUser, name: str = "") -> tuple[ApiToken, str]:
    """A new token for `user`; returns it and its key, which is stored nowhere and cannot be shown again."""
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user_id=user.pk, name=name, key_hash=token_hash(key), prefix=key[:PREFIX_LENGTH])
    return token, key


def token_authenticate(*, key: str) -> User | None:
    """The active user whose token has this key, or None."""
    token = ApiToken.objects.select_related("user").filter(key_hash=token_hash(key)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - _LAST_USED_RESOLUTION)
    ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)
    return token.user
