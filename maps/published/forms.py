"""The composer's forms: the map's texts and view (`MapForm`), and one `LayerForm` per kind of layer.

Each kind appears at most once on a map, so the composer shows one fixed section per kind, ticked to
include it; the forms turn their cleaned data into a typed `Composition`, never into raw JSON.
"""

from dataclasses import replace
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from layers.models import AdminUnit, TourismRoute
from layers.selectors import unit_current_communes
from maps.models import PublishedMap
from maps.published.composition import COLOR, KINDS, STAR_LEVELS, Composition, LayerChoice, Style
from maps.published.document import ICONS

ICON_LABELS = {"dot": _("dot"), "star": _("star"), "leaf": _("leaf"), "cup": _("cup"), "home": _("house"),
               "eye": _("viewpoint"), "flag": _("flag"), "shop": _("shop")}


class MapForm(forms.ModelForm):  # type: ignore[type-arg]
    """Texts, address and view; the address may be left empty (made from the title) and is read-only
    once the map has been published."""

    class Meta:
        model = PublishedMap
        fields = ("title_vi", "title_en", "description_vi", "description_en", "slug", "base_map",
                  "centre_lat", "centre_lon", "zoom")
        widgets = {
            "description_vi": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "centre_lat": forms.NumberInput(attrs={"step": "any", "data-view": "lat"}),
            "centre_lon": forms.NumberInput(attrs={"step": "any", "data-view": "lon"}),
            "zoom": forms.NumberInput(attrs={"data-view": "zoom"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        if self.instance.pk and self.instance.slug_frozen:
            self.fields["slug"].disabled = True


class UnitsField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Today's units, by name alone (their validity dates say nothing here)."""

    def label_from_instance(self, obj: AdminUnit) -> str:
        return obj.full_name


def _style_fields(form: forms.Form, choice: LayerChoice) -> None:
    color = RegexValidator(COLOR, _("Pick a colour like #1b5e20."))
    for key, label in choice.spec.symbols():
        style = choice.style(key)
        form.fields[f"color_{key}"] = forms.CharField(
            label=label, initial=style.color, max_length=7, validators=[color], required=False,
            widget=forms.TextInput(attrs={"type": "color"}))
        form.fields[f"icon_{key}"] = forms.ChoiceField(
            label=label, initial=style.icon, choices=[(icon, ICON_LABELS[icon]) for icon in ICONS],
            required=False)


class LayerForm(forms.Form):
    """One kind of layer: whether the map has it, its filters, and a colour and icon per legend row."""

    include = forms.BooleanField(required=False)

    def __init__(self, *args: Any, kind: str, current: LayerChoice | None = None, **kwargs: Any) -> None:
        kwargs["prefix"] = kind
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.spec = KINDS[kind]
        choice = current or LayerChoice(kind=kind)
        self.fields["include"].label = self.spec.title
        self.fields["include"].initial = current is not None
        self._filter_fields(choice)
        _style_fields(self, choice)

    def _filter_fields(self, choice: LayerChoice) -> None:
        spec = self.spec
        if spec.categories():
            self.fields["categories"] = forms.MultipleChoiceField(
                label=_("Only these (none ticked: all)"), choices=spec.categories(), required=False,
                initial=list(choice.categories), widget=forms.CheckboxSelectMultiple)
        if spec.has_units:
            self.fields["units"] = UnitsField(
                label=_("Only in these units (none: everywhere)"), queryset=unit_current_communes().order_by("name"),
                to_field_name="slug", required=False, initial=list(choice.units),
                widget=forms.CheckboxSelectMultiple)
        if spec.has_routes:
            self.fields["routes"] = forms.ModelMultipleChoiceField(
                label=_("Only these routes (none: all)"), queryset=TourismRoute.objects.order_by("name_vi"),
                required=False, initial=list(choice.routes), widget=forms.CheckboxSelectMultiple)
        if spec.has_min_stars:
            self.fields["min_stars"] = forms.TypedChoiceField(
                label=_("Products with at least"), coerce=int, initial=choice.min_stars,
                choices=[(stars, "★" * stars) for stars in STAR_LEVELS])

    def symbol_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        """(label, colour field, icon field) per legend row, for the template."""
        return [(str(label), self[f"color_{key}"], self[f"icon_{key}"]) for key, label in self.spec.symbols()]

    def filter_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("categories", "units", "routes", "min_stars") if name in self.fields]

    def to_choice(self) -> LayerChoice | None:
        """The layer as chosen (None when not included); call after `is_valid()`."""
        data = self.cleaned_data
        if not data.get("include"):
            return None
        chosen = LayerChoice(
            kind=self.kind, categories=tuple(data.get("categories", ())),
            units=tuple(unit.slug for unit in data.get("units", ())),
            routes=tuple(route.pk for route in data.get("routes", ())),
            min_stars=data.get("min_stars") or 3,
        )
        # A colour or icon left out of the post keeps the kind's default.
        styles = {key: Style(color=data.get(f"color_{key}") or chosen.style(key).color,
                             icon=data.get(f"icon_{key}") or chosen.style(key).icon)
                  for key, _label in self.spec.symbols()}
        return replace(chosen, styles=styles)


def layer_forms(data: Any = None, *, composition: Composition | None = None) -> list[LayerForm]:
    """One form per kind, in the fixed order of `KINDS`, filled from the map's current composition."""
    current = {choice.kind: choice for choice in (composition.layers if composition else ())}
    return [LayerForm(data, kind=kind, current=current.get(kind)) for kind in KINDS]


def composition_from_forms(forms_: list[LayerForm]) -> Composition:
    return Composition(layers=tuple(choice for form in forms_ if (choice := form.to_choice()) is not None))
