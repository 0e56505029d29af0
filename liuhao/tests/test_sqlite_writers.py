"""Two users saving at the same moment on the embedded SQLite database of `make run`.

Each writer reads, then writes, inside one transaction (as saving a review does). With SQLite's
default deferred transactions both hold a read lock, neither can upgrade, and one fails at once
with "database is locked" (an HTTP 500). liuhao's settings begin write transactions IMMEDIATE and
wait: both are saved. Run in a fresh process on a real database file, as the server would.
"""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

WRITERS = '''
import os, sys, threading, time
sys.path.insert(0, sys.argv[1])
os.environ["DJANGO_SETTINGS_MODULE"] = "liuhao.settings"
import django; django.setup()
from django.core.management import call_command
from django.db import connection, transaction
from unions.models import County
call_command("migrate", "unions", verbosity=0)
County.objects.create(name="并发县")
committed, errors, barrier = [], [], threading.Barrier(2)
def writer(n):
    try:
        barrier.wait()
        with transaction.atomic():
            county = County.objects.get(name="并发县")
            time.sleep(0.3)
            county.city = f"写入{n}"
            county.save()
        committed.append(n)
    except Exception as error:
        errors.append(repr(error))
    finally:
        connection.close()
threads = [threading.Thread(target=writer, args=(n,)) for n in range(2)]
for thread in threads: thread.start()
for thread in threads: thread.join()
print(len(committed), errors)
'''


@pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
                    reason="concerns the embedded SQLite database only; PostgreSQL has row locks")
def test_two_writers_at_once_are_both_saved(tmp_path):
    script = tmp_path / "writers.py"
    script.write_text(WRITERS, encoding="utf-8")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "DEBUG": "True"}
    done = subprocess.run([sys.executable, str(script), str(Path(settings.BASE_DIR))], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "2 []", done.stdout + done.stderr[-2000:]


@pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
                    reason="concerns the embedded SQLite database only; PostgreSQL has row locks")
def test_twenty_reviewers_and_double_clicks_through_the_views_on_a_database_file():
    """The cases of sqlite_file_cases.py, in a pytest process of their own with a file database."""
    cases = Path(__file__).with_name("sqlite_file_cases.py")
    done = subprocess.run([sys.executable, "-m", "pytest", str(cases), "-p", "no:cacheprovider"],
                          cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "2 passed" in done.stdout
