"""The zone's attribute form as the editor page lays it out, with the model's labels and choices.

The form is only rendered: the page's scripts read it into a GeoJSON Feature and the API validates
that Feature (layers.zone_services), so there is one set of rules, not one per entry point.
"""

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from layers.models import Crop, CultivationZone

# The attributes an editor fills in; the model's verbose names are the labels.
ATTRIBUTE_FIELDS = ("name", "crop", "variety", "declared_area_ha", "holder", "representative", "households",
                    "markets", "standards", "valid_from", "valid_until")


class ZoneAttributesForm(forms.ModelForm):  # type: ignore[type-arg]
    prefix = "zone"  # the page's scripts find the fields as zone-<name>

    class Meta:
        model = CultivationZone
        fields = ATTRIBUTE_FIELDS
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "off"}),
            "variety": forms.TextInput(attrs={"autocomplete": "off"}),
            "declared_area_ha": forms.NumberInput(attrs={"step": "0.01", "min": "0.01", "inputmode": "decimal"}),
            "households": forms.NumberInput(attrs={"min": "0", "step": "1", "inputmode": "numeric"}),
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        crop = self.fields["crop"]
        labelled = [(value, capfirst(label)) for value, label in Crop.choices]
        crop.choices = [("", _("Choose a crop…")), *labelled]  # type: ignore[attr-defined]
