"""Rendering the report's HTML to PDF with WeasyPrint, confined to the app's own static files.

A PDF is cached under the hash of the HTML it was made from: an unchanged report (same figures,
same words) is served again without rendering.
"""
import hashlib
import mimetypes
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

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


def render_pdf(html: str, *, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher or StaticOnlyFetcher()).write_pdf()


def cached_pdf(html: str) -> bytes:
    key = "report-pdf:" + hashlib.sha256(html.encode("utf-8")).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        pdf = render_pdf(html)
        cache.set(key, pdf, CACHE_SECONDS)
    return pdf
