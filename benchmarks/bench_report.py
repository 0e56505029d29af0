"""The seed-sized 汇报材料 of 具茨山镇 (demo data): PDF request to last byte, uncached and cached,
file size and pages; the ledger volume (附件3—5, 122 unions and 135 assistance records); and the
report written without HarfBuzz subsetting, for comparison.

Run with `make bench` (PostgreSQL database liuhao_bench; the demo is loaded into it).
"""
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liuhao.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

from bench_pages import ensure_database  # noqa: E402

UNCACHED, CACHED = 15, 30


def timed(function, repeat: int, *, before=None) -> tuple[float, object]:
    """Median milliseconds of `function` (`before` runs untimed ahead of each call)."""
    timings, result = [], None
    for _ in range(repeat):
        if before:
            before()
        start = time.perf_counter()
        result = function()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), result


def main():
    ensure_database(os.environ.get("DATABASE_URL", ""))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.core.management import call_command
    from django.template.loader import render_to_string
    from django.test import Client
    from django.urls import reverse
    from pypdf import PdfReader
    from weasyprint.pdf import fonts as weasyprint_fonts

    from reports.builder import build_report
    from reports.pdf import render_pdf
    from unions.models import Township

    call_command("migrate", verbosity=0)
    call_command("createcachetable")
    if not Township.objects.filter(name="具茨山镇").exists():
        call_command("load_demo", stdout=io.StringIO())
    township = Township.objects.get(name="具茨山镇")
    client = Client()
    client.force_login(get_user_model().objects.get(username="staff_jucishan"))
    url = reverse("reports:report_pdf", kwargs={"township_id": township.pk}) + "?year=2025"
    page_url = reverse("reports:report", kwargs={"township_id": township.pk}) + "?year=2025"
    ledgers_url = reverse("reports:ledgers_pdf", kwargs={"township_id": township.pk}) + "?year=2025"

    uncached_ms, pdf = timed(lambda: client.get(url).content, UNCACHED, before=cache.clear)
    ledgers_ms, ledgers = timed(lambda: client.get(ledgers_url).content, 3, before=cache.clear)
    cached_ms, _ = timed(lambda: client.get(url).content, CACHED)

    def read_page_then_let_the_worker_render():
        cache.clear()
        client.get(page_url)  # enqueues the pre-render, as staff opening the report page do
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    prerendered_ms, _ = timed(lambda: client.get(url).content, 5, before=read_page_then_let_the_worker_render)
    page_ms, _ = timed(lambda: client.get(page_url).content, 10)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"具茨山镇 2025 report: {pages} pages, {len(pdf) / 1024:.0f} KiB (target ≤ 600 KiB)")
    print(f"PDF, request to last byte, uncached  {uncached_ms:7.1f} ms  (target ≤ 300 ms) {'ok' if uncached_ms <= 300 else 'OVER'}")
    print(f"PDF, unchanged report from cache     {cached_ms:7.1f} ms  (target ≤ 30 ms) {'ok' if cached_ms <= 30 else 'OVER'}")
    print(f"PDF after the report page was read    {prerendered_ms:7.1f} ms  (rendered ahead by the worker)")
    ledger_pages = len(PdfReader(io.BytesIO(ledgers)).pages)
    print(f"Ledger volume (附件3—5), uncached     {ledgers_ms:7.1f} ms, {ledger_pages} pages, {len(ledgers) / 1024:.0f} KiB")
    print(f"HTML report page                      {page_ms:7.1f} ms")

    html = render_to_string("reports/report_pdf.html", {"report": build_report(township, 2025), "draft": False})
    with_hb_ms, _ = timed(lambda: render_pdf(html), 3)
    saved, weasyprint_fonts.harfbuzz_subset = weasyprint_fonts.harfbuzz_subset, None  # as without libharfbuzz-subset0
    try:
        without_hb_ms, slow_pdf = timed(lambda: render_pdf(html), 1)
    finally:
        weasyprint_fonts.harfbuzz_subset = saved
    print(f"WeasyPrint alone, HarfBuzz subsetting {with_hb_ms:7.1f} ms")
    print(f"WeasyPrint alone, fontTools fallback  {without_hb_ms:7.1f} ms, {len(slow_pdf) / 1024:.0f} KiB (no libharfbuzz-subset0)")


if __name__ == "__main__":
    main()
