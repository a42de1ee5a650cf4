"""`GET /api/search?q=…&limit=…`: parse, call one selector, return its JSON."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from maps.errors import json_errors
from maps.params import bounded_int
from maps.query.views import only
from maps.search.selectors import features_search
from maps.search.terms import search_terms

DEFAULT_LIMIT = 10
MAX_LIMIT = 50


@json_errors
@only("GET")
def search(request: HttpRequest) -> HttpResponse:
    """Matches for the search box; a reader's drafts make answers differ per user, so none are shared."""
    terms = search_terms(request.GET.get("q"))
    limit = bounded_int(request.GET, "limit", default=DEFAULT_LIMIT, low=1, high=MAX_LIMIT)
    body = features_search(terms=terms, limit=limit, user=request.user, language=get_language() or "vi")
    response = HttpResponse(body, content_type="application/json")
    response["Cache-Control"] = "private, max-age=0"
    return response
