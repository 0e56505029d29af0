"""A task whose worker died (core/background.py): told from the worker's process on this machine or
its heartbeat from another, queued again once, then failed with a reason; a live worker's task is
left alone."""
import datetime
import os
import signal
import subprocess
import sys
import time

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core import background
from core.background import HOST, STALE_AFTER, beat, recover_stale_tasks, task_state
from reports.tasks import prerender_report
from unions.tests.factories import TownshipFactory

pytestmark = pytest.mark.django_db


def dead_pid() -> int:
    """The number of a process that has ended (and was reaped)."""
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def running(worker_id: str, *, attempts: int = 1, started=None, enqueued=None) -> DBTaskResult:
    """A queued task as a worker left it: claimed by `worker_id` (after attempts - 1 earlier workers)."""
    result = prerender_report.enqueue(TownshipFactory().pk, 2025).db_result
    started = started or timezone.now()
    DBTaskResult.objects.filter(id=result.id).update(
        status="RUNNING", started_at=started, enqueued_at=enqueued or started,
        worker_ids=[f"earlier-{n}" for n in range(attempts - 1)] + [worker_id])
    return DBTaskResult.objects.get(id=result.id)


def status(result) -> str:
    result.refresh_from_db()
    return result.status


def test_a_task_whose_worker_process_is_gone_is_queued_again():
    result = running(f"{HOST}:{dead_pid()}:abc")
    assert recover_stale_tasks() == 1
    assert status(result) == "READY"
    assert result.worker_ids[-1].startswith(HOST)  # kept: it counts the attempts


def test_a_task_whose_worker_died_on_its_second_attempt_fails_with_the_reason():
    result = running(f"{HOST}:{dead_pid()}:abc", attempts=background.ATTEMPTS)
    state = task_state(str(result.id))  # a progress page asking about it handles it on the way
    assert state.failed and "意外退出" in state.reason and "共尝试 2 次" in state.reason
    assert status(result) == "FAILED" and result.finished_at
    assert result.exception_class_path == "core.background.WorkerLost"


def test_a_task_cut_off_long_ago_is_not_run_again_unasked():
    long_ago = timezone.now() - background.RETRY_WITHIN - datetime.timedelta(minutes=1)
    result = running(f"{HOST}:{dead_pid()}:abc", started=long_ago)
    recover_stale_tasks()
    assert status(result) == "FAILED"


def test_a_process_that_took_a_dead_workers_number_is_not_that_worker():
    # this test's parent process (pytest's shell or runner) is alive but is no task worker
    result = running(f"{HOST}:{os.getppid()}:abc")
    recover_stale_tasks()
    assert status(result) == "READY"


def test_the_task_of_a_live_worker_on_this_machine_is_left_alone():
    result = running(background.new_worker_id())  # this process: alive
    assert recover_stale_tasks() == 0 and task_state(str(result.id)).waiting
    assert status(result) == "RUNNING"


def test_a_worker_on_another_machine_is_dead_once_it_has_not_beaten_for_a_while(monkeypatch):
    elsewhere = "other-machine:4242:xyz"
    result = running(elsewhere, started=timezone.now() - 2 * STALE_AFTER)
    beat(elsewhere)
    assert recover_stale_tasks() == 0  # it beat just now: alive, however long the task has run
    later = time.time() + STALE_AFTER.total_seconds() + 1
    monkeypatch.setattr(background.time, "time", lambda: later)
    assert recover_stale_tasks() == 1
    assert status(result) == "READY"


def test_a_worker_never_heard_of_is_judged_by_when_it_took_the_task():
    fresh = running("other-machine:1:never-beat")
    stale = running("other-machine:2:never-beat", started=timezone.now() - STALE_AFTER - datetime.timedelta(seconds=1))
    assert recover_stale_tasks() == 1
    assert (status(fresh), status(stale)) == ("RUNNING", "READY")


def test_a_failed_task_says_why():
    result = prerender_report.enqueue(TownshipFactory().pk, 2025).db_result
    DBTaskResult.objects.filter(id=result.id).update(
        status="FAILED", exception_class_path="builtins.ValueError",
        traceback='Traceback (most recent call last):\n  File "x.py", line 1\nValueError: 字体缺失')
    assert task_state(str(result.id)).reason == "后台任务出错：ValueError: 字体缺失"
    DBTaskResult.objects.filter(id=result.id).update(exception_class_path="builtins.SystemExit", traceback="SystemExit: 1")
    assert "被停止" in task_state(str(result.id)).reason
    assert task_state("00000000-0000-0000-0000-000000000000").failed  # a result pruned meanwhile
    assert task_state("not-a-task-id").failed


def test_a_queued_task_says_when_no_worker_runs():
    result = prerender_report.enqueue(TownshipFactory().pk, 2025).db_result
    cache.clear()
    assert task_state(str(result.id)).worker_missing
    beat("any:1:worker")
    assert not task_state(str(result.id)).worker_missing


# The worker commits and closes its connection as in production: the test's data must be committed.
@pytest.mark.django_db(transaction=True)
def test_a_worker_that_starts_takes_over_the_task_of_a_dead_one():
    result = running(f"{HOST}:{dead_pid()}:abc")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert status(result) == "SUCCESSFUL"
    assert len(result.worker_ids) == 2 and result.worker_ids[-1].startswith(f"{HOST}:")


def test_a_worker_process_on_this_machine_is_alive_until_it_is_killed():
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", "db_worker"])
    try:
        time.sleep(0.2)
        assert background.worker_is_alive(f"{HOST}:{process.pid}:abc", claimed_at=None)
        os.kill(process.pid, signal.SIGKILL)
        time.sleep(0.2)  # not reaped yet: a zombie, as a worker whose parent does not wait for it
        assert not background.worker_is_alive(f"{HOST}:{process.pid}:abc", claimed_at=timezone.now())
    finally:
        process.kill()
        process.wait()
