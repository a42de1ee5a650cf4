"""Adding, removing and ordering the photos of a tourism site.

The upload is checked and re-encoded by `layers.photo_images` before anything is written, so a
refused file leaves no trace; the processed image and its thumbnail go to Django's default storage
under `site_photos/`, named by a random token (never by the uploaded name).
"""

import uuid
from collections.abc import Sequence

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from layers.models import SitePhoto, TourismSite
from layers.permissions import AnyUser
from layers.photo_images import PhotoRefused, photo_process
from layers.site_services import site_content_check

PHOTO_DIR = "site_photos"


def _upload_name(upload: UploadedFile) -> str:
    return (upload.name or _("the upload")).rsplit("/", 1)[-1]


def _check_size(upload: UploadedFile, name: str) -> None:
    limit = settings.SITE_PHOTO_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise PhotoRefused(_("%(file)s: the file is larger than %(mb)d MiB; send a smaller one.")
                           % {"file": name, "mb": limit // (1024 * 1024)})


def _store(content: bytes, path: str) -> str:
    return default_storage.save(path, ContentFile(content))


def site_photo_add(*, site: TourismSite, upload: UploadedFile, caption_vi: str, caption_en: str, credit: str,
                   keep_location: bool, user: AnyUser) -> SitePhoto:
    """Check, re-encode and store the upload as the site's last photo.

    NotPermitted for users other than promoters and administrators; PhotoRefused (naming the file)
    for anything but a JPEG, PNG or WebP within SITE_PHOTO_MAX_MB and the pixel cap. Metadata is
    stripped, except the GPS position when `keep_location` is set.
    """
    site_content_check(user=user)
    name = _upload_name(upload)
    _check_size(upload, name)
    upload.seek(0)
    processed = photo_process(data=upload, name=name, keep_location=keep_location)
    token = uuid.uuid4().hex
    stored: list[str] = []
    try:
        stored.append(_store(processed.image, f"{PHOTO_DIR}/{token}{processed.extension}"))
        stored.append(_store(processed.thumbnail, f"{PHOTO_DIR}/{token}-thumb{processed.extension}"))
        with transaction.atomic():
            last = site.photos.aggregate(last=Max("order"))["last"]
            return SitePhoto.objects.create(
                site=site, image=stored[0], thumbnail=stored[1], caption_vi=caption_vi.strip(),
                caption_en=caption_en.strip(), credit=credit.strip(), keep_location=keep_location,
                width=processed.width, height=processed.height, order=0 if last is None else last + 1,
                uploaded_by_id=user.pk if user.is_authenticated else None,
            )
    except BaseException:
        _delete_files(stored)  # no file without its row
        raise


def site_photo_delete(*, photo: SitePhoto, user: AnyUser) -> None:
    """Remove the photo's row, then its files (once the row is gone for good)."""
    site_content_check(user=user)
    paths = [photo.image.name, photo.thumbnail.name]
    with transaction.atomic():
        photo.delete()
        transaction.on_commit(lambda: _delete_files(paths))


def _delete_files(paths: Sequence[str]) -> None:
    for path in paths:
        if path:
            default_storage.delete(path)


@transaction.atomic
def site_photo_reorder(*, site: TourismSite, photo_ids: Sequence[int], user: AnyUser) -> list[SitePhoto]:
    """Put the site's photos in the order of `photo_ids` (all of them, each once); returns them in order."""
    site_content_check(user=user)
    photos = {photo.pk: photo for photo in site.photos.select_for_update()}
    if sorted(photo_ids) != sorted(photos):
        raise PhotoRefused(_("The new order must list every photo of the site exactly once."))
    ordered = [photos[photo_id] for photo_id in photo_ids]
    for order, photo in enumerate(ordered):
        photo.order = order
    SitePhoto.objects.bulk_update(ordered, ["order"])
    return ordered
