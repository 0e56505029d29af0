"""First-load weight of a page as a phone receives it, and its Lighthouse mobile scores (issue 15).

The weight is what Chromium transfers to show the page the first time, with an empty cache: the
HTML and every file it loads, headers included, compressed as sent (the DevTools protocol's
encodedDataLength of each request). The goal for the dashboard is 120 KB or less; Lighthouse's goal
is 95 or more in each of its four categories, with its mobile preset (a 412 px phone, simulated slow
4G and a 4× slower CPU).

Run it on the demo data (`make setup`, or `manage.py migrate` and `manage.py load_demo`):

    .venv/bin/python benchmarks/bench_weight.py                   # the dashboard of staff_jucishan's township
    .venv/bin/python benchmarks/bench_weight.py --lighthouse      # and Lighthouse (npx lighthouse@12, Debian's Chromium)
    .venv/bin/python benchmarks/bench_weight.py --path /townships/1/members/ --path /townships/1/report/?year=2025
    .venv/bin/python benchmarks/bench_weight.py --url http://127.0.0.1:8001   # a server running already (make serve)

Without --url it starts the production server itself on a free port: gunicorn with DEBUG=False,
the static files collected (into a temporary folder) and compressed by WhiteNoise, pages gzipped by
liuhao.middleware.CompressTextMiddleware; only HTTPS is left out (no redirect, no Secure cookies),
since it serves plain HTTP on 127.0.0.1. The database is DATABASE_URL's, or db.sqlite3. It signs
in through the login page (--user, --password: the demo's by default) in Debian's Chromium
(/usr/bin/chromium, or CHROMIUM), then loads each page in a fresh tab with the cache disabled and
prints every request with its size, the total and the goal. Lighthouse (`npx --yes lighthouse@12`,
which npm fetches the first time) is given the session cookie as an extra header.
"""
import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from liuhao.demo_data import DEMO_PASSWORD  # noqa: E402

GOAL_BYTES = 120 * 1024
LIGHTHOUSE_GOAL = 95
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True,
         "locale": "zh-CN"}
SETTINGS = """from liuhao.settings import *  # noqa: F401,F403
STATIC_ROOT = {static_root!r}
# plain HTTP on 127.0.0.1: the rest is production's
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_production_server(folder: Path) -> tuple[subprocess.Popen, str]:
    (folder / "bench_weight_settings.py").write_text(SETTINGS.format(static_root=str(folder / "static")))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench_weight_settings", "PYTHONPATH": f"{folder}:{BASE_DIR}",
           "DEBUG": "False", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1,localhost"}
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True)
    port = free_port()
    server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "liuhao.wsgi", "--workers", "2",
                               "--bind", f"127.0.0.1:{port}", "--log-level", "warning"], cwd=BASE_DIR, env=env)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{url}/accounts/login/", timeout=1)
            return server, url
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the server did not start")


def weigh(context, url: str) -> list[dict]:
    """Every request of a cold load of `url`: its path, type, encoding and bytes on the wire."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    requests: dict[str, dict] = {}

    def received(event):
        response = event["response"]
        if response["url"].startswith("data:"):  # inside a style sheet: nothing transferred
            return
        headers = {name.lower(): value for name, value in response["headers"].items()}
        requests[event["requestId"]] = {"url": response["url"], "type": event.get("type", ""), "status": response["status"],
                                        "encoding": headers.get("content-encoding", "—"), "bytes": 0, "decoded": 0}

    def data(event):
        if event["requestId"] in requests:
            requests[event["requestId"]]["decoded"] += event["dataLength"]

    def finished(event):
        if event["requestId"] in requests:
            requests[event["requestId"]]["bytes"] = int(event["encodedDataLength"])

    cdp.on("Network.responseReceived", received)
    cdp.on("Network.dataReceived", data)
    cdp.on("Network.loadingFinished", finished)
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(500)  # a late font or icon
    page.close()
    return list(requests.values())


def show(path: str, requests: list[dict]) -> int:
    total = sum(request["bytes"] for request in requests)
    decoded = sum(request["decoded"] for request in requests)
    print(f"\n{path}")
    print(f"  {'bytes':>8}  {'decoded':>8}  {'encoding':8}  request")
    for request in sorted(requests, key=lambda request: -request["bytes"]):
        short = urlsplit(request["url"])
        name = short.path + (f"?{short.query}" if short.query else "")
        print(f"  {request['bytes']:>8}  {request['decoded']:>8}  {request['encoding']:8}  {request['status']} {name}")
    verdict = "within" if total <= GOAL_BYTES else "OVER"
    print(f"  {total:>8}  {decoded:>8}  total: {len(requests)} requests, {total / 1024:.1f} KB transferred "
          f"({decoded / 1024:.1f} KB decoded), {verdict} the goal of {GOAL_BYTES // 1024} KB")
    return total


def lighthouse(url: str, cookie: str, folder: Path) -> dict[str, int]:
    headers = folder / "headers.json"
    headers.write_text(json.dumps({"Cookie": cookie}))
    report = folder / "lighthouse.json"
    command = ["npx", "--yes", "lighthouse@12", url, "--quiet", "--output=json", f"--output-path={report}",
               f"--extra-headers={headers}", "--only-categories=performance,accessibility,best-practices,seo",
               f"--chrome-flags={' '.join(CHROMIUM_FLAGS)}"]
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
    result = json.loads(report.read_text())
    scores = {name: round(category["score"] * 100) for name, category in result["categories"].items()}
    failed = [f"{audit['id']} ({audit['score']})" for audit in result["audits"].values()
              if audit.get("score") is not None and audit["score"] < 0.9 and audit.get("scoreDisplayMode") in ("binary", "numeric")]
    metrics = result["audits"]
    print(f"\nLighthouse {result['lighthouseVersion']} (mobile) {url}")
    for name, score in scores.items():
        print(f"  {name:16} {score:>3}  {'ok' if score >= LIGHTHOUSE_GOAL else 'below ' + str(LIGHTHOUSE_GOAL)}")
    for metric in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift"):
        print(f"  {metric:28} {metrics[metric]['displayValue']}")
    if failed:
        print("  audits below 0.9: " + ", ".join(failed))
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a liuhao running already; without it a production server is started")
    parser.add_argument("--user", default="staff_jucishan")
    parser.add_argument("--password", default=DEMO_PASSWORD)
    parser.add_argument("--path", action="append", help="the page(s) to weigh; the user's home page (the dashboard) by default")
    parser.add_argument("--lighthouse", action="store_true", help="also run Lighthouse's mobile audit on the first page")
    options = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        server, base = (None, options.url.rstrip("/")) if options.url else start_production_server(folder)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
                context = browser.new_context(**PHONE)
                page = context.new_page()
                page.goto(f"{base}/accounts/login/")
                page.fill("#id_username", options.user)
                page.fill("#id_password", options.password)
                with page.expect_navigation():
                    page.click("main button[type=submit]")
                if "/accounts/login/" in page.url:
                    raise SystemExit(f"could not sign in as {options.user}")
                paths = options.path or [urlsplit(page.url).path]
                page.close()
                totals = {path: show(path, weigh(context, f"{base}{path}")) for path in paths}
                cookie = "; ".join(f"{c['name']}={c['value']}" for c in context.cookies() if c["name"] == "sessionid")
                browser.close()
            if options.lighthouse:
                lighthouse(f"{base}{paths[0]}", cookie, folder)
        finally:
            if server:
                server.terminate()
                server.wait()
    if any(total > GOAL_BYTES for total in totals.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
