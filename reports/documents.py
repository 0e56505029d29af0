"""The two PDF volumes of a township's 汇报材料 for a year, rendered once per state of its data and
shared by the download and the background pre-render."""
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation

from unions.selectors import township_figures

from . import pdf
from .builder import build_report
from .preflight import preflight


@dataclass(frozen=True)
class Volume:
    template_name: str
    file_title: str
    with_charts: bool
    # A request renders the volume itself up to this many ledger rows (None: always); a longer one is
    # rendered by the worker while a progress page waits, so that no request renders for more than ~2 s.
    rows_in_request: int | None = None


# The ledger volume's time grows with its rows (unions, cases and assistance records of 附件3—5):
# on a two-core machine busy with other work, 0.2 s + 12.5 ms a row, 3.7 s for the demo's 具茨山镇
# (279 rows), 1.5 s for 涟水街道 (113), 0.5 s for 澧源乡 (25); about half that when it is idle. So
# 120 rows take at most ~1.7 s. The 汇报材料 itself takes 0.7—1 s there whatever the records.
LEDGER_ROWS_IN_REQUEST = 120

# The 汇报材料 (text, statistics, charts, honours) and its ledgers (附件3—5) are two PDFs, as such
# material is bound: the report stays a quick download however long the ledgers grow.
REPORT = Volume("reports/report_pdf.html", "创建六好乡镇工会汇报材料", with_charts=True)
LEDGERS = Volume("reports/ledgers_pdf.html", "创建六好乡镇工会汇报材料台账（另册）", with_charts=False,
                 rows_in_request=LEDGER_ROWS_IN_REQUEST)
VOLUMES = (REPORT, LEDGERS)


def volume_cache_key(township, year: int, volume: Volume) -> str:
    return pdf.report_cache_key(township, year, volume.template_name)


def is_rendered(township, year: int, volume: Volume, *, key: str | None = None) -> bool:
    return cache.has_key(key or volume_cache_key(township, year, volume))


def renders_in_request(township, year: int, volume: Volume) -> bool:
    """Whether a request may render the volume itself, by its number of ledger rows."""
    if volume.rows_in_request is None:
        return True
    figures = township_figures(township, year)
    rows = figures.organisation.unions_total + figures.rights.received + figures.assistance.records
    return rows <= volume.rows_in_request


def volume_pdf(township, year: int, volume: Volume, *, key: str | None = None) -> tuple[bytes, bool]:
    """The PDF and whether it is a draft (a 草稿 watermark while the pre-flight check finds anything)."""

    def render() -> tuple[bytes, bool]:
        with translation.override(settings.LANGUAGE_CODE):  # the document is Chinese in any UI language
            report = build_report(township, year, with_charts=volume.with_charts)
            draft = bool(preflight(report))
            html = render_to_string(volume.template_name, {"report": report, "draft": draft})
        return pdf.render_pdf(html), draft

    return cache.get_or_set(key or volume_cache_key(township, year, volume), render, pdf.CACHE_SECONDS)
