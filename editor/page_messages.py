"""The sentences the editor's scripts show, translated on the server and handed over in the settings blob.

The scripts carry no text of their own: the one catalogue (locale/) holds the translations, and the
blob brings the active language's strings. `%(name)s` placeholders are filled in by the scripts.
"""

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

_MESSAGES: dict[str, Any] = {
    "zoomIn": _("Zoom in"),
    "zoomOut": _("Zoom out"),
    "newZone": _("New zone"),
    "newZoneHint": _("Draw the boundary on the map, or start from parcels or a field file, then fill in the details."),
    "cannotCreate": _("Your role may not create zones; open one from the list."),
    "code": _("Code"),
    "noCode": _("no code yet"),
    "version": pgettext_lazy("zone editor", "Version"),
    "units": _("Units"),
    "drawnArea": _("Drawn area"),
    "belowMinimum": _("below the %(minimum)s ha minimum for this crop"),
    "serverArea": _("Area measured by the server"),
    "loading": _("Loading…"),
    "discardChanges": _("The zone has unsaved changes. Discard them?"),
    "saved": _("Saved."),
    "createdDraft": _("Saved as a new draft."),
    "notSaved": _("Not saved: please correct the following."),
    "openFailed": _("The zone could not be opened."),
    "checkPassed": _("The check found no problem."),
    "checkFound": _("Saving would be refused:"),
    "checkFailed": _("The check could not be run."),
    "stepFailed": _("The step was not taken."),
    "approvedWithCode": _("Approved. Planting-area code:"),
    "reverted": _("The earlier version was restored as a new version."),
    "unexpected": _("Something went wrong on the server; please try again."),
    "offline": _("The server cannot be reached; check the connection and try again."),
    "loggedOut": _("Your session has ended; log in again in another tab, then try again."),
    "showOnMap": _("Show on the map"),
    "conflictText": _("Someone saved this zone while you were editing it; it is now at version %(version)s. "
                      "Their boundary is drawn dashed in blue; yours is still in the editor."),
    "yourVersion": _("Yours"),
    "serverVersion": _("On the server"),
    "sameAttributes": _("The details are the same; only the boundary differs."),
    "reason": _("Reason"),
    "changed": _("Changed"),
    "historyFailed": _("The history could not be loaded."),
    "revertButton": _("Restore this version"),
    "revertTitle": _("Restore version %(version)s?"),
    "revertText": _("Its boundary and details become a new version; the status and the code stay as they are."),
    "revertConfirm": _("Restore"),
    "listFailed": _("The list could not be loaded."),
    "zonesShown": _("%(count)s zones"),
    "selectParcels": _("Choose parcels on the map"),
    "stopSelecting": _("Stop choosing parcels"),
    "parcelsChosen": _("%(count)s parcels chosen"),
    "parcelsFailed": _("No boundary could be made from these parcels."),
    "parcelsJoined": _("The chosen parcels are now the zone's boundary; check it and save."),
    "fieldFeature": _("Feature"),
    "fileRead": _("%(count)s areas read from the file; check the boundary and save."),
    "fileFailed": _("The file could not be used."),
    "fileHasNoArea": _("The file holds no area: draw closed shapes (polygons) in the field."),
    "stepDone": {
        "submit": _("Submitted for approval."),
        "approve": _("Approved."),
        "reject": _("Sent back to draft."),
        "suspend": _("Suspended."),
        "reinstate": _("Reinstated."),
        "revoke": _("Revoked."),
    },
    "steps": {
        "submit": {"title": _("Submit this zone for approval?"), "confirm": _("Submit"),
                   "text": _("An approver will check it; you can still correct it until it is decided.")},
        "approve": {"title": _("Approve this zone?"), "confirm": _("Approve"),
                    "text": _("A planting-area code is issued now, unless the zone already has one.")},
        "reject": {"title": _("Send this zone back to draft?"), "confirm": _("Send back"),
                   "text": _("Say what must be corrected; the extension officer sees your reason.")},
        "suspend": {"title": _("Suspend this zone's code?"), "confirm": _("Suspend"), "text": ""},
        "reinstate": {"title": _("Reinstate this zone's code?"), "confirm": _("Reinstate"), "text": ""},
        "revoke": {"title": _("Revoke this zone's code?"), "confirm": _("Revoke"),
                   "text": _("A revoked code is never issued again.")},
    },
    # Leaflet-Geoman's own texts (its translation keys), for the drawing toolbar and its hints.
    "geoman": {
        "tooltips": {
            "firstVertex": _("Click to place the first corner"),
            "continueLine": _("Click to add the next corner"),
            "finishPoly": _("Click the first corner to close the boundary"),
            "finishRect": _("Click to finish"),
        },
        "actions": {
            "finish": _("Finish"),
            "cancel": _("Cancel"),
            "removeLastVertex": _("Remove the last corner"),
        },
        "buttonTitles": {
            "drawPolyButton": _("Draw a boundary (one more part for a zone in several parts)"),
            "drawRectButton": _("Draw a rectangle"),
            "editButton": _("Move corners (drag), add (drag a middle point) or remove them (right-click)"),
            "cutButton": _("Cut out a hole or a part"),
            "deleteButton": _("Remove a part"),
        },
    },
}


def _resolve(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _resolve(item) for key, item in value.items()}
    return str(value) if isinstance(value, Promise | str) else value


def messages() -> dict[str, Any]:
    """Every message in the active language, nested as the scripts read them."""
    return _resolve(_MESSAGES)  # type: ignore[no-any-return]
