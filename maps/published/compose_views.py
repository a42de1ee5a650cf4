"""The map composer at `/compose/`: thin views over the published-map forms, selectors and services.

`compose_urls` wraps every view in `composer_required`, so the access rule reads in one place:
visitors are sent to log in, signed-in users without the tourism-promoter or administrator role get
403, and a promoter reaches only their own maps (another's answers 404, see `map_editable_get`).
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from geo_platform.access import signed_in_and
from maps.models import PublishedMap
from maps.published.composition import composition_parse
from maps.published.forms import MapForm, composition_from_forms, layer_forms
from maps.published.selectors import map_composable_by, map_editable_get, map_list_for
from maps.published.services import EDITABLE_FIELDS, map_create, map_delete, map_publish, map_unpublish, map_update
from maps.viewer.settings_blob import START_CENTER, START_ZOOM

# Only tourism promoters and administrators reach the composer.
composer_required = signed_in_and(map_composable_by)


@require_safe
def compose_list(request: HttpRequest) -> HttpResponse:
    """`/compose/`: the maps this user may change."""
    return render(request, "maps/published/compose_list.html", {"maps": map_list_for(user=request.user)})


def _editor(request: HttpRequest, published_map: PublishedMap | None) -> HttpResponse:
    """The composer form: shown on GET, saved as a draft (or the map's current state) on POST."""
    data = request.POST if request.method == "POST" else None
    initial = {"centre_lat": START_CENTER[0], "centre_lon": START_CENTER[1], "zoom": START_ZOOM}
    form = MapForm(data, instance=published_map, initial=None if published_map else initial)
    composition = composition_parse(published_map.composition) if published_map else None
    layers = layer_forms(data, composition=composition)
    if data is not None and form.is_valid() and all(layer.is_valid() for layer in layers):
        fields = {name: form.cleaned_data[name] for name in EDITABLE_FIELDS if name in form.cleaned_data}
        fields["composition"] = composition_from_forms(layers).to_json()
        try:
            saved = (map_update(user=request.user, published_map=published_map, fields=fields) if published_map
                     else map_create(user=request.user, fields=fields))
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Map saved."))
            return redirect("compose:edit", pk=saved.pk)
    return render(request, "maps/published/compose_edit.html", {
        "map": published_map, "form": form, "layers": layers, "base_map_url": reverse("maps:viewer-base"),
    }, status=400 if data is not None else 200)


@require_http_methods(["GET", "HEAD", "POST"])
def compose_new(request: HttpRequest) -> HttpResponse:
    """`/compose/new/`: a new draft."""
    return _editor(request, None)


@require_http_methods(["GET", "HEAD", "POST"])
def compose_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """`/compose/<pk>/`: change a map's texts, layers, symbols and view."""
    return _editor(request, map_editable_get(pk=pk, user=request.user))


def _act(request: HttpRequest, pk: int, action: Callable[..., object], done: str) -> HttpResponseRedirect:
    published_map = map_editable_get(pk=pk, user=request.user)
    try:
        action(user=request.user, published_map=published_map)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("compose:edit", pk=pk)


@require_POST
def compose_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish at `/m/<slug>/`."""
    return _act(request, pk, map_publish, _("Map published."))


@require_POST
def compose_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    """Back to draft: the public page answers 404 again."""
    return _act(request, pk, map_unpublish, _("Map unpublished: only you and the administrators see it."))


@require_POST
def compose_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete for good, then back to the list."""
    map_delete(user=request.user, published_map=map_editable_get(pk=pk, user=request.user))
    messages.success(request, _("Map deleted."))
    return redirect("compose:list")
