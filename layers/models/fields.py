"""Model fields that carry a domain rule wherever the value enters: forms, saves and lookups."""

from typing import Any

from django import forms
from django.contrib.postgres.fields import ArrayField
from django.db import models

from layers.codes import EmptyCode, normalise_code


class PlantingAreaCodeField(models.CharField):
    """A planting-area code, always stored and looked up in its normal form; blank becomes NULL."""

    def to_python(self, value: Any) -> str | None:
        value = super().to_python(value)
        if value is None:
            return None
        try:
            return normalise_code(value)
        except EmptyCode:
            return None

    def get_prep_value(self, value: Any) -> Any:
        return super().get_prep_value(self.to_python(value))

    def pre_save(self, model_instance: models.Model, add: bool) -> str | None:
        value = self.to_python(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value


class ChoiceArrayField(ArrayField):
    """An array of choices that forms render as check boxes instead of comma-separated text."""

    def formfield(self, **kwargs: Any) -> forms.Field | None:  # type: ignore[override]
        defaults: dict[str, Any] = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.base_field.choices,
            "coerce": self.base_field.to_python,
            "widget": forms.CheckboxSelectMultiple,
        }
        defaults.update(kwargs)
        # Skip ArrayField.formfield, which would force SimpleArrayField.
        return super(ArrayField, self).formfield(**defaults)
