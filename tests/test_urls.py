"""The front door and the language switch."""

import pytest
from django.test import Client


@pytest.mark.django_db
def test_the_root_is_the_public_map(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert 'id="ntm-viewer-settings"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "title"), [("vi", "Đăng nhập"), ("en", "Log in")])
def test_the_login_page_speaks_the_chosen_language(client: Client, language: str, title: str) -> None:
    client.post("/i18n/setlang/", {"language": language, "next": "/admin/login/"})
    assert title in client.get("/admin/login/").content.decode()


@pytest.mark.django_db
def test_vietnamese_is_served_when_the_browser_asks_for_nothing(client: Client) -> None:
    assert "Đăng nhập" in client.get("/admin/login/").content.decode()


@pytest.mark.django_db
def test_an_english_browser_still_gets_vietnamese_until_english_is_chosen(client: Client) -> None:
    assert "Đăng nhập" in client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/admin/login/"})
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="vi")
    assert "Log in" in response.content.decode()
    assert response["Content-Language"] == "en"


@pytest.mark.django_db
def test_the_admin_offers_the_other_language(admin_client: Client) -> None:
    page = admin_client.get("/admin/").content.decode()
    assert 'value="en"' in page
    assert "English" in page
