"""Checking and re-encoding uploaded photos: pure functions on bytes, no database, no storage.

An upload is judged by what Pillow finds in it, never by its name: only JPEG, PNG and WebP decoders
are tried, its pixel count is checked from the header before any pixel is decoded (decompression
bombs), then it is turned upright (EXIF orientation), shrunk and written anew. Nothing of the
original file survives but the pixels and, when asked, the EXIF GPS block.
"""

import io
import warnings
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

from layers.errors import LayersError

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
# Beyond any phone or camera a promoter uses; a larger picture is a bomb or a scan, not a photo.
MAX_PIXELS = 60_000_000
LONG_SIDE_PX = 1600
THUMBNAIL_PX = 400
JPEG_QUALITY = 85
WEBP_QUALITY = 82
# Encoded format -> (file extension, media type).
ENCODINGS = {"JPEG": (".jpg", "image/jpeg"), "WEBP": (".webp", "image/webp")}


def media_type(name: str) -> str:
    """The media type of a stored photo, from the extension this module gave it."""
    return next((kind for extension, kind in ENCODINGS.values() if name.endswith(extension)),
                "application/octet-stream")


class PhotoRefused(LayersError):
    """The upload is not a photo the platform accepts; the message names the file and the problem."""


@dataclass(frozen=True)
class ProcessedPhoto:
    image: bytes
    thumbnail: bytes
    extension: str
    width: int
    height: int


def _refuse(name: str, problem: str) -> PhotoRefused:
    return PhotoRefused(_("%(file)s: %(problem)s") % {"file": name, "problem": problem})


def _open(data: IO[bytes], name: str) -> Image.Image:
    """The image with its header read and its size checked, pixels not yet decoded."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(data, formats=ACCEPTED_FORMATS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_large(name) from None
        except (UnidentifiedImageError, OSError):
            raise _refuse(name, _("not a JPEG, PNG or WebP image.")) from None
    if image.width * image.height > MAX_PIXELS:
        raise _too_large(name)
    return image


def _too_large(name: str) -> PhotoRefused:
    return _refuse(name, _("the picture has more than %(mp)d million pixels; send a smaller one.")
                   % {"mp": MAX_PIXELS // 1_000_000})


def _gps_exif(image: Image.Image) -> Image.Exif:
    """A new EXIF block holding only the photo's GPS position (empty when it has none)."""
    kept = Image.Exif()
    gps = image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    if gps:
        kept[ExifTags.Base.GPSInfo] = dict(gps)
    return kept


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in {"RGBA", "LA", "PA"} or (image.mode == "P" and "transparency" in image.info)


def _encode(image: Image.Image, side: int, encoding: str, exif: Image.Exif) -> tuple[bytes, int, int]:
    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # Only what is passed here is written: no ICC profile, XMP, comments or other EXIF tags.
    if encoding == "WEBP":
        copy.save(out, "WEBP", quality=WEBP_QUALITY, exif=exif.tobytes() if len(exif) else b"")
    else:
        copy.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, exif=exif)
    return out.getvalue(), copy.width, copy.height


def photo_process(*, data: IO[bytes], name: str, keep_location: bool) -> ProcessedPhoto:
    """The upload re-encoded upright, at most LONG_SIDE_PX on its long side, with a THUMBNAIL_PX thumbnail.

    JPEG, unless the picture has transparency (WebP keeps it). No metadata but, with `keep_location`,
    the GPS block; the thumbnail never has any. PhotoRefused names `name` and the problem.
    """
    source = _open(data, name)
    exif = _gps_exif(source) if keep_location else Image.Exif()
    try:
        upright = ImageOps.exif_transpose(source)
        upright.load()
    except (OSError, ValueError, SyntaxError):
        raise _refuse(name, _("the image is damaged or cut short.")) from None
    encoding = "WEBP" if _has_alpha(upright) else "JPEG"
    if encoding == "JPEG" and upright.mode not in {"RGB", "L"}:
        upright = upright.convert("RGB")
    image, width, height = _encode(upright, LONG_SIDE_PX, encoding, exif)
    thumbnail, _w, _h = _encode(upright, THUMBNAIL_PX, encoding, Image.Exif())
    return ProcessedPhoto(image=image, thumbnail=thumbnail, extension=ENCODINGS[encoding][0],
                          width=width, height=height)
