"""Thin views of the site pages, their photos and the OCOP showcase; they read through
`layers.site_selectors` and never write."""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from layers.photo_images import media_type
from layers.site_selectors import STAR_LEVELS, ocop_showcase, site_page_get, site_photo_get
from layers.site_services import site_content_editable_by
from maps.sites.page_data import filter_links, map_settings, showcase_filters

# A stored photo never changes (a new upload gets a new id), so browsers may keep it a long while.
PHOTO_MAX_AGE_S = 7 * 86_400
PHOTO_SIZES = ("full", "thumb")


def _language() -> str:
    return get_language() or "vi"


@require_safe
def site_page(request: HttpRequest, site_id: int) -> HttpResponse:
    """`/sites/<id>/`: the site's description, hours, photos, OCOP products sold there and its map."""
    page = site_page_get(site_id=site_id, language=_language())
    if page is None:
        raise Http404(_("There is no tourism site %(id)s.") % {"id": site_id})
    return render(request, "maps/sites/site.html", {
        "site": page, "map_settings": map_settings(site=page.geojson),
        "can_edit": site_content_editable_by(request.user),
    })


@require_safe
def site_photo(request: HttpRequest, photo_id: int, size: str) -> HttpResponseBase:
    """`/sites/photos/<id>/full` or `/thumb`: the stored, metadata-free image, streamed with its type."""
    photo = site_photo_get(photo_id=photo_id)
    if photo is None or size not in PHOTO_SIZES:
        raise Http404(_("There is no such photo."))
    name = photo.image.name if size == "full" else photo.thumbnail.name
    etag = quote_etag(name)
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return not_modified
    if not default_storage.exists(name):
        raise Http404(_("There is no such photo."))
    response = FileResponse(default_storage.open(name, "rb"), content_type=media_type(name))
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={PHOTO_MAX_AGE_S}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def ocop_page(request: HttpRequest) -> HttpResponse:
    """`/ocop/`: certified OCOP products by stars, filtered by `stars` and `group`, and their producers' map."""
    filters = showcase_filters(request.GET)
    showcase = ocop_showcase(language=_language(), stars=filters.stars, group=filters.group)
    return render(request, "maps/sites/ocop.html", {
        "showcase": showcase, "links": filter_links(filters), "star_levels": STAR_LEVELS,
        "map_settings": map_settings(producers=showcase.producers_geojson),
    })
