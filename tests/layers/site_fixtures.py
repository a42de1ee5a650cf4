"""Fixtures for site content (layers, editor and public page tests): a site in Biển Hồ, OCOP products,
media in a temporary folder, and real photos made with Pillow (EXIF orientation and GPS included)."""

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.gis.geos import Point
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import ExifTags, Image

from layers.models import AdminUnit, OCOPProducer, OCOPProduct, TourismSite
from tests.factories import make_unit

XSS = '<script>alert("site")</script><img src=x onerror=alert(1)>'
GPS = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (14.0, 3.0, 12.5),
       ExifTags.GPS.GPSLongitudeRef: "E", ExifTags.GPS.GPSLongitude: (108.0, 0.0, 30.0)}
RED, BLUE = (220, 20, 20), (20, 20, 220)


def photo_bytes(*, size: tuple[int, int] = (3000, 2000), orientation: int | None = 6, gps: bool = True,
                fmt: str = "JPEG", mode: str = "RGB") -> bytes:
    """A photo whose left half is red and right half blue, with EXIF orientation, GPS and camera tags."""
    image = Image.new(mode, size, BLUE if mode == "RGB" else (*BLUE, 128))
    image.paste(RED if mode == "RGB" else (*RED, 255), (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneCam"
    exif[ExifTags.Base.DateTime] = "2026:01:02 03:04:05"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    if gps:
        exif[ExifTags.Base.GPSInfo] = GPS
    out = io.BytesIO()
    image.save(out, fmt, exif=exif)
    return out.getvalue()


def upload(name: str, data: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    """MEDIA_ROOT in a fresh temporary folder; the photo folder inside it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media" / "site_photos"


@pytest.fixture
def site_unit(db: None) -> AdminUnit:
    return make_unit("Biển Hồ", lon=107.98, lat=14.00, size_deg=0.05, full_name="Xã Biển Hồ",
                     full_name_en="Bien Ho Commune")


@pytest.fixture
def site(site_unit: AdminUnit) -> TourismSite:
    return TourismSite.objects.create(
        name_vi="Đồi chè Biển Hồ", name_en="Bien Ho tea hills", category="agri", unit=site_unit,
        description_vi="Đồi chè xanh bên hồ.", description_en="Green tea hills by the lake.",
        opening_hours="6:00–18:00", geometry=Point(108.005, 14.03, srid=4326))


ProductMaker = Callable[..., OCOPProduct]


@pytest.fixture
def make_product(site_unit: AdminUnit) -> ProductMaker:
    """Make a product; each distinct `producer` name is one producer, placed at `at` (lon, lat)."""
    producers: dict[str, OCOPProducer] = {}

    def make(name: str, *, stars: int = 4, group: str = "drinks", producer: str = "HTX Chè Biển Hồ",
             at: tuple[float, float] = (108.0, 14.02), expired: bool = False, **fields: Any) -> OCOPProduct:
        if producer not in producers:
            producers[producer] = OCOPProducer.objects.create(
                name=producer, kind="cooperative", unit=site_unit, location=Point(*at, srid=4326),
                tax_code=f"TAX{len(producers)}", representative="Nguyễn Văn Đại Diện")
        issued = dt.date(2020, 1, 1) if expired else timezone.localdate() - dt.timedelta(days=30)
        return OCOPProduct.objects.create(
            name=name, group=group, stars=stars, score={3: 60, 4: 80, 5: 95}[stars], issued_on=issued,
            expires_on=issued + dt.timedelta(days=1095), producer=producers[producer], **fields)

    return make
