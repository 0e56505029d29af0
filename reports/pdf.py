"""Rendering the report's HTML to PDF with WeasyPrint, confined to the app's own static files, and
the cache key that tells whether a rendered report is still valid without building it again.
"""
import functools
import gc
import hashlib
import mimetypes
import threading
from pathlib import Path

import tinycss2
from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils import timezone
from weasyprint import CSS, HTML
from weasyprint.css.counters import CounterStyle
from weasyprint.html import UA, UA_FORM_STYLESHEET
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from core.digests import source_digest
from unions.selectors import data_fingerprint, figures_version

from .fonts import add_document_fonts
from .builder import report_stamps

# Relative URLs in a report resolve against this made-up origin; only its /static/ is served.
BASE_URL = "https://liuhao.invalid/"
CACHE_SECONDS = 24 * 3600


class StaticOnlyFetcher(URLFetcher):
    """Fetches files below STATIC_URL from the app's static directories; refuses everything else
    (file://, data:, other hosts) so that nothing a user typed can make the server read or call out."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        prefix = BASE_URL + settings.STATIC_URL.lstrip("/")
        if url.startswith(prefix) and "?" not in url and "#" not in url:
            relative = url[len(prefix):]
            path = finders.find(relative) if ".." not in Path(relative).parts else None
            if path:
                mime_type, _encoding = mimetypes.guess_type(path)
                return URLFetcherResponse(url, body=Path(path).read_bytes(),
                                          headers={"Content-Type": mime_type or "application/octet-stream"})
        self.refused.append(url)
        raise ValueError(f"liuhao does not fetch {url[:80]}")


_per_thread = threading.local()


def _font_config() -> FontConfiguration:
    """One Pango font map per thread, kept between renders: its faces stay loaded, which saves about
    a third of a report's render time. Reports use no @font-face, so nothing leaks between them.
    It knows the cut-down document fonts (reports/fonts.py) besides the system's."""
    if not hasattr(_per_thread, "font_config"):
        font_config = FontConfiguration()
        add_document_fonts(font_config)
        _per_thread.font_config = font_config
    return _per_thread.font_config


# Rules of WeasyPrint's user-agent style sheet for a pseudo-element of every element (::marker,
# ::footnote-call…): they gave each element six pseudo-elements' styles to cascade and compute, and a
# ledger volume has 2 000 cells. Markers stay for list items (li, the only list-items of the documents);
# the documents have no footnotes (float: footnote) and no notes.
_NO_FOOTNOTES_NOR_NOTES = {"::footnote-call", "::footnote-marker", "::note-call", "::note-marker", "::note-callback"}


def _lean_user_agent_css() -> str:
    rules = []
    for rule in tinycss2.parse_stylesheet(UA):
        prelude = tinycss2.serialize(rule.prelude).strip() if rule.type == "qualified-rule" else None
        if prelude in _NO_FOOTNOTES_NOR_NOTES:
            continue
        rules.append(f"li::marker {{{tinycss2.serialize(rule.content)}}}" if prelude == "::marker" else rule.serialize())
    return "".join(rules)


# Its @counter-style rules are WeasyPrint's already (UA_COUNTER_STYLE): a dict of its own keeps them
# from being registered twice.
_USER_AGENT_STYLESHEET = CSS(string=_lean_user_agent_css(), counter_style=CounterStyle())


class DocumentHTML(HTML):
    """WeasyPrint's HTML with the lean user-agent style sheet: the same PDF, a quarter faster for the
    ledgers. _ua_stylesheets is the hook WeasyPrint's own tests override (weasyprint is pinned)."""

    def _ua_stylesheets(self, forms=False):
        return [_USER_AGENT_STYLESHEET, UA_FORM_STYLESHEET] if forms else [_USER_AGENT_STYLESHEET]


class _CollectorPaused:
    """Python's cyclic garbage collector paused while WeasyPrint renders, and run once after on what the
    render left. A render keeps hundreds of thousands of objects alive until its end, and the collector
    ran over all of them again and again as they grew in number: a fifth of a ledger volume's time.
    Renders in other threads share the pause; the last one to end restarts the collector."""

    def __init__(self):
        self._lock = threading.Lock()
        self._renders = 0
        self._restart = False

    def __enter__(self):
        with self._lock:
            if self._renders == 0:
                self._restart = gc.isenabled()
                gc.disable()
            self._renders += 1

    def __exit__(self, *exc_info):
        with self._lock:
            self._renders -= 1
            if self._renders or not self._restart:
                return
            gc.enable()
        gc.collect(0)  # the render's objects are all still in the youngest generation


_collector_paused = _CollectorPaused()


def render_pdf(html: str, *, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    with _collector_paused:
        return DocumentHTML(string=html, base_url=BASE_URL, url_fetcher=fetcher or StaticOnlyFetcher()).write_pdf(
            font_config=_font_config())


@functools.cache
def layout_version() -> str:
    """The code and templates that shape a report, and the figures it states."""
    root = Path(settings.BASE_DIR)
    return source_digest(sorted((root / "templates" / "reports").glob("*.html")) + sorted((root / "reports").glob("*.py"))) \
        + figures_version()


def report_cache_key(township, year: int, template_name: str) -> str:
    """A report is made of the township's data (`data_fingerprint`), its edited texts and settings,
    the day (the figures of the current year are as of today), the layout version and which document it is."""
    parts = [template_name, year, timezone.localdate(), layout_version(), data_fingerprint(township, *report_stamps(township, year))]
    return "report-pdf:" + hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()
