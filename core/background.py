"""Background tasks that survive their worker.

The queue is django-tasks' database backend (`manage.py db_worker`). It marks a task RUNNING when a
worker claims it and never looks at it again: a worker killed mid-task (SIGKILL, out of memory, the
machine lost) left the task RUNNING for good, and its progress page refreshing forever. What the
library lacks is written here:

- every worker beats while it lives (`Heartbeat`, started by liuhao's `db_worker`), and names itself
  after its machine and process, so that a worker on the same machine is known dead the moment its
  process is gone, one elsewhere once it has not beaten for `STALE_AFTER`;
- a RUNNING task whose worker is dead goes back to the queue once (every task of liuhao may run
  again: an import is written in one transaction that also marks its batch imported, a PDF or a zip
  is made again), and fails with a reason when that attempt dies too or the task is old
  (`recover_stale_tasks`, run by every worker as it starts and every few seconds, and by a
  progress page about its own task);
- `task_state` is what a progress page shows: waiting, done, or failed and why.
"""
import datetime
import logging
import os
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

BEAT_SECONDS = 5
# A worker on another machine not heard from for this long is dead. Generous: on SQLite a beat
# waits while an import holds the write lock (the same machine is told by its process instead).
STALE_AFTER = datetime.timedelta(seconds=60)
# A task is run at most this many times: once more after the worker running it died.
ATTEMPTS = 2
# A task cut off longer ago than this is not run again unasked (staff may have edited the data since):
# it fails, and its page offers to run it again.
RETRY_WITHIN = datetime.timedelta(hours=1)

HOST = socket.gethostname()[:40]
_PROCFS = Path("/proc/self/stat").exists()  # Linux: a process's state and command line
_ANY_WORKER_KEY = "task-worker-beat:any"


class WorkerLost(Exception):
    """Recorded as the failure of a task whose worker died while running it."""


def new_worker_id() -> str:
    """machine:process:random, so that a worker's liveness can be told from its id."""
    return f"{HOST}:{os.getpid()}:{get_random_string(12)}"


def _beat_key(worker_id: str) -> str:
    return f"task-worker-beat:{worker_id}"


def beat(worker_id: str) -> None:
    now = time.time()
    cache.set_many({_beat_key(worker_id): now, _ANY_WORKER_KEY: now}, timeout=int(STALE_AFTER.total_seconds()) * 10)


def _process_is_worker(pid: int) -> bool | None:
    """Whether process `pid` of this machine is a running task worker: not gone, not a zombie, not
    another program given a dead worker's number. None when this machine does not say."""
    if pid == os.getpid():
        return True
    if not _PROCFS:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except OSError:
            return None
        return None  # a process of that number runs, but which one
    proc = Path("/proc") / str(pid)
    try:
        state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
        command = (proc / "cmdline").read_bytes()
    except FileNotFoundError:
        return False
    except OSError:  # another user's process, hidden
        return None
    return state not in ("Z", "X") and b"db_worker" in command


def worker_is_alive(worker_id: str, *, claimed_at: datetime.datetime | None) -> bool:
    host, _sep, rest = worker_id.partition(":")
    pid = rest.split(":", 1)[0]
    if host == HOST and pid.isdigit():
        running = _process_is_worker(int(pid))
        if running is not None:
            return running
    last = cache.get(_beat_key(worker_id))
    if last is None:  # a worker of another naming, or its beat culled: judged by when it took the task
        return claimed_at is not None and timezone.now() - claimed_at < STALE_AFTER
    return time.time() - last < STALE_AFTER.total_seconds()


def recover_stale_tasks(*, ids=None) -> int:
    """RUNNING tasks whose worker died go back to the queue, or fail when they have had their
    attempts or were asked for long ago; returns how many were handled. Each change is conditional
    on the row being as it was read, so that workers and pages doing this at once change it once."""
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only(
        "id", "worker_ids", "started_at", "enqueued_at")
    if ids is not None:
        running = running.filter(id__in=ids)
    handled = 0
    for result in running:
        worker_ids = list(result.worker_ids)
        if worker_ids and worker_is_alive(worker_ids[-1], claimed_at=result.started_at):
            continue
        unchanged = DBTaskResult.objects.filter(id=result.id, status=TaskResultStatus.RUNNING, started_at=result.started_at)
        if len(worker_ids) < ATTEMPTS and timezone.now() - result.enqueued_at < RETRY_WITHIN:
            handled += unchanged.update(status=TaskResultStatus.READY)
            logger.warning("Task %s: its worker %s died; queued again", result.id, worker_ids[-1:])
        else:
            handled += unchanged.update(
                status=TaskResultStatus.FAILED, finished_at=timezone.now(), return_value=None,
                exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
                traceback=f"worker {worker_ids[-1:]} died while running the task (attempt {len(worker_ids)} of {ATTEMPTS})")
            logger.warning("Task %s: its worker %s died; failed", result.id, worker_ids[-1:])
    return handled


# A worker told to stop twice stops the task in hand: the library records that as the exception.
_STOPPED = {"builtins.SystemExit", "builtins.KeyboardInterrupt"}
_LOST = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"


@dataclass(frozen=True)
class TaskState:
    status: str  # TaskResultStatus
    reason: str = ""  # why it failed, for the page
    worker_missing: bool = False  # waiting, and no worker has beaten lately

    @property
    def waiting(self) -> bool:
        return self.status in (TaskResultStatus.READY, TaskResultStatus.RUNNING)

    @property
    def failed(self) -> bool:
        return self.status == TaskResultStatus.FAILED

    @property
    def succeeded(self) -> bool:
        return self.status == TaskResultStatus.SUCCESSFUL


def task_state(task_id: str) -> TaskState:
    """A task as its progress page shows it; a task whose worker died is handled on the way."""
    try:
        result = DBTaskResult.objects.get(id=task_id)
    except (DBTaskResult.DoesNotExist, ValidationError):
        return TaskState(TaskResultStatus.FAILED, _("找不到这个后台任务的记录（可能已被清理）。"))
    if result.status == TaskResultStatus.RUNNING and recover_stale_tasks(ids=[result.id]):
        result.refresh_from_db()
    if result.status == TaskResultStatus.FAILED:
        return TaskState(result.status, failure_reason(result))
    missing = result.status == TaskResultStatus.READY and not any_worker_beating()
    return TaskState(result.status, worker_missing=missing)


def failure_reason(result: DBTaskResult) -> str:
    if result.exception_class_path == _LOST:
        return _("后台处理程序在执行中途意外退出（共尝试 %(attempts)s 次）。") % {
            "attempts": len(result.worker_ids)}
    if result.exception_class_path in _STOPPED:
        return _("后台处理程序在执行中途被停止。")
    last_line = (result.traceback.strip().splitlines() or [result.exception_class_path])[-1]
    return _("后台任务出错：%(error)s") % {"error": last_line[:300]}


def any_worker_beating() -> bool:
    last = cache.get(_ANY_WORKER_KEY)
    return last is not None and time.time() - last < STALE_AFTER.total_seconds()


class Heartbeat:
    """While a worker lives: it beats and recovers the tasks of dead workers, at once and then every
    BEAT_SECONDS from a thread of its own (with its own database connection)."""

    def __init__(self, worker_id: str):
        self.worker_id = worker_id
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="task-heartbeat", daemon=True)

    def __enter__(self):
        self._once()
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        self._thread.join(timeout=BEAT_SECONDS)

    def _once(self) -> None:
        try:
            beat(self.worker_id)
            recover_stale_tasks()
        except DatabaseError:  # on SQLite the write lock may be held long: the next beat is soon
            logger.warning("Worker %s: could not beat", self.worker_id, exc_info=True)

    def _run(self) -> None:
        try:
            while not self._stop.wait(BEAT_SECONDS):
                close_old_connections()
                self._once()
        finally:
            connection.close()
