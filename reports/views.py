"""The report pages: the 汇报材料 in HTML with its pre-flight check, the PDF, and section editing."""
from functools import cached_property

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils import translation
from django.utils.translation import gettext as _, gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from unions.selectors import default_report_year, previous_year_figures, township_figures, year_choices
from unions.views import TownshipScopedMixin

from .builder import SECTION_KEYS, SECTIONS, build_report
from .documents import LEDGERS, REPORT, volume_pdf
from .models import SectionText
from .narrative import default_texts, figure_tokens, render_tokens
from . import pdf
from .pdf import report_cache_key
from .preflight import preflight
from .tasks import prerender_report

FIRST_YEAR = 2000


class ReportMixin(TownshipScopedMixin):
    def report_year(self) -> int:
        raw = self.kwargs.get("year") or self.request.GET.get("year")
        try:
            year = int(raw)
        except (TypeError, ValueError):
            return default_report_year(self.township)
        if not FIRST_YEAR <= year <= timezone.localdate().year:
            raise Http404("No report for that year")
        return year

    def report_url(self, name: str, year: int) -> str:
        return reverse(f"reports:{name}", kwargs={"township_id": self.township.pk}) + f"?year={year}"


class ReportView(ReportMixin, TemplateView):
    template_name = "reports/report_page.html"

    def get_context_data(self, **kwargs):
        year = self.report_year()
        # Rebuilt only when the data changed (same fingerprint as the PDF's), per editor/reader and UI language.
        key = report_cache_key(self.township, year, f"page:{self.can_edit}:{translation.get_language()}")
        cached = cache.get(key)
        if cached is None:
            with translation.override(settings.LANGUAGE_CODE):  # the document is Chinese in any UI language
                report = build_report(self.township, year)
                document = render_to_string("reports/document.html",
                                            {"report": report, "edit_links": self.can_edit, "ledgers_inline": True})
            cached = (document, preflight(report))
            cache.set(key, cached, pdf.CACHE_SECONDS)
            # The data changed since the PDFs were last made: the worker renders them while staff read.
            prerender_report.enqueue(self.township.pk, year)
        document, findings = cached
        return super().get_context_data(
            document=mark_safe(document), findings=findings, year=year, year_choices=year_choices(self.township),
            pdf_url=self.report_url("report_pdf", year), ledgers_pdf_url=self.report_url("ledgers_pdf", year), **kwargs,
        )


class ReportPdfView(ReportMixin, View):
    """A PDF volume; while the pre-flight check finds anything it is a draft with a 草稿 watermark."""

    volume = REPORT

    def get(self, request, *args, **kwargs):
        year = self.report_year()
        content, draft = volume_pdf(self.township, year, self.volume)
        name = f"{self.township.name}{year}年{self.volume.file_title}{'（草稿）' if draft else ''}.pdf"
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
        return response


class LedgersPdfView(ReportPdfView):
    volume = LEDGERS


class SectionForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("内容"), widget=forms.Textarea(attrs={"rows": 12}), required=False,
        help_text=gettext_lazy("用 {{会员人数}} 这样的写法引用数字，数据变化后文字自动更新；每行一段。"),
    )


class SectionEditView(ReportMixin, FormView):
    edits = True
    form_class = SectionForm
    template_name = "reports/section_form.html"

    def dispatch(self, request, *args, **kwargs):
        if kwargs["section"] not in SECTION_KEYS:
            raise Http404("No such section")
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def figures(self):
        return township_figures(self.township, self.report_year())

    @cached_property
    def tokens(self) -> dict[str, str]:
        with translation.override(settings.LANGUAGE_CODE):
            return figure_tokens(self.figures, previous_year_figures(self.township, self.report_year()))

    def get_initial(self):
        saved = SectionText.objects.filter(township=self.township, year=self.report_year(), section=self.kwargs["section"]).first()
        return {"text": saved.text if saved else default_texts(self.figures, self.tokens)[self.kwargs["section"]]}

    def post(self, request, *args, **kwargs):
        if "reset" in request.POST:
            SectionText.objects.filter(township=self.township, year=self.report_year(), section=self.kwargs["section"]).delete()
            messages.success(request, _("已恢复为系统生成的文字。"))
            return redirect(self.get_success_url())
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        SectionText.objects.update_or_create(
            township=self.township, year=self.report_year(), section=self.kwargs["section"],
            defaults={"text": form.cleaned_data["text"], "updated_by": self.request.user},
        )
        messages.success(self.request, _("本节内容已保存。"))
        return super().form_valid(form)

    def get_success_url(self):
        return self.report_url("report", self.report_year()) + f"#section-{self.kwargs['section']}"

    def get_context_data(self, **kwargs):
        tokens = self.tokens
        form = kwargs.setdefault("form", self.get_form())
        text = form["text"].value() or ""
        heading = next(spec.heading for spec in SECTIONS if spec.key == self.kwargs["section"]) or _("开篇")
        return super().get_context_data(
            heading=heading, tokens=sorted(tokens.items()), preview=render_tokens(text, tokens),
            year=self.report_year(), report_url=self.report_url("report", self.report_year()), **kwargs,
        )
