"""Writing a tourism site's public content: descriptions, opening hours, the OCOP products sold there.

Tourism promoters and administrators write site content; every service checks it itself, so a view
that forgets cannot let anyone else through.
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from layers.errors import NotPermitted
from layers.models import OCOPProduct, TourismSite
from layers.permissions import AnyUser, layer_writable_by

SITE_LAYER = "tourism_sites"


def site_content_editable_by(user: AnyUser) -> bool:
    """Tourism promoters and administrators edit the content and photos of every site."""
    return layer_writable_by(user, SITE_LAYER)


def site_content_check(*, user: AnyUser) -> None:
    """NotPermitted unless the user may edit site content."""
    if not site_content_editable_by(user):
        raise NotPermitted(_("Only tourism promoters and administrators edit the content of tourism sites."))


@transaction.atomic
def site_content_update(*, user: AnyUser, site: TourismSite, description_vi: str, description_en: str,
                        opening_hours: str, products: Iterable[OCOPProduct]) -> TourismSite:
    """Replace the site's descriptions, opening hours and the set of OCOP products sold there."""
    site_content_check(user=user)
    site.description_vi = description_vi.strip()
    site.description_en = description_en.strip()
    site.opening_hours = opening_hours.strip()
    site.full_clean(exclude=["geometry", "unit", "products"])
    site.save(update_fields=["description_vi", "description_en", "opening_hours"])
    site.products.set(list(products))
    return site
