"""Photos of tourism sites: the processed image and its thumbnail (metadata stripped), with captions."""

from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _

from layers.models.tourism import TourismSite


class SitePhoto(models.Model):
    """One photo of a site, as `layers.site_photos.site_photo_add` stored it (never the upload itself)."""

    site = models.ForeignKey(TourismSite, verbose_name=_("tourism site"), on_delete=models.CASCADE,
                             related_name="photos")
    image = models.FileField(_("image"), max_length=200)
    thumbnail = models.FileField(_("thumbnail"), max_length=200)
    caption_vi = models.CharField(_("caption (Vietnamese)"), max_length=300, blank=True)
    caption_en = models.CharField(_("caption (English)"), max_length=300, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    keep_location = models.BooleanField(
        _("keep location"), default=False,
        help_text=_("Keep the GPS position recorded in the photo; every other detail is always removed."),
    )
    width = models.PositiveIntegerField(_("width (px)"))
    height = models.PositiveIntegerField(_("height (px)"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("site photo")
        verbose_name_plural = _("site photos")
        ordering = ["site", "order", "pk"]

    def __str__(self) -> str:
        return self.caption_vi or self.image.name
