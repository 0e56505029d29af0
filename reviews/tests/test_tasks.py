"""Background work: the round's PDFs packed into one zip by the database task queue."""
import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from reviews.models import RoundArchive

pytestmark = pytest.mark.django_db


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


# The worker commits and closes its connection as in production: the test's data must be committed.
@pytest.mark.django_db(transaction=True)
def test_round_pdfs_are_packed_in_the_background(client, county_admin, under_review):
    client.force_login(county_admin)
    response = client.post(reverse("reviews:round_archive_create", kwargs={"pk": under_review.round_id}))
    archive = RoundArchive.objects.get()
    assert response.url == reverse("reviews:round_archive", kwargs={"pk": under_review.round_id, "archive_id": archive.pk})
    waiting = client.get(response.url).content.decode()
    assert "排队中" in waiting and 'http-equiv="refresh"' in waiting  # the request returned at once; the worker does the work
    assert archive.task_id and not archive.finished_at
    run_worker()
    done = client.get(response.url).content.decode()
    assert "共 1 份 PDF" in done and 'http-equiv="refresh"' not in done
    download = client.get(reverse("reviews:round_archive_download", kwargs={"pk": under_review.round_id, "archive_id": archive.pk}))
    with zipfile.ZipFile(io.BytesIO(download.content)) as packed:
        names = packed.namelist()
        assert names == ["具茨山镇2025年六好申报材料（第1版）.pdf"]
        reader = PdfReader(io.BytesIO(packed.read(names[0])))
        assert "具茨山镇创建" in reader.pages[1].extract_text().replace(" ", "")  # after the cover (single-sided)


def test_only_the_county_admin_packs_the_round(client, reviewers, staff_user, under_review):
    for user in (reviewers[0], staff_user):
        client.force_login(user)
        assert client.post(reverse("reviews:round_archive_create", kwargs={"pk": under_review.round_id})).status_code == 403
    assert not RoundArchive.objects.exists()


def archive_page(client, archive) -> str:
    return client.get(reverse("reviews:round_archive", kwargs={"pk": archive.round_id, "archive_id": archive.pk})).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_packing_that_failed_says_why_and_packs_again_once(client, county_admin, under_review, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    def broken(submission):
        raise OSError("字体文件缺失")

    monkeypatch.setattr("reviews.tasks.submission_pdf", broken)
    client.force_login(county_admin)
    client.post(reverse("reviews:round_archive_create", kwargs={"pk": under_review.round_id}))
    archive = RoundArchive.objects.get()
    run_worker()
    page = archive_page(client, archive)
    assert "打包失败" in page and "字体文件缺失" in page and 'id="task-retry"' in page and 'http-equiv="refresh"' not in page

    monkeypatch.undo()  # the fault is gone
    url = reverse("reviews:round_archive", kwargs={"pk": archive.round_id, "archive_id": archive.pk})
    assert client.post(url)["Location"] == url  # the retry button
    client.post(url)  # …clicked twice
    assert DBTaskResult.objects.count() == 2
    page = archive_page(client, archive)
    assert "排队中" in page and 'http-equiv="refresh"' in page and "task-retry" not in page
    run_worker()
    assert "共 1 份 PDF" in archive_page(client, archive)


@pytest.mark.django_db(transaction=True)
def test_a_packing_whose_worker_died_is_packed_again_then_fails_with_the_reason(client, county_admin, under_review):
    import subprocess

    from django_tasks_db.models import DBTaskResult

    from core.background import HOST

    client.force_login(county_admin)
    client.post(reverse("reviews:round_archive_create", kwargs={"pk": under_review.round_id}))
    archive = RoundArchive.objects.get()

    def killed(attempts):
        process = subprocess.Popen(["true"])
        process.wait()
        DBTaskResult.objects.update(status="RUNNING", worker_ids=[f"{HOST}:{process.pid}:w"] * attempts)

    killed(1)
    assert "排队中" in archive_page(client, archive)  # queued again: waiting for a worker
    assert DBTaskResult.objects.get().status == "READY"
    killed(2)
    page = archive_page(client, archive)
    assert "打包失败" in page and "意外退出（共尝试 2 次）" in page and 'id="task-retry"' in page
    assert 'http-equiv="refresh"' not in page
