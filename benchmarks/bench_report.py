"""The seed-sized 汇报材料 of 具茨山镇 (demo data): PDF request to last byte, uncached and cached,
file size and pages; the download after the report page was read (rendered ahead by the worker);
the ledger volume (附件3—5, 122 unions and 135 assistance records); the Word .docx (report_docx,
uncached); WeasyPrint alone with the cut-down fonts and with the full Debian fonts, alternated; and
without HarfBuzz subsetting, for comparison; the ledger volume's HTML made into a PDF by WeasyPrint
and printed by Debian's Chromium side by side, alternated (target: WeasyPrint no slower).

Run with `make bench` (PostgreSQL database liuhao_bench; the demo is loaded into it);
`bench_report.py ledgers` runs only the side by side.
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
LEDGER_SIDE_BY_SIDE = 9
# The ledger volume printed by Debian's Chromium, for comparison only (playwright, as the browser tests)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


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


def main(only_ledgers_side_by_side=False):
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
    from weasyprint import HTML
    from weasyprint.pdf import fonts as weasyprint_fonts
    from weasyprint.text.fonts import FontConfiguration

    from reports.builder import build_report
    from reports.docx import report_docx
    from reports.documents import LEDGERS, volume_pdf
    from reports.pdf import BASE_URL, StaticOnlyFetcher, render_pdf
    from unions.models import Township

    call_command("migrate", verbosity=0)
    if not Township.objects.filter(name="具茨山镇").exists():
        call_command("load_demo", "--reset", stdout=io.StringIO())  # beside the other benchmarks' townships
    township = Township.objects.get(name="具茨山镇")
    if only_ledgers_side_by_side:
        return ledgers_side_by_side(township)
    client = Client()
    client.force_login(get_user_model().objects.get(username="staff_jucishan"))
    url = reverse("reports:report_pdf", kwargs={"township_id": township.pk}) + "?year=2025"
    page_url = reverse("reports:report", kwargs={"township_id": township.pk}) + "?year=2025"
    ledgers_url = reverse("reports:ledgers_pdf", kwargs={"township_id": township.pk}) + "?year=2025"

    uncached_ms, pdf = timed(lambda: client.get(url).content, UNCACHED, before=cache.clear)
    # 具茨山镇's ledgers are too long for a request (reports/documents.py): the download waits for the
    # worker's render, timed here as the worker does it; the request itself only redirects.
    ledgers_ms, (ledgers, _draft) = timed(lambda: volume_pdf(township, 2025, LEDGERS), 3, before=cache.clear)
    cache.clear()
    redirect_ms, redirected = timed(lambda: client.get(ledgers_url), 1)
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
    print(f"Ledger volume (附件3—5), uncached     {ledgers_ms:7.1f} ms, {ledger_pages} pages, {len(ledgers) / 1024:.0f} KiB"
          f" (by the worker; the request {redirect_ms:.0f} ms, {redirected.status_code} to the progress page)")
    print(f"HTML report page                      {page_ms:7.1f} ms")

    # The Word twin (all annexes in one file): report_docx on a freshly built report, its ledgers read
    # inside as in a download; charts rasterised again (cache cleared) or taken from the cache.
    reports = []

    def fresh_report(clear: bool):
        if clear:
            cache.clear()
        reports.append(build_report(township, 2025))

    docx_ms, docx = timed(lambda: report_docx(reports[-1], draft=False), UNCACHED, before=lambda: fresh_report(True))
    docx_charts_ms, _ = timed(lambda: report_docx(reports[-1], draft=False), UNCACHED, before=lambda: fresh_report(False))
    docx_url = reverse("reports:report_docx", kwargs={"township_id": township.pk}) + "?year=2025"
    docx_request_ms, _ = timed(lambda: client.get(docx_url).content, UNCACHED, before=cache.clear)
    print(f"Word .docx, report_docx uncached      {docx_ms:7.1f} ms  (target ≤ 200 ms) {'ok' if docx_ms <= 200 else 'OVER'}, "
          f"{len(docx) / 1024:.0f} KiB")
    print(f"Word .docx, charts' PNG from cache    {docx_charts_ms:7.1f} ms")
    print(f"Word .docx, request to last byte      {docx_request_ms:7.1f} ms  (uncached: report built, pre-flight, .docx)")

    html = render_to_string("reports/report_pdf.html", {"report": build_report(township, 2025), "draft": False})
    debian_fonts_only = FontConfiguration()  # the style sheet's Liuhao names are unknown to it: the full Debian fonts

    def with_debian_fonts():
        return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf(font_config=debian_fonts_only)

    render_pdf(html), with_debian_fonts()  # faces loaded, as in a running server
    timings, sizes = {"cut": [], "debian": []}, {}
    for _ in range(UNCACHED):  # alternated, so that both see the same machine
        for name, function in (("cut", lambda: render_pdf(html)), ("debian", with_debian_fonts)):
            start = time.perf_counter()
            sizes[name] = len(function())
            timings[name].append((time.perf_counter() - start) * 1000)
    saved, weasyprint_fonts.harfbuzz_subset = weasyprint_fonts.harfbuzz_subset, None  # as without libharfbuzz-subset0
    try:
        without_hb_ms, slow_pdf = timed(with_debian_fonts, 1)
    finally:
        weasyprint_fonts.harfbuzz_subset = saved
    print(f"WeasyPrint alone, cut-down fonts      {statistics.median(timings['cut']):7.1f} ms, {sizes['cut'] / 1024:.0f} KiB (min {min(timings['cut']):.1f})")
    print(f"WeasyPrint alone, full Debian fonts   {statistics.median(timings['debian']):7.1f} ms, {sizes['debian'] / 1024:.0f} KiB (min {min(timings['debian']):.1f})")
    print(f"WeasyPrint alone, fontTools fallback  {without_hb_ms:7.1f} ms, {len(slow_pdf) / 1024:.0f} KiB (full fonts, no libharfbuzz-subset0)")
    ledgers_side_by_side(township)


def ledgers_side_by_side(township):
    """The ledger volume's HTML (附件3—5, as the download renders it) made into a PDF by WeasyPrint and,
    for comparison only, printed by Debian's Chromium: alternated in one run, as the machine is shared
    and noisy. Chromium stays open; only set_content and pdf are timed. The app never uses Chromium."""
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.utils import translation
    from pypdf import PdfReader

    from reports.builder import build_report
    from reports.pdf import render_pdf
    from reports.preflight import preflight

    with translation.override(settings.LANGUAGE_CODE):
        report = build_report(township, 2025, with_charts=False)
        html = render_to_string("reports/ledgers_pdf.html", {"report": report, "draft": bool(preflight(report))})
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("Ledger volume side by side: no playwright, skipped")
        return
    if not Path(CHROMIUM).exists():
        print(f"Ledger volume side by side: no {CHROMIUM} (Debian package chromium), skipped")
        return
    timings, pdfs = {"weasyprint": [], "chromium": []}, {}
    with sync_playwright() as playwright:  # after every database query: the ORM refuses to run beside its event loop
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()

        def chromium():
            page.set_content(html)
            return page.pdf(format="A4", prefer_css_page_size=True)

        renderers = {"weasyprint": lambda: render_pdf(html), "chromium": chromium}
        for function in renderers.values():  # fonts loaded, as in a running server
            function()
        for index in range(LEDGER_SIDE_BY_SIDE):  # alternated, each first in every other round
            for name in (("weasyprint", "chromium") if index % 2 == 0 else ("chromium", "weasyprint")):
                start = time.perf_counter()
                pdfs[name] = renderers[name]()
                timings[name].append((time.perf_counter() - start) * 1000)
        browser.close()
    medians = {name: statistics.median(values) for name, values in timings.items()}
    pages = {name: len(PdfReader(io.BytesIO(pdf)).pages) for name, pdf in pdfs.items()}
    for name, label in (("weasyprint", "WeasyPrint"), ("chromium", "Chromium  ")):
        print(f"Ledger volume HTML, {label}        {medians[name]:7.1f} ms, {pages[name]} pages, "
              f"{len(pdfs[name]) / 1024:.0f} KiB (min {min(timings[name]):.1f}, median of {LEDGER_SIDE_BY_SIDE} alternated)")
    ratio = medians["weasyprint"] / medians["chromium"]
    print(f"Ledger volume, WeasyPrint / Chromium   {ratio:7.2f}     (target ≤ 1) {'ok' if ratio <= 1 else 'OVER'}")


if __name__ == "__main__":
    main(only_ledgers_side_by_side=sys.argv[1:] == ["ledgers"])
