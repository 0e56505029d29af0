"""A worker killed with SIGKILL in the middle of a 5 000-row import, as real as the fault: separate
`manage.py db_worker` processes on the test's database (a copy on disk for SQLite, the test database
itself on PostgreSQL), the import confirmed through the page. Nothing is half-written; the next
worker imports the batch exactly once, or, when that worker is killed too, the page says why the
import failed and its retry button queues it once more.
"""
import io
import json
import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from unions.models import ImportBatch
from unions.spreadsheets import MEMBER_SHEET
from unions.tests.conftest import fast_password_hasher, staff_user, township  # noqa: F401  (shared fixtures)
from unions.tests.factories import GrassrootsUnionFactory
from unions.tests.factories import township_url as url
from unions.tests.test_spreadsheets import ids, member_row, xlsx

ROWS = 5000  # about 3 s to write on a busy two-core machine: long enough to be killed in the middle
UNION = "具茨山建材厂工会"
KILL_AFTER = 0.5  # seconds after the worker reported the task RUNNING

# The batch as the page and the database show it, from a fresh process: `retry` presses the
# page's button twice first, `page` also reads the page.
INSPECT = '''
import json, os, sys
sys.path.insert(0, sys.argv[1])
os.environ["DJANGO_SETTINGS_MODULE"] = "liuhao.settings"
import django; django.setup()
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from unions.models import ImportBatch, Member
batch_id, action = int(sys.argv[2]), sys.argv[3]
batch = ImportBatch.objects.select_related("uploaded_by").get(pk=batch_id)
client = Client()
client.force_login(batch.uploaded_by)
page_url = reverse("unions:member_import_preview", kwargs={"township_id": batch.township_id, "batch_id": batch_id})
found = {}
if action == "retry":
    client.post(page_url)
    client.post(page_url)
if action in ("page", "retry"):
    found["page"] = client.get(page_url).content.decode()
batch.refresh_from_db()
task = DBTaskResult.objects.get(id=batch.task_id) if batch.task_id else DBTaskResult.objects.latest("enqueued_at")
found.update(status=task.status, attempts=len(task.worker_ids), tasks=DBTaskResult.objects.count(),
             members=Member.objects.filter(township_id=batch.township_id).count(), imported=bool(batch.imported_at))
print(json.dumps(found))
'''


@pytest.fixture(scope="module")
def roster() -> bytes:
    return xlsx(MEMBER_SHEET.headers(), [member_row(UNION, number) for number in ids(ROWS)])


@pytest.fixture
def queued_import(client, staff_user, township, roster, tmp_path):
    """A 5 000-row roster uploaded and confirmed through the pages, queued for the worker; returns
    the batch id and the environment for processes on the same database."""
    GrassrootsUnionFactory(township=township, name=UNION, employee_count=6000, women_count=3000, migrant_count=3000)
    client.force_login(staff_user)
    upload = io.BytesIO(roster)
    upload.name = "会员名册.xlsx"
    client.post(url("member_import", township), {"file": upload})
    batch = ImportBatch.objects.get()
    assert client.post(url("member_import_preview", township, batch_id=batch.pk)).status_code == 302
    batch.refresh_from_db()
    assert batch.task_id and not batch.imported_at
    return batch.pk, {**os.environ, "DATABASE_URL": database_url(tmp_path), "DEBUG": "True",
                      "ALLOWED_HOSTS": "testserver", "PYTHONUNBUFFERED": "1"}


def database_url(tmp_path) -> str:
    """The test database for other processes: PostgreSQL's own, SQLite's in-memory one copied to a file."""
    database = connection.settings_dict
    if connection.vendor == "postgresql":
        return (f"postgres://{quote(database['USER'] or '')}:{quote(database['PASSWORD'] or '')}"
                f"@{database['HOST'] or 'localhost'}:{database['PORT'] or 5432}/{database['NAME']}")
    connection.ensure_connection()
    path = tmp_path / "db.sqlite3"
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
    return f"sqlite:///{path}"


class Worker:
    """A `manage.py db_worker` process whose output is read line by line."""

    def __init__(self, env, *args):
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2", *args],
            cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: queue.Queue = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line)

    def wait_for(self, text: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                assert self.process.poll() is None, "".join(self.output)
                continue
            self.output.append(line)
            if text in line:
                return
        raise AssertionError(f"no {text!r} in {''.join(self.output)}")

    def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def finish(self, timeout: float = 180) -> None:
        """A --batch worker: runs what is queued, then ends."""
        assert self.process.wait(timeout=timeout) == 0
        self.process.stdout.close()


def killed_in_the_middle(env) -> None:
    worker = Worker(env)
    worker.wait_for("state=RUNNING")
    time.sleep(KILL_AFTER)
    worker.kill()


def inspect(batch_id, env, action="state") -> dict:
    done = subprocess.run([sys.executable, "-c", INSPECT, str(settings.BASE_DIR), str(batch_id), action], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


# The workers commit in their own processes: the test's data must be committed for them to see it.
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_import_leaves_nothing_and_the_next_worker_imports_exactly_once(queued_import):
    batch_id, env = queued_import
    killed_in_the_middle(env)
    assert inspect(batch_id, env) == {"status": "RUNNING", "attempts": 1, "tasks": 1, "members": 0, "imported": False}

    Worker(env, "--batch").finish()  # takes over the dead worker's task as it starts
    found = inspect(batch_id, env, "page")
    assert found["members"] == ROWS and found["imported"] and found["tasks"] == 1
    assert found["status"] == "SUCCESSFUL" and found["attempts"] == 2
    assert f"新增 {ROWS} 条" in found["page"] and 'http-equiv="refresh"' not in found["page"]


@pytest.mark.django_db(transaction=True)
def test_an_import_whose_workers_are_killed_twice_fails_with_a_reason_and_a_retry_that_imports_once(queued_import):
    batch_id, env = queued_import
    killed_in_the_middle(env)
    killed_in_the_middle(env)  # the next worker takes the task over, and is killed in the middle too
    found = inspect(batch_id, env, "page")
    assert (found["status"], found["attempts"], found["members"], found["imported"]) == ("FAILED", 2, 0, False)
    page = found["page"]
    assert "导入没有完成，没有写入任何数据" in page and "后台处理程序在执行中途意外退出（共尝试 2 次）" in page
    assert 'id="task-retry"' in page and 'http-equiv="refresh"' not in page

    found = inspect(batch_id, env, "retry")  # the retry button, pressed twice: queued once
    assert (found["status"], found["tasks"]) == ("READY", 2) and 'http-equiv="refresh"' in found["page"]
    Worker(env, "--batch").finish()
    found = inspect(batch_id, env)
    assert (found["status"], found["members"], found["imported"], found["tasks"]) == ("SUCCESSFUL", ROWS, True, 2)
