"""Template filters for the upload pages and the admin's header link to them."""

from django import template
from django.conf import settings
from django.utils.translation import get_language

from layers.permissions import AnyUser, layer_importable_by
from layers.registry import LAYERS

register = template.Library()


@register.filter
def layer_title(layer: str) -> str:
    """The layer's title in the page's language; the id itself for a layer no longer registered."""
    spec = LAYERS.get(layer)
    return spec.title(get_language() or settings.LANGUAGE_CODE) if spec else layer


@register.filter
def may_import(user: AnyUser) -> bool:
    """True when the user's role may import into at least one layer (the header shows the link then).

    Asked on every admin page, so it leaves the import pipeline unimported.
    """
    return any(layer_importable_by(user, layer) for layer in LAYERS)
