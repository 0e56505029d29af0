"""A large import written by the worker, when the worker dies or the task fails: the preview page
shows it (never "being written" forever), says why, and its button runs the import again, once."""
import io
import subprocess

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from core.background import ATTEMPTS, HOST
from unions import imports
from unions.models import ImportBatch, Member
from unions.spreadsheets import MEMBER_SHEET

from .factories import township_url as url
from .test_spreadsheets import ids, member_row, union, xlsx  # noqa: F401  (union: a fixture)

# The worker commits and closes its connection as in production: the test's data must be committed.
pytestmark = pytest.mark.django_db(transaction=True)
ROWS = 5


@pytest.fixture
def queued(client, staff_user, township, union, monkeypatch):
    """A roster confirmed and queued for the worker; returns its preview URL."""
    monkeypatch.setattr(imports, "BACKGROUND_ROWS", 3)  # so that a small file takes the large-file path
    client.force_login(staff_user)
    upload = io.BytesIO(xlsx(MEMBER_SHEET.headers(), [member_row(union.name, n) for n in ids(ROWS)]))
    upload.name = "会员名册.xlsx"
    client.post(url("member_import", township), {"file": upload})
    preview = url("member_import_preview", township, batch_id=ImportBatch.objects.get().pk)
    assert client.post(preview)["Location"] == preview
    return preview


def task() -> DBTaskResult:
    return DBTaskResult.objects.get(id=ImportBatch.objects.get().task_id)


def worker_died(*, attempts: int) -> None:
    """The import's task as a worker killed on its `attempts`-th run leaves it: RUNNING, its process gone."""
    process = subprocess.Popen(["true"])
    process.wait()
    DBTaskResult.objects.filter(id=task().id).update(
        status="RUNNING", worker_ids=[f"{HOST}:{process.pid}:w{n}" for n in range(attempts)])


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_an_import_whose_worker_died_is_queued_again_and_written_once(client, queued, township):
    worker_died(attempts=1)
    page = client.get(queued).content.decode()
    assert task().status == "READY"  # the page found the worker dead and queued the import again
    assert "后台正在写入 5 行" in page and 'http-equiv="refresh"' in page and "task-retry" not in page
    run_worker()
    page = client.get(queued).content.decode()
    assert "新增 5 条" in page and 'http-equiv="refresh"' not in page
    assert Member.objects.filter(township=township).count() == ROWS


def test_an_import_whose_worker_died_again_fails_and_its_retry_button_runs_it_once(client, queued, township):
    worker_died(attempts=ATTEMPTS)
    page = client.get(queued).content.decode()
    assert task().status == "FAILED"
    assert "导入没有完成，没有写入任何数据" in page and "后台处理程序在执行中途意外退出（共尝试 2 次）" in page
    assert 'id="task-retry"' in page and 'http-equiv="refresh"' not in page and "后台正在写入" not in page
    failed = task().id

    client.post(queued)  # the retry button
    client.post(queued)  # …clicked twice
    assert DBTaskResult.objects.exclude(id=failed).count() == 1 and task().status == "READY"
    page = client.get(queued).content.decode()
    assert "后台正在写入 5 行" in page and 'http-equiv="refresh"' in page
    run_worker()
    assert Member.objects.filter(township=township).count() == ROWS
    assert "新增 5 条" in client.get(queued).content.decode()


def test_an_import_that_raised_shows_the_error_and_can_be_run_again(client, queued, township, monkeypatch):
    def broken(batch):
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr("unions.tasks.confirm_import", broken)
    run_worker()
    page = client.get(queued).content.decode()
    assert "后台任务出错：RuntimeError: 磁盘已满" in page and 'id="task-retry"' in page
    assert not Member.objects.exists()
    monkeypatch.setattr("unions.tasks.confirm_import", imports.confirm_import)  # the fault is gone
    client.post(queued)
    run_worker()
    assert Member.objects.filter(township=township).count() == ROWS


def test_a_confirmation_while_the_import_is_queued_or_written_queues_nothing(client, queued):
    client.post(queued)
    worker_died(attempts=1)
    DBTaskResult.objects.filter(id=task().id).update(worker_ids=["other-machine:1:alive"])  # not known dead
    client.post(queued)
    assert DBTaskResult.objects.count() == 1


def test_an_import_run_twice_writes_its_rows_once(queued, township):
    from unions.tasks import import_batch

    batch = ImportBatch.objects.get()
    import_batch.call(batch.pk)
    import_batch.call(batch.pk)  # a second worker given the same task finds the batch imported
    assert Member.objects.filter(township=township).count() == ROWS
    batch.refresh_from_db()
    assert batch.imported_at and batch.task_id == ""


def test_the_rows_and_the_batch_mark_are_committed_together(client, queued, township, monkeypatch):
    from django.db import OperationalError

    def lost_connection(self, *args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(ImportBatch, "save", lost_connection)  # the rows are written, the mark is not
    run_worker()
    assert task().status == "FAILED"
    assert not Member.objects.exists()  # nothing half-written: a second run would not know what the first did


def test_two_confirmations_of_a_small_file_at_once_write_it_once(client, staff_user, township, union):
    """A double click on 确认导入 of a file written in the request: two requests, one import."""
    import threading

    from django.db import connection
    from django.test import Client

    if connection.vendor != "postgresql":
        pytest.skip("the in-memory SQLite test database has no locking between connections to race")
    client.force_login(staff_user)
    upload = io.BytesIO(xlsx(MEMBER_SHEET.headers(), [member_row(union.name, n) for n in ids(ROWS)]))
    upload.name = "会员名册.xlsx"
    client.post(url("member_import", township), {"file": upload})
    preview = url("member_import_preview", township, batch_id=ImportBatch.objects.get().pk)
    barrier, statuses = threading.Barrier(2), []

    def confirm():
        clicker = Client()
        clicker.force_login(staff_user)
        try:
            barrier.wait()
            statuses.append(clicker.post(preview).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302, 302]
    assert Member.objects.filter(township=township).count() == ROWS
