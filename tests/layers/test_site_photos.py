"""The photo service on real images made with Pillow: content checks, EXIF handling, resizing, storage."""

import io
import random
from pathlib import Path

import pytest
from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from PIL import ExifTags, Image

from layers.errors import NotPermitted
from layers.models import Role, SitePhoto, TourismSite
from layers.photo_images import LONG_SIDE_PX, MAX_PIXELS, THUMBNAIL_PX, PhotoRefused
from layers.site_photos import site_photo_add, site_photo_delete, site_photo_reorder
from tests.layers.site_fixtures import BLUE, GPS, RED, ProductMaker, photo_bytes, upload
from tests.layers.zone_fixtures import UserFor

# Refusals are asserted in English; the platform speaks Vietnamese by default.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def promoter(user_for: UserFor) -> AbstractUser:
    return user_for(Role.TOURISM_PROMOTER)


def _add(site: TourismSite, user: object, name: str, data: bytes, keep_location: bool = False) -> SitePhoto:
    return site_photo_add(site=site, upload=upload(name, data), caption_vi="Đồi chè", caption_en="Tea hills",
                          credit="UBND xã", keep_location=keep_location, user=user)  # type: ignore[arg-type]


def _stored(name: str) -> Image.Image:
    with default_storage.open(name, "rb") as stored:
        return Image.open(io.BytesIO(stored.read()))


def _files(folder: Path) -> list[Path]:
    return sorted(folder.iterdir()) if folder.exists() else []


def _close(pixel: tuple[int, ...], colour: tuple[int, int, int]) -> bool:
    return all(abs(a - b) < 40 for a, b in zip(pixel[:3], colour, strict=True))


def test_a_photo_is_turned_upright_shrunk_and_stripped(site: TourismSite, promoter: AbstractUser,
                                                       media: Path) -> None:
    photo = _add(site, promoter, "IMG_0001.JPG", photo_bytes(size=(3000, 2000), orientation=6))
    image = _stored(photo.image.name)
    # Orientation 6 stands the 3000 × 2000 landscape up: 2000 × 3000, then 1600 on the long side.
    assert image.format == "JPEG" and image.size == (1067, 1600) == (photo.width, photo.height)
    assert max(image.size) <= LONG_SIDE_PX
    # Turned clockwise, the red left half is now on top.
    rgb = image.convert("RGB")
    assert _close(rgb.getpixel((533, 100)), RED) and _close(rgb.getpixel((533, 1500)), BLUE)
    assert len(image.getexif()) == 0, "no EXIF at all: no orientation, camera, date or GPS"
    assert "icc_profile" not in image.info and "xmp" not in image.info
    thumbnail = _stored(photo.thumbnail.name)
    assert max(thumbnail.size) == THUMBNAIL_PX and len(thumbnail.getexif()) == 0
    assert photo.image.name.startswith("site_photos/") and "IMG_0001" not in photo.image.name
    assert photo.uploaded_by == promoter and photo.caption_vi == "Đồi chè"


def test_keep_location_keeps_the_gps_block_only(site: TourismSite, promoter: AbstractUser, media: Path) -> None:
    photo = _add(site, promoter, "lake.jpg", photo_bytes(size=(800, 600)), keep_location=True)
    exif = _stored(photo.image.name).getexif()
    assert dict(exif.get_ifd(ExifTags.IFD.GPSInfo)) == GPS
    assert ExifTags.Base.Make not in exif and ExifTags.Base.DateTime not in exif
    assert ExifTags.Base.Orientation not in exif, "the pixels are upright; a stale tag would turn them again"
    assert not _stored(photo.thumbnail.name).getexif().get_ifd(ExifTags.IFD.GPSInfo)


def test_a_png_named_jpg_is_judged_by_its_content(site: TourismSite, promoter: AbstractUser, media: Path) -> None:
    data = photo_bytes(size=(500, 400), orientation=None, gps=False, fmt="PNG", mode="RGBA")
    photo = _add(site, promoter, "sunset.jpg", data)
    image = _stored(photo.image.name)
    # Transparency is kept, so the PNG becomes a WebP, whatever its name said.
    assert image.format == "WEBP" and photo.image.name.endswith(".webp") and image.mode == "RGBA"
    assert image.size == (500, 400)


@pytest.mark.parametrize(("name", "data", "problem"), [
    ("notes.jpg", "Không phải ảnh, chỉ là chữ.\n".encode() * 50, "not a JPEG, PNG or WebP"),
    ("cut.jpg", photo_bytes(size=(800, 600))[:3000], "damaged"),
    ("drawing.gif", b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
                    b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;", "not a JPEG, PNG or WebP"),
])
def test_a_file_that_is_not_an_accepted_image_is_refused(site: TourismSite, promoter: AbstractUser, media: Path,
                                                         name: str, data: bytes, problem: str) -> None:
    with pytest.raises(PhotoRefused) as refused:
        _add(site, promoter, name, data)
    assert name in str(refused.value) and problem in str(refused.value)
    assert not SitePhoto.objects.exists() and _files(media) == []


def _bomb(side: int) -> bytes:
    """A one-bit PNG of side × side pixels: a few kilobytes on disk, side² pixels to decode."""
    out = io.BytesIO()
    Image.new("1", (side, side)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("side", [8_000, 12_000])  # beyond our cap; beyond Pillow's own bomb limit too
def test_a_decompression_bomb_is_refused(site: TourismSite, promoter: AbstractUser, media: Path,
                                         side: int) -> None:
    data = _bomb(side)
    assert side * side > MAX_PIXELS and len(data) < 1024 * 1024
    with pytest.raises(PhotoRefused) as refused:
        _add(site, promoter, "bomb.png", data)
    assert "bomb.png" in str(refused.value) and "million pixels" in str(refused.value)
    assert not SitePhoto.objects.exists() and _files(media) == []


def test_a_file_over_the_size_limit_is_refused_before_reading(site: TourismSite, promoter: AbstractUser,
                                                              media: Path, settings: object) -> None:
    settings.SITE_PHOTO_MAX_BYTES = 1024 * 1024  # type: ignore[attr-defined]
    noise = Image.frombytes("RGB", (1000, 1000), random.Random(6).randbytes(3_000_000))
    out = io.BytesIO()
    noise.save(out, "PNG")
    assert len(out.getvalue()) > 1024 * 1024
    with pytest.raises(PhotoRefused) as refused:
        _add(site, promoter, "big.png", out.getvalue())
    assert "big.png" in str(refused.value) and "1 MiB" in str(refused.value)
    assert not SitePhoto.objects.exists() and _files(media) == []


@pytest.mark.parametrize("role", [Role.EXTENSION_STAFF, Role.APPROVER, Role.PLANNER, None])
def test_only_promoters_and_administrators_add_photos(site: TourismSite, user_for: UserFor, media: Path,
                                                      role: Role | None) -> None:
    units = [site.unit] if role == Role.EXTENSION_STAFF else []  # even staff of the site's own commune
    user = user_for(role, *units) if role else AnonymousUser()
    with pytest.raises(NotPermitted):
        _add(site, user, "tea.jpg", photo_bytes(size=(400, 300)))
    assert not SitePhoto.objects.exists() and _files(media) == []


def test_an_administrator_adds_deletes_and_reorders(site: TourismSite, administrator: AbstractUser,
                                                    media: Path, django_capture_on_commit_callbacks: object) -> None:
    first, second = (_add(site, administrator, f"{n}.jpg", photo_bytes(size=(400, 300))) for n in "ab")
    assert (first.order, second.order) == (0, 1)
    site_photo_reorder(site=site, photo_ids=[second.pk, first.pk], user=administrator)
    assert list(site.photos.values_list("pk", flat=True)) == [second.pk, first.pk]
    with pytest.raises(PhotoRefused):
        site_photo_reorder(site=site, photo_ids=[second.pk], user=administrator)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        site_photo_delete(photo=first, user=administrator)
    assert list(site.photos.all()) == [second]
    assert sorted(path.name for path in _files(media)) == sorted(
        Path(name).name for name in (second.image.name, second.thumbnail.name))


def test_the_demo_links_products_and_draws_one_picture_per_site(site: TourismSite, user_for: UserFor,
                                                                 make_product: ProductMaker, media: Path) -> None:
    site.is_illustrative = True
    site.save()  # named like the demo's tea hills
    tea, _other = make_product("Chè xanh Biển Hồ"), make_product("Không bán ở đồi chè")
    promoter = user_for(Role.TOURISM_PROMOTER)
    for _run in range(2):  # safe to repeat
        call_command("load_demo_site_content", user=promoter.username, stdout=io.StringIO())
        assert list(site.products.all()) == [tea]
        (photo,) = site.photos.all()
        assert photo.caption_en.startswith("Illustration") and (photo.width, photo.height) == (1200, 800)
    with pytest.raises(CommandError, match="nobody"):
        call_command("load_demo_site_content", user="nobody")
