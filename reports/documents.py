"""The two PDF volumes of a township's 汇报材料 for a year, rendered once per state of its data and
shared by the download and the background pre-render."""
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation

from . import pdf
from .builder import build_report
from .preflight import preflight


@dataclass(frozen=True)
class Volume:
    template_name: str
    file_title: str
    with_charts: bool


# The 汇报材料 (text, statistics, charts, honours) and its ledgers (附件3—5) are two PDFs, as such
# material is bound: the report stays a quick download however long the ledgers grow.
REPORT = Volume("reports/report_pdf.html", "创建六好乡镇工会汇报材料", with_charts=True)
LEDGERS = Volume("reports/ledgers_pdf.html", "创建六好乡镇工会汇报材料台账（另册）", with_charts=False)
VOLUMES = (REPORT, LEDGERS)


def volume_pdf(township, year: int, volume: Volume) -> tuple[bytes, bool]:
    """The PDF and whether it is a draft (a 草稿 watermark while the pre-flight check finds anything)."""

    def render() -> tuple[bytes, bool]:
        with translation.override(settings.LANGUAGE_CODE):  # the document is Chinese in any UI language
            report = build_report(township, year, with_charts=volume.with_charts)
            draft = bool(preflight(report))
            html = render_to_string(volume.template_name, {"report": report, "draft": draft})
        return pdf.render_pdf(html), draft

    return cache.get_or_set(pdf.report_cache_key(township, year, volume.template_name), render, pdf.CACHE_SECONDS)
