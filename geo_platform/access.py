"""The one door of every signed-in page: visitors who are not signed in go to the login page, signed-in
users the rule refuses get 403. Each package keeps its own rule (who may compose maps, edit site content,
run analyses); only the way a page applies it lives here."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse

View = Callable[..., HttpResponseBase]
Rule = Callable[[AbstractBaseUser | AnonymousUser], bool]


def signed_in_and(rule: Rule) -> Callable[[View], View]:
    """Decorate a view so only signed-in users for whom `rule(user)` holds reach it."""

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), login_url=reverse("admin:login"))
            if not rule(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return guarded

    return decorate
