"""The sentences the viewer's scripts show, translated on the server and handed over in the blob.

The page's scripts carry no text of their own: translations live in the one catalogue (locale/), and
the blob brings the active language's strings, so the viewer needs no JavaScript catalogue request.
"""

from django.utils.translation import gettext_lazy as _

_MESSAGES = {
    "baseOffline": _("Administrative boundaries (offline)"),
    "baseOnline": _("Online base map"),
    "legend": _("Legend"),
    "zoomInToSee": _("zoom in to see"),
    "searching": _("Searching…"),
    "noResults": _("Nothing found."),
    "searchFailed": _("The search failed; please try again."),
    "measureDistance": _("Measure a distance"),
    "measureArea": _("Measure an area"),
    "measureHint": _("Click on the map to add points; double-click or press Esc to finish."),
    "length": _("Length"),
    "area": _("Area"),
    "clear": _("Clear the measurement"),
    "locate": _("Show my location"),
    "locating": _("Looking for your location…"),
    "locateFailed": _("Your location is not available."),
    "youAreHere": _("You are here (to within %(metres)s m)."),
    "close": _("Close"),
    "layers": _("Map layers"),
    "yes": _("Yes"),
    "no": _("No"),
    "illustrative": _("Illustrative data, not an official record."),
    "featurePage": _("Photos, opening hours and products"),
    "linkedLayer": _("Linked layer"),
    "linkedFailed": _("The linked layer could not be loaded: it may have been removed, or you may need to sign in."),
    "zoomIn": _("Zoom in"),
    "zoomOut": _("Zoom out"),
}


def messages() -> dict[str, str]:
    """Each message in the active language."""
    return {key: str(text) for key, text in _MESSAGES.items()}
