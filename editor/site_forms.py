"""The forms of the site content page: descriptions, hours and products sold; a photo upload."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from layers.models import OCOPProduct, SitePhoto, TourismSite


class ProductChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} {'★' * obj.stars} – {obj.producer.name}"


class SiteContentForm(forms.ModelForm):  # type: ignore[type-arg]
    products = ProductChoices(
        queryset=OCOPProduct.objects.select_related("producer").order_by("name"), required=False,
        widget=forms.CheckboxSelectMultiple, label=_("OCOP products sold here"),
    )

    class Meta:
        model = TourismSite
        fields = ("description_vi", "description_en", "opening_hours", "products")
        widgets = {"description_vi": forms.Textarea(attrs={"rows": 6}),
                   "description_en": forms.Textarea(attrs={"rows": 6})}


class PhotoUploadForm(forms.ModelForm):  # type: ignore[type-arg]
    # A plain file field: the photo service judges the content; the accept list only helps the picker.
    upload = forms.FileField(label=_("Photo"), widget=forms.ClearableFileInput(
        attrs={"accept": "image/jpeg,image/png,image/webp"}))

    field_order = ("upload", "caption_vi", "caption_en", "credit", "keep_location")

    class Meta:
        model = SitePhoto
        fields = ("caption_vi", "caption_en", "credit", "keep_location")
