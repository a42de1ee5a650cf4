"""The demo's site content: which demo OCOP products each demo site sells, and one drawn picture per site.

The pictures are drawn here (sky, hills, a lake), not photographed: they are captioned as
illustrations, and go through `site_photo_add` like any upload, so the demo exercises the real path.
"""

import io
import random

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw

from layers.errors import LayersError
from layers.models import OCOPProduct, TourismSite
from layers.site_photos import site_photo_add

# Demo site (name_vi) -> demo products (name) sold there, from ingest/data/demo-pleiku.json.
DEMO_PRODUCTS_SOLD: dict[str, tuple[str, ...]] = {
    "Đồi chè Biển Hồ": ("Chè xanh Biển Hồ", "Du lịch trải nghiệm đồi chè Biển Hồ"),
    "Biển Hồ (hồ T'Nưng)": ("Chè xanh Biển Hồ", "Chanh leo sấy dẻo"),
    "Homestay ven hồ": ("Chè xanh Biển Hồ", "Cà phê rang xay Phố Núi", "Mật ong hoa cà phê"),
    "Điểm giới thiệu sản phẩm OCOP Biển Hồ": (
        "Chè xanh Biển Hồ", "Cà phê rang xay Phố Núi", "Cà phê hạt Robusta Gào", "Rau cải VietGAP An Phú",
        "Mật ong hoa cà phê", "Chanh leo sấy dẻo"),
}
PICTURE_SIZE = (1200, 800)


def demo_picture(*, seed: int) -> bytes:
    """A JPEG landscape drawn from `seed`: a sky, two rows of hills and a lake."""
    rng = random.Random(seed)  # noqa: S311  (a drawing, not a secret: the same seed gives the same picture)
    width, height = PICTURE_SIZE
    image = Image.new("RGB", PICTURE_SIZE, (135, 190, 235))
    draw = ImageDraw.Draw(image)
    for row, colour in enumerate(((60, 130, 70), (40, 100, 50))):
        base = height * (0.45 + 0.12 * row)
        peaks = [(x, base - rng.uniform(40, 160)) for x in range(-100, width + 200, 200)]
        draw.polygon([(-100, height), *peaks, (width + 200, height)], fill=colour)
    lake_top = height * rng.uniform(0.68, 0.78)
    draw.ellipse((width * 0.15, lake_top, width * 0.85, height * 1.1), fill=(50, 110, 160))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


@transaction.atomic
def site_demo_content_load(*, username: str) -> dict[str, int]:
    """Link the demo products to the demo sites and give each demo site without photos one picture,
    uploaded as `username` (a promoter or administrator). Safe to repeat."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise LayersError(_("There is no user %(name)s; load the demo first.") % {"name": username})
    linked = 0
    for site_name, product_names in DEMO_PRODUCTS_SOLD.items():
        site = TourismSite.objects.filter(name_vi=site_name).first()
        if site is not None:
            site.products.set(OCOPProduct.objects.filter(name__in=product_names))
            linked += site.products.count()
    pictures = 0
    for site in TourismSite.objects.filter(is_illustrative=True, photos__isnull=True).order_by("pk"):
        data = demo_picture(seed=site.pk)
        site_photo_add(site=site, upload=SimpleUploadedFile(f"demo-{site.pk}.jpg", data),
                       caption_vi="Hình minh họa, không phải ảnh chụp thật",
                       caption_en="Illustration, not a real photograph", credit="NTM GeoPlatform (demo)",
                       keep_location=False, user=user)
        pictures += 1
    return {"products sold at sites": linked, "pictures added": pictures}
