"""The upload page: who may use it, a file imported through it, its report, and what it refuses.

Imports run in a thread with its own database connection, so tests that wait for one use
transactional test databases (the thread must see committed rows).
"""

import datetime as dt
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import AbstractUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import timezone

from ingest.jobs import ImportOptions, UploadTooLarge, import_job_get, import_job_start
from ingest.models import ImportJob, JobStatus
from layers.models import AdminUnit, Role, TourismSite
from layers.services import user_provision

WAIT_SECONDS = 60


@pytest.fixture(autouse=True)
def work_dir(tmp_path: Path) -> Iterator[Path]:
    work = tmp_path / "work"
    with override_settings(INGEST_WORK_DIR=work):
        yield work


def make_user(name: str, role: Role, units: tuple[str, ...] = ()) -> AbstractUser:
    user, _password = user_provision(username=name, role=role, unit_codes=units, password="x")
    return user


def client_for(user: AbstractUser) -> Client:
    client = Client()
    client.force_login(user)
    return client


def geojson(*features: tuple[str, str, float, float], name_column: str = "name_vi") -> SimpleUploadedFile:
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {name_column: name, "category": category},
         "geometry": {"type": "Point", "coordinates": [lon, lat]}}
        for name, category, lon, lat in features]}
    return SimpleUploadedFile("điểm du lịch.geojson", json.dumps(collection).encode(), "application/geo+json")


def upload(client: Client, file: SimpleUploadedFile, layer: str = "tourism_sites", **fields: str) -> object:
    return client.post("/ingest/", {"file": file, "layer": layer, **fields})


def wait_for(job_id: int) -> ImportJob:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        job = ImportJob.objects.get(pk=job_id)
        if not job.is_active:
            return job
        time.sleep(0.1)
    raise AssertionError(f"import job {job_id} did not end within {WAIT_SECONDS} s")


def leftovers(work_dir: Path) -> list[Path]:
    return sorted(work_dir.rglob("*")) if work_dir.exists() else []


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "layers"), [
    (Role.TOURISM_PROMOTER, ["tourism_sites"]),
    (Role.EXTENSION_STAFF, ["parcels", "zones", "ocop_producers"]),
    (Role.APPROVER, ["parcels", "zones"]),
    (Role.ADMIN, ["communes", "parcels", "zones", "ocop_producers", "tourism_sites"]),
])
def test_the_form_offers_only_the_layers_the_role_may_import(ward: AdminUnit, role: Role, layers: list[str]) -> None:
    user = make_user("u", role, (ward.code,) if role == Role.EXTENSION_STAFF else ())
    response = client_for(user).get("/ingest/")
    assert response.status_code == 200
    offered = [value for value, _label in response.context["form"].fields["layer"].choices]
    assert sorted(offered) == sorted(layers)
    assert 'enctype="multipart/form-data"' in response.content.decode()


@pytest.mark.django_db
def test_a_planner_may_not_import() -> None:
    client = client_for(make_user("planner", Role.PLANNER))
    assert client.get("/ingest/").status_code == 403
    assert upload(client, geojson(("A", "nature", 108.01, 14.01))).status_code == 403
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_the_admin_header_links_to_the_upload_page_for_importers_only() -> None:
    promoter_page = client_for(make_user("promoter", Role.TOURISM_PROMOTER)).get("/admin/").content.decode()
    planner_page = client_for(make_user("planner", Role.PLANNER)).get("/admin/").content.decode()
    assert 'href="/ingest/"' in promoter_page
    assert 'href="/ingest/"' not in planner_page


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/ingest/", "/ingest/jobs/1/", "/ingest/jobs/1.json", "/ingest/jobs/1/report.json"])
def test_anonymous_visitors_are_sent_to_the_login_page(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={url}"


@pytest.mark.django_db
def test_the_upload_is_protected_against_cross_site_requests() -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("promoter", Role.TOURISM_PROMOTER))
    assert upload(client, geojson(("A", "nature", 108.01, 14.01))).status_code == 403
    assert not ImportJob.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_promoter_imports_tourism_sites_and_reads_the_report(ward: AdminUnit, work_dir: Path) -> None:
    client = client_for(make_user("promoter", Role.TOURISM_PROMOTER))
    response = upload(client, geojson(("Biển Hồ", "nature", 108.01, 14.01), ("Làng Ốp", "culture", 108.02, 14.005)))
    assert response.status_code == 302
    job_id = int(response["Location"].strip("/").split("/")[-1])
    assert response["Location"] == f"/ingest/jobs/{job_id}/"

    job = wait_for(job_id)
    assert job.status == JobStatus.DONE
    assert job.file_name == "điểm du lịch.geojson"
    assert sorted(TourismSite.objects.values_list("name_vi", flat=True)) == ["Biển Hồ", "Làng Ốp"]
    assert set(TourismSite.objects.values_list("unit__code", flat=True)) == {ward.code}
    assert client.get(f"/ingest/jobs/{job_id}.json").json() == {
        "status": "done", "label": "đã xong", "active": False, "read": 2, "total": 2}
    page = client.get(f"/ingest/jobs/{job_id}/").content.decode()
    assert 'id="job-counts"' in page
    assert 'id="job-progress"' not in page
    report = client.get(f"/ingest/jobs/{job_id}/report.json")
    assert report["Content-Disposition"].startswith("attachment")
    assert json.loads(report.content) == job.report
    assert (job.report["read"], job.report["created"], job.report["committed"]) == (2, 2, True)
    assert job.report["file"] == "điểm du lịch.geojson"
    _wait_until_no_leftovers(work_dir)


@pytest.mark.django_db(transaction=True)
def test_a_bad_feature_is_reported_by_number_and_field_and_nothing_is_written(ward: AdminUnit, work_dir: Path) -> None:
    client = client_for(make_user("promoter", Role.TOURISM_PROMOTER))
    response = upload(client, geojson(("Biển Hồ", "nature", 108.01, 14.01), ("Sòng bạc", "casino", 108.02, 14.005)))
    job = wait_for(int(response["Location"].strip("/").split("/")[-1]))

    assert job.status == JobStatus.DONE
    assert not TourismSite.objects.exists()
    assert job.report["committed"] is False
    assert [(p["feature"], p["field"]) for p in job.report["problems"]] == [(2, "category")]
    page = client.get(f"/ingest/jobs/{job.pk}/").content.decode()
    row = page[page.index('id="job-problems"'):]
    assert "<td>điểm du lịch.geojson</td>" in row
    assert "<td>2</td>" in row
    assert "<td>category</td>" in row
    _wait_until_no_leftovers(work_dir)


@pytest.mark.django_db(transaction=True)
def test_a_dry_run_with_a_field_mapping_checks_and_writes_nothing(ward: AdminUnit) -> None:
    client = client_for(make_user("promoter", Role.TOURISM_PROMOTER))
    file = geojson(("Biển Hồ", "nature", 108.01, 14.01), name_column="tieu_de")
    response = upload(client, file, mapping="name_vi = tieu_de\n", dry_run="on", crs="4326")
    job = wait_for(int(response["Location"].strip("/").split("/")[-1]))
    assert job.dry_run
    assert job.report["problem_count"] == 0
    assert job.report["mapping"]["name_vi"] == "tieu_de"
    assert (job.report["committed"], job.report["created"]) == (False, 0)
    assert not TourismSite.objects.exists()


@pytest.mark.django_db
def test_a_mapping_line_without_equals_sign_is_shown_on_the_form() -> None:
    client = client_for(make_user("promoter", Role.TOURISM_PROMOTER))
    response = upload(client, geojson(("A", "nature", 108.01, 14.01)), mapping="name_vi=ten\nloai")
    assert response.status_code == 200
    assert "loai" in response.context["form"].errors["mapping"][0]
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
@override_settings(INGEST_MAX_FILE_BYTES=100)
def test_an_oversized_upload_is_refused_and_leaves_nothing(work_dir: Path) -> None:
    client = client_for(make_user("promoter", Role.TOURISM_PROMOTER))
    response = upload(client, geojson(*[(f"Điểm {n}", "nature", 108.01, 14.01) for n in range(20)]))
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not ImportJob.objects.exists()
    assert leftovers(work_dir) == []


@pytest.mark.django_db
@override_settings(INGEST_MAX_FILE_BYTES=100)
def test_the_service_counts_what_arrives_rather_than_trusting_the_declared_size(work_dir: Path) -> None:
    file = geojson(*[(f"Điểm {n}", "nature", 108.01, 14.01) for n in range(20)])
    file.size = 10  # what a lying Content-Length would make Django believe
    with pytest.raises(UploadTooLarge):
        import_job_start(user=make_user("promoter", Role.TOURISM_PROMOTER), upload=file, layer="tourism_sites",
                         options=ImportOptions())
    assert not ImportJob.objects.exists()
    assert leftovers(work_dir) == []


@pytest.mark.django_db
def test_a_second_import_waits_for_the_first() -> None:
    user = make_user("promoter", Role.TOURISM_PROMOTER)
    ImportJob.objects.create(user=user, layer="tourism_sites", file_name="first.geojson", status=JobStatus.RUNNING)
    response = upload(client_for(user), geojson(("A", "nature", 108.01, 14.01)))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert ImportJob.objects.count() == 1


@pytest.mark.django_db
def test_a_job_lost_with_its_worker_reads_as_failed() -> None:
    user = make_user("promoter", Role.TOURISM_PROMOTER)
    job = ImportJob.objects.create(user=user, layer="tourism_sites", file_name="a.geojson", status=JobStatus.RUNNING)
    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - dt.timedelta(hours=1))
    job = import_job_get(user=user, job_id=job.pk)
    assert job.status == JobStatus.FAILED
    assert job.report is not None
    assert job.report["problems"][0]["feature"] is None
    assert not job.report["committed"]


@pytest.mark.django_db
def test_a_user_sees_only_their_own_jobs_and_administrators_see_all() -> None:
    owner = make_user("owner", Role.TOURISM_PROMOTER)
    job = ImportJob.objects.create(user=owner, layer="tourism_sites", file_name="a.geojson", status=JobStatus.DONE,
                                   report={"file": "a.geojson", "problems": []})
    urls = [f"/ingest/jobs/{job.pk}/", f"/ingest/jobs/{job.pk}.json", f"/ingest/jobs/{job.pk}/report.json"]
    other = client_for(make_user("other", Role.TOURISM_PROMOTER))
    admin = client_for(make_user("boss", Role.ADMIN))
    assert [other.get(url).status_code for url in urls] == [404, 404, 404]
    assert [admin.get(url).status_code for url in urls] == [200, 200, 200]
    assert [client_for(owner).get(url).status_code for url in urls] == [200, 200, 200]


def _wait_until_no_leftovers(work_dir: Path) -> None:
    """The thread deletes the upload just after it stores the report; give it that moment."""
    deadline = time.monotonic() + 5
    while leftovers(work_dir) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert leftovers(work_dir) == []


@pytest.mark.django_db
def test_administrators_read_the_import_history_in_the_admin_but_cannot_edit_it(ward: AdminUnit) -> None:
    admin_user = make_user("root", Role.ADMIN)
    job = ImportJob.objects.create(user=admin_user, layer="parcels", file_name="thửa đất.zip")
    client = client_for(admin_user)
    listing = client.get("/admin/ingest/importjob/")
    assert listing.status_code == 200 and "thửa đất.zip" in listing.content.decode()
    assert client.get("/admin/ingest/importjob/add/").status_code == 403
    page = client.get(f"/admin/ingest/importjob/{job.pk}/change/")
    assert page.status_code == 200 and 'type="submit" value="' not in page.content.decode()
