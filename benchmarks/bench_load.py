"""Load: N logged-in users browse dashboard, lists and report pages of their township for 30 s
against the running server (gunicorn + WhiteNoise on PostgreSQL, started by `make bench-load`),
from this second process. Prints requests/s, p50/p95/p99 latency and errors, next to the same for
the bare logged-in /ping/ view on the same server: the ceiling of the stack.

Usage: python benchmarks/bench_load.py http://127.0.0.1:8001 [users] [seconds]
"""
import http.client
import os
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liuhao.settings")


def sessions(count: int) -> list[tuple[str, list[str]]]:
    """`count` logged-in sessions (cookie, pages to browse), spread over the demo township staff."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.urls import reverse

    from unions.models import UserRole

    staff = list(UserRole.objects.filter(role=UserRole.Role.TOWNSHIP_STAFF, user__username__startswith="staff_")
                 .select_related("user", "township").order_by("user__username"))
    result = []
    for n in range(count):
        role = staff[n % len(staff)]
        store = SessionStore()
        store[SESSION_KEY] = str(role.user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = role.user.get_session_auth_hash()
        store.create()
        township = {"township_id": role.township_id}
        pages = [reverse("unions:dashboard", kwargs=township) + "?year=2025",
                 reverse("unions:member_list", kwargs=township),
                 reverse("unions:grassroots_union_list", kwargs=township),
                 reverse("unions:rights_case_list", kwargs=township),
                 reverse("reports:report", kwargs=township) + "?year=2025"]
        result.append((f"{settings.SESSION_COOKIE_NAME}={store.session_key}", pages))
    return result


def run(base: str, users: list[tuple[str, list[str]]], seconds: float, fixed_path: str | None = None) -> dict:
    address = urlsplit(base)
    latencies, errors, lock = [], [0], threading.Lock()
    stop_at = time.monotonic() + seconds

    def browse(cookie: str, pages: list[str]):
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
        # nginx in front would say the request came over HTTPS; secure cookies and no redirect then
        headers = {"Cookie": cookie, "X-Forwarded-Proto": "https", "Host": address.hostname}
        step = 0
        while time.monotonic() < stop_at:
            path = fixed_path or pages[step % len(pages)]
            step += 1
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                errors[0] += not ok

    threads = [threading.Thread(target=browse, args=user) for user in users]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration = time.monotonic() - started
    cuts = statistics.quantiles(latencies, n=100)
    return {"requests": len(latencies), "rps": len(latencies) / duration, "p50": cuts[49], "p95": cuts[94], "p99": cuts[98],
            "errors": errors[0]}


def main():
    base = sys.argv[1]
    users = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 30
    logged_in = sessions(users)
    pages = run(base, logged_in, seconds)
    ceiling = run(base, logged_in, seconds, fixed_path="/ping/")
    print(f"Load: {users} concurrent logged-in users for {seconds:.0f} s each run, against {base}")
    print(f"{'':34}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for label, figures in (("dashboard, lists, report pages", pages), ("bare /ping/ view (ceiling)", ceiling)):
        print(f"{label:34}{figures['rps']:8.1f}{figures['p50']:9.1f}{figures['p95']:9.1f}{figures['p99']:9.1f}{figures['errors']:8d}")
    verdict = "ok" if pages["p95"] <= 300 and pages["errors"] == 0 else "OVER"
    print(f"target: p95 ≤ 300 ms at 20 users, 0 errors → {verdict}")


if __name__ == "__main__":
    main()
