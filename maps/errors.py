"""Errors of the serving layer, each with its HTTP status, rendered once as a JSON problem."""

import json
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec

from django.db import OperationalError
from django.db.utils import DatabaseError
from django.http import HttpResponse

from layers.errors import UnknownLayer

P = ParamSpec("P")


class MapsError(Exception):
    status = 500
    title = "Internal error"


class BadRequest(MapsError):
    status = 400
    title = "Bad request"


class NotFound(MapsError):
    status = 404
    title = "Not found"


class QueryTimeout(MapsError):
    status = 503
    title = "Query took too long"


def problem(status: int, title: str, detail: str) -> HttpResponse:
    """An RFC 7807 problem document; OGC API clients read `code`/`description` too."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail,
            "code": title, "description": detail}
    return HttpResponse(json.dumps(body, ensure_ascii=False), status=status,
                        content_type="application/problem+json")


def _is_timeout(error: DatabaseError) -> bool:
    cause = getattr(error, "__cause__", None)
    return getattr(cause, "pgcode", None) == "57014"  # query_canceled: statement_timeout


def json_errors(view: Callable[P, HttpResponse]) -> Callable[P, HttpResponse]:
    """Turn the package's typed errors into JSON problems; an unknown layer is a 404."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        try:
            return view(*args, **kwargs)
        except MapsError as error:
            return problem(error.status, error.title, str(error))
        except UnknownLayer as error:
            return problem(404, NotFound.title, str(error))
        except OperationalError as error:
            if _is_timeout(error):
                return problem(QueryTimeout.status, QueryTimeout.title,
                               "The query was stopped by the statement timeout; narrow the bbox or filters.")
            raise

    return wrapper
