"""django-tasks-db's `db_worker`, with a heartbeat: the worker names itself after its machine and
process, beats while it lives, and hands the tasks of dead workers back to the queue (or fails
them) as it starts and every few seconds (core/background.py)."""
import os
from contextlib import nullcontext

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from core.background import Heartbeat, new_worker_id


class Command(db_worker.Command):
    help = "Run a database background worker that beats while it lives and recovers the tasks of dead workers"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(worker_id=None)  # made per process in handle(): machine, process, random

    def handle(self, *args, worker_id=None, reload=False, batch=False, **options):
        worker_id = worker_id or new_worker_id()
        # With --reload the first process only watches files; the worker is the process it starts.
        works_here = batch or not reload or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true"
        with Heartbeat(worker_id) if works_here else nullcontext():
            super().handle(*args, worker_id=worker_id, reload=reload, batch=batch, **options)
