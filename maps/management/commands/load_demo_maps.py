from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from layers.models import AdminUnit
from maps.models import PublishedMap
from maps.published.composition import Composition, LayerChoice
from maps.published.services import map_create, map_publish, map_update

DEMO_PROMOTER = "quangba"  # made by `load_demo` (ingest/data/demo-pleiku.json)
DEMO_SLUG = "du-lich-bien-ho"
BIEN_HO_CODE = "23590"


def _fields(bien_ho: AdminUnit) -> dict[str, Any]:
    composition = Composition(layers=(
        LayerChoice(kind="tourism_sites", units=(bien_ho.slug,)),
        LayerChoice(kind="tourism_routes"),
        LayerChoice(kind="ocop_producers", min_stars=4),
    ))
    return {
        "slug": DEMO_SLUG,
        "title_vi": "Du lịch Biển Hồ",
        "title_en": "Biển Hồ tourism",
        "description_vi": ("Hồ T'Nưng, đồi chè, đường thông và chùa Bửu Minh; tuyến tham quan một buổi sáng và "
                           "các chủ thể OCOP 4–5 sao. Dữ liệu minh hoạ."),
        "description_en": ("T'Nưng lake, the tea hills, the pine road and Bửu Minh pagoda; a morning's route and "
                           "the 4–5-star OCOP producers. Illustrative data."),
        "composition": composition.to_json(),
        "base_map": True,
        "centre_lat": 14.045,
        "centre_lon": 107.995,
        "zoom": 13,
    }


class Command(BaseCommand):
    help = (f"Publish the demo map /m/{DEMO_SLUG}/ (Biển Hồ tourism) by the demo promoter {DEMO_PROMOTER}. "
            "Run after load_demo; safe to repeat.")

    def handle(self, *args: Any, **options: Any) -> None:
        promoter = get_user_model().objects.filter(username=DEMO_PROMOTER).first()
        bien_ho = AdminUnit.objects.filter(code=BIEN_HO_CODE, valid_to__isnull=True).first()
        if promoter is None or bien_ho is None:
            raise CommandError(f"Run load_demo first: it makes the user {DEMO_PROMOTER} and the unit Biển Hồ.")
        fields = _fields(bien_ho)
        existing = PublishedMap.objects.filter(slug=DEMO_SLUG).first()
        try:
            if existing is None:
                published_map = map_create(user=promoter, fields=fields)
            else:
                published_map = map_update(user=promoter, published_map=existing, fields=fields)
            map_publish(user=promoter, published_map=published_map)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"demo map published at /m/{DEMO_SLUG}/"))
