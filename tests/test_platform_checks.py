"""The platform starts clean: no system-check warnings, GDAL new enough to block malicious SRS."""

import pytest
from django.contrib.gis.gdal import GDAL_VERSION
from django.contrib.gis.geos.libgeos import geos_version_tuple
from django.core.checks import run_checks
from django.core.management import call_command


def test_geodjango_uses_a_gdal_that_can_block_file_and_network_access() -> None:
    assert GDAL_VERSION >= (3, 9)
    assert geos_version_tuple() >= (3, 12)


def test_no_check_reports_anything() -> None:
    assert run_checks(include_deployment_checks=False) == []


@pytest.mark.django_db
def test_database_checks_pass_on_postgis() -> None:
    assert [m.id for m in run_checks(tags=["database"], databases=["default"])] == []
    call_command("check", "--database", "default", "--fail-level", "WARNING")


def test_gdal_reprojects_with_its_bundled_proj_database() -> None:
    from django.contrib.gis.gdal import SpatialReference

    assert SpatialReference(9218).name == "VN-2000 / TM-3 108-30"


@pytest.mark.django_db
def test_models_and_migrations_agree() -> None:
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.parametrize(
    ("url", "name", "host", "user"),
    [("postgis:///ntm_geoplatform", "ntm_geoplatform", "", ""),
     ("postgis://ntm:secret@db:5432/ntm_geoplatform", "ntm_geoplatform", "db", "ntm")],
)
def test_database_url_forms(url: str, name: str, host: str, user: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    from geo_platform import settings

    monkeypatch.setenv("DATABASE_URL", url)
    try:
        database = importlib.reload(settings).DATABASES["default"]
    finally:
        monkeypatch.undo()
        importlib.reload(settings)
    assert database["ENGINE"] == "django.contrib.gis.db.backends.postgis"
    assert (database["NAME"], database["HOST"], database["USER"]) == (name, host, user)
