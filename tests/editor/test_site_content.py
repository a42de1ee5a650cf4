"""The site content pages: who may open and post them, what a post changes, and how refusals show."""

from pathlib import Path

import pytest
from django.contrib.auth.models import AbstractUser
from django.test import Client

from layers.models import Role, SitePhoto, TourismSite
from tests.layers.site_fixtures import XSS, ProductMaker, photo_bytes, upload
from tests.layers.zone_fixtures import UserFor

pytestmark = pytest.mark.django_db


def _client(user: AbstractUser, *, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


@pytest.fixture
def promoter(user_for: UserFor) -> Client:
    return _client(user_for(Role.TOURISM_PROMOTER))


def _content(**changes: object) -> dict[str, object]:
    return {"description_vi": "Mô tả mới", "description_en": "New description", "opening_hours": "7:00–17:00",
            "products": [], **changes}


def _photo_post(name: str, data: bytes, **fields: object) -> dict[str, object]:
    return {"upload": upload(name, data), "caption_vi": "Hồ", "caption_en": "Lake", "credit": "", **fields}


def test_a_visitor_is_sent_to_log_in(client: Client, site: TourismSite) -> None:
    for url in ("/editor/sites/", f"/editor/sites/{site.pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/?next=")
    assert client.post(f"/editor/sites/{site.pk}/", _content()).status_code == 302
    site.refresh_from_db()
    assert site.description_vi == "Đồi chè xanh bên hồ."


@pytest.mark.parametrize("role", [Role.EXTENSION_STAFF, Role.APPROVER, Role.PLANNER])
def test_other_roles_may_not_open_or_post(user_for: UserFor, site: TourismSite, media: Path, role: Role) -> None:
    client = _client(user_for(role, *([site.unit] if role == Role.EXTENSION_STAFF else [])))
    photo_count = SitePhoto.objects.count()
    assert client.get("/editor/sites/").status_code == 403
    assert client.get(f"/editor/sites/{site.pk}/").status_code == 403
    assert client.post(f"/editor/sites/{site.pk}/", _content()).status_code == 403
    assert client.post(f"/editor/sites/{site.pk}/photos/",
                       _photo_post("a.jpg", photo_bytes(size=(300, 200)))).status_code == 403
    site.refresh_from_db()
    assert site.description_vi == "Đồi chè xanh bên hồ." and SitePhoto.objects.count() == photo_count


def test_a_promoter_edits_descriptions_hours_and_products(promoter: Client, site: TourismSite,
                                                          make_product: ProductMaker) -> None:
    tea, honey = make_product("Chè xanh Biển Hồ"), make_product("Mật ong", producer="Tổ hợp tác Mật ong")
    page = promoter.get(f"/editor/sites/{site.pk}/").content.decode()
    assert f'value="{tea.pk}"' in page and "Chè xanh Biển Hồ ★★★★ – HTX Chè Biển Hồ" in page
    response = promoter.post(f"/editor/sites/{site.pk}/", _content(products=[tea.pk, honey.pk]))
    assert response.status_code == 302 and response["Location"] == f"/editor/sites/{site.pk}/"
    site.refresh_from_db()
    assert (site.description_vi, site.description_en, site.opening_hours) == (
        "Mô tả mới", "New description", "7:00–17:00")
    assert set(site.products.all()) == {tea, honey}
    promoter.post(f"/editor/sites/{site.pk}/", _content(products=[honey.pk]))
    assert list(site.products.all()) == [honey]


def test_a_bad_form_is_shown_again(promoter: Client, site: TourismSite) -> None:
    response = promoter.post(f"/editor/sites/{site.pk}/", _content(opening_hours="x" * 201, products=[999999]))
    assert response.status_code == 400
    site.refresh_from_db()
    assert site.opening_hours == "6:00–18:00"


def test_posts_need_the_csrf_token(user_for: UserFor, site: TourismSite) -> None:
    client = _client(user_for(Role.TOURISM_PROMOTER), csrf=True)
    assert client.post(f"/editor/sites/{site.pk}/", _content()).status_code == 403
    site.refresh_from_db()
    assert site.description_vi == "Đồi chè xanh bên hồ."


def test_a_promoter_uploads_moves_and_deletes_photos(promoter: Client, site: TourismSite, media: Path,
                                                     django_capture_on_commit_callbacks: object) -> None:
    for name in ("first.jpg", "second.png"):
        data = photo_bytes(size=(600, 400), fmt="PNG" if name.endswith("png") else "JPEG")
        response = promoter.post(f"/editor/sites/{site.pk}/photos/", _photo_post(name, data, keep_location="on"))
        assert response.status_code == 302
    first, second = site.photos.all()
    assert first.keep_location and first.caption_en == "Lake"
    promoter.post(f"/editor/sites/{site.pk}/photos/{second.pk}/move", {"direction": "up"})
    assert list(site.photos.values_list("pk", flat=True)) == [second.pk, first.pk]
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = promoter.post(f"/editor/sites/{site.pk}/photos/{second.pk}/delete")
    assert response.status_code == 302 and list(site.photos.all()) == [first]
    assert len(list(media.iterdir())) == 2  # the first photo and its thumbnail
    assert promoter.get(f"/editor/sites/{site.pk}/photos/{first.pk}/delete").status_code == 405


def test_a_refused_upload_says_why_and_stores_nothing(promoter: Client, site: TourismSite, media: Path) -> None:
    response = promoter.post(f"/editor/sites/{site.pk}/photos/",
                             _photo_post("menu.jpg", b"%PDF-1.4 not a photo at all" * 40))
    assert response.status_code == 400
    page = response.content.decode()
    assert "menu.jpg" in page and "JPEG, PNG" in page
    assert not SitePhoto.objects.exists() and not media.exists()


def test_user_text_stays_text_on_the_editing_pages(promoter: Client, site: TourismSite,
                                                   make_product: ProductMaker, media: Path) -> None:
    site.name_vi = XSS
    site.save()
    make_product(XSS, producer=XSS)
    promoter.post(f"/editor/sites/{site.pk}/photos/", _photo_post("a.jpg", photo_bytes(size=(300, 200)),
                                                                  caption_vi=XSS))
    for url in ("/editor/sites/", f"/editor/sites/{site.pk}/"):
        page = promoter.get(url).content.decode()
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(&quot;site&quot;)&lt;/script&gt;" in page


def test_an_administrator_may_edit_too(user_for: UserFor, site: TourismSite) -> None:
    client = _client(user_for(Role.ADMIN))
    assert client.get("/editor/sites/").status_code == 200
    assert client.post(f"/editor/sites/{site.pk}/", _content()).status_code == 302
