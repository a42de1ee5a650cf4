"""Responses whose body is made whole before it is sent (QR codes, the base map): a strong ETag of the
bytes, so a client that holds them gets a 304 without the body."""

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header, quote_etag

from maps.tiles.cache import etag_of


def etagged_response(request: HttpRequest, body: bytes, *, content_type: str, cache_control: str = "",
                     filename_stem: str = "") -> HttpResponse:
    """`body` with its ETag and `cache_control` (if any), or a 304 when the request already holds it.
    With `filename_stem`, an inline Content-Disposition names the file (extension from the content type:
    `image/svg+xml` → `.svg`) for those who save it."""
    etag = quote_etag(etag_of(body))
    response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    if cache_control:
        response["Cache-Control"] = cache_control
    if filename_stem:
        extension = content_type.split("/")[1].split("+")[0]
        response["Content-Disposition"] = (content_disposition_header(False, f"{filename_stem}.{extension}")
                                           or "inline")
    return get_conditional_response(request, etag=etag, response=response) or response
