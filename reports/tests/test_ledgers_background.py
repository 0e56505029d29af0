"""A ledger volume too long to render within a request is rendered by the worker while a page waits,
then offered there; a short one is rendered in the request as before."""
from dataclasses import replace

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from reports import views
from reports.documents import LEDGERS, REPORT, is_rendered, renders_in_request

# The worker commits and closes its connection as in production: the test's data must be committed.
pytestmark = pytest.mark.django_db(transaction=True)
LEDGER_ROWS = 11  # the fixture's 8 unions, 1 case and 2 assistance records


def url(name, township) -> str:
    return reverse(f"reports:{name}", kwargs={"township_id": township.pk}) + "?year=2025"


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


@pytest.fixture
def long_ledgers(monkeypatch):
    """The fixture's ledgers count as too long for a request."""
    monkeypatch.setattr(views.LedgersPdfView, "volume", replace(LEDGERS, rows_in_request=LEDGER_ROWS - 1))
    cache.clear()


def test_what_a_request_may_render_is_told_by_the_ledger_rows(township):
    assert renders_in_request(township, 2025, replace(LEDGERS, rows_in_request=LEDGER_ROWS))
    assert not renders_in_request(township, 2025, replace(LEDGERS, rows_in_request=LEDGER_ROWS - 1))
    # measured (reports/documents.py): the demo's 具茨山镇 (279 rows, 3.7 s on a busy machine) goes to the worker
    assert REPORT.rows_in_request is None and LEDGERS.rows_in_request < 279


def test_a_short_ledger_volume_is_rendered_in_the_request(staff_client, township):
    cache.clear()
    response = staff_client.get(url("ledgers_pdf", township))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert not DBTaskResult.objects.exists()


def test_a_long_ledger_volume_is_rendered_by_the_worker_while_a_page_waits(staff_client, township, long_ledgers):
    response = staff_client.get(url("ledgers_pdf", township))
    assert response.status_code == 302 and response["Location"] == url("report_ledgers_progress", township)
    assert not is_rendered(township, 2025, LEDGERS)  # the request rendered nothing
    waiting = staff_client.get(response["Location"]).content.decode()
    assert "正在后台生成" in waiting and 'http-equiv="refresh"' in waiting and "download-ledgers-pdf" not in waiting
    staff_client.get(response["Location"])  # the page refreshes: the same task, not another
    assert DBTaskResult.objects.count() == 1

    run_worker()
    ready = staff_client.get(response["Location"]).content.decode()
    assert "台账 PDF 已生成" in ready and 'http-equiv="refresh"' not in ready
    assert f'href="{url("ledgers_pdf", township)}"' in ready
    download = staff_client.get(url("ledgers_pdf", township))  # served from the cache
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    assert download["Content-Disposition"].startswith("attachment")


def test_the_page_waits_for_the_rendering_the_report_page_queued(staff_client, township, long_ledgers):
    staff_client.get(url("report", township))  # the data changed since the PDFs were made: queued ahead
    assert DBTaskResult.objects.count() == 1
    staff_client.get(url("report_ledgers_progress", township))
    assert DBTaskResult.objects.count() == 1


def test_a_rendering_that_failed_says_why_and_renders_again_once(staff_client, township, long_ledgers, monkeypatch):
    from reports import tasks

    def broken(*args, **kwargs):
        raise MemoryError("内存不足")

    monkeypatch.setattr(tasks, "volume_pdf", broken)
    progress = url("report_ledgers_progress", township)
    staff_client.get(progress)
    run_worker()
    page = staff_client.get(progress).content.decode()
    assert "台账 PDF 没有生成" in page and "MemoryError: 内存不足" in page and 'id="task-retry"' in page
    assert 'http-equiv="refresh"' not in page

    monkeypatch.setattr(tasks, "volume_pdf", views.volume_pdf)  # the fault is gone
    assert staff_client.post(progress)["Location"] == progress  # the retry button
    staff_client.post(progress)  # …clicked twice
    assert DBTaskResult.objects.count() == 2
    run_worker()
    assert "台账 PDF 已生成" in staff_client.get(progress).content.decode()


def test_the_ledgers_page_is_not_there_when_the_report_has_no_ledgers(staff_client, township):
    from reports.models import ReportSettings

    ReportSettings.objects.create(township=township, year=2025, include_ledgers=False)
    assert staff_client.get(url("report_ledgers_progress", township)).status_code == 404
