"""The PDF of a submitted version, rendered once per layout and shared by the download and the
round's zip."""
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from reports import pdf

from .models import Submission


def submission_pdf(submission: Submission) -> bytes:
    def render() -> bytes:
        # The frozen document was rendered (and escaped) by reports/document.html when it was submitted.
        html = render_to_string("reports/report_pdf.html", {"document": mark_safe(submission.document_html), "draft": False})
        return pdf.render_pdf(html)

    return cache.get_or_set(f"submission-pdf:{submission.pk}:{pdf.layout_version()}", render, pdf.CACHE_SECONDS)


def submission_file_name(submission: Submission) -> str:
    application = submission.application
    return f"{application.township.name}{application.round.year}年六好申报材料（第{submission.version}版）.pdf"
