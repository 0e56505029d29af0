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

from core.text import CleanTextMixin
from unions.models import TownshipUnion
from unions.selectors import default_report_year, previous_year_figures, township_figures, year_choices
from unions.views import TownshipScopedMixin

from .builder import SECTION_KEYS, SECTIONS, build_report, default_signing_date, default_title, document_settings
from .documents import LEDGERS, REPORT, is_rendered, renders_in_request, volume_cache_key, volume_pdf
from .forms import ReportSettingsForm
from .models import ReportSettings, SectionText
from .narrative import figure_tokens, grouped_tokens, render_tokens
from .writing import default_texts, narrative_records
from . import pdf, services
from .pdf import report_cache_key
from .preflight import preflight
from .tasks import prerender_state, queue_prerender

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
            cached = {
                "document": document, "findings": preflight(report),
                # Chosen annexes without records are left out: said here, not a finding (nothing to fix).
                "left_out": [_("附件“%(title)s”没有记录，已不附。") % {"title": title} for title in report.left_out_annexes],
                "ledger_numbers": report.ledger_numbers,
            }
            cache.set(key, cached, pdf.CACHE_SECONDS)
            # The data changed since the PDFs were last made: the worker renders them while staff read.
            queue_prerender(self.township.pk, year)
        return super().get_context_data(
            document=mark_safe(cached["document"]), findings=cached["findings"], left_out=cached["left_out"],
            ledger_numbers=cached["ledger_numbers"], year=year, year_choices=year_choices(self.township),
            pdf_url=self.report_url("report_pdf", year), ledgers_pdf_url=self.report_url("ledgers_pdf", year),
            settings_url=reverse("reports:settings", kwargs={"township_id": self.township.pk, "year": year}), **kwargs,
        )


class ReportPdfView(ReportMixin, View):
    """A PDF volume; while the pre-flight check finds anything it is a draft with a 草稿 watermark."""

    volume = REPORT
    progress_url_name = None  # where a volume too long for a request is waited for

    def get(self, request, *args, **kwargs):
        year = self.report_year()
        key = volume_cache_key(self.township, year, self.volume)
        if self.progress_url_name and not is_rendered(self.township, year, self.volume, key=key) \
                and not renders_in_request(self.township, year, self.volume):
            return redirect(self.report_url(self.progress_url_name, year))  # the worker renders it while a page waits
        content, draft = volume_pdf(self.township, year, self.volume, key=key)
        name = f"{self.township.name}{year}年{self.volume.file_title}{'（草稿）' if draft else ''}.pdf"
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
        return response


class LedgersPdfView(ReportPdfView):
    volume = LEDGERS
    progress_url_name = "report_ledgers_progress"

    def get(self, request, *args, **kwargs):
        if not document_settings(self.township, self.report_year()).include_ledgers:
            raise Http404("The ledgers are not part of this report")
        return super().get(request, *args, **kwargs)


class LedgersProgressView(ReportMixin, TemplateView):
    """A ledger volume too long to render in a request (reports/documents.py) is rendered by the
    worker while this page waits, then offered; posting to the page renders it again after a failure."""

    template_name = "reports/ledgers_progress.html"
    volume = LEDGERS

    def ledgers_year(self) -> int:
        year = self.report_year()
        if not document_settings(self.township, year).include_ledgers:
            raise Http404("The ledgers are not part of this report")
        return year

    def get_context_data(self, **kwargs):
        year = self.ledgers_year()
        ready = is_rendered(self.township, year, self.volume)
        return super().get_context_data(
            year=year, ready=ready, task=None if ready else prerender_state(self.township.pk, year),
            pdf_url=self.report_url("ledgers_pdf", year), report_url=self.report_url("report", year), **kwargs)

    def post(self, request, *args, **kwargs):
        year = self.ledgers_year()
        if not is_rendered(self.township, year, self.volume):
            prerender_state(self.township.pk, year, retry=True)
        return redirect(self.report_url("report_ledgers_progress", year))


class SectionForm(CleanTextMixin, forms.Form):
    text = forms.CharField(
        label=gettext_lazy("内容"), widget=forms.Textarea(attrs={"rows": 12}), required=False,
        max_length=SectionText._meta.get_field("text").max_length,
        help_text=gettext_lazy("用 {{会员人数}} 这样的写法引用数字，数据变化后文字自动更新；每行一段；单独一行以“（一）”开头的是二级标题。"),
    )

    def __init__(self, *args, tokens: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.tokens = tokens

    def clean_text(self):
        text = self.cleaned_data["text"]
        unknown = render_tokens(text, self.tokens).unknown_tokens
        if unknown:
            raise forms.ValidationError(_("%(tokens)s 不是可用的数字名称，请从右侧列表中选择。") % {
                "tokens": "、".join(f"{{{{{name}}}}}" for name in dict.fromkeys(unknown))})
        return text


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

    @cached_property
    def saved(self) -> SectionText | None:
        return SectionText.objects.filter(township=self.township, year=self.report_year(),
                                          section=self.kwargs["section"]).select_related("updated_by").first()

    def generated_text(self) -> str:
        year = self.report_year()
        generated = default_texts(self.figures, self.tokens, narrative_records(self.township, year),
                                  document_settings(self.township, year))
        return generated[self.kwargs["section"]]

    def get_initial(self):
        return {"text": self.saved.text if self.saved else self.generated_text()}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "tokens": self.tokens}

    def post(self, request, *args, **kwargs):
        where = {"township": self.township, "year": self.report_year(), "section": self.kwargs["section"]}
        if "reset" in request.POST:
            # Staff's wording is kept: the page offers to bring it back (one step of undo).
            if services.section_text_restore_generated(**where, user=request.user):
                messages.success(request, _("已恢复为系统生成的文字。您改写的文字已保留为上一版本，可以在本页撤销。"))
            return redirect(self.section_url())
        if "undo" in request.POST:
            if services.section_text_undo(**where, user=request.user):
                messages.success(request, _("已撤销上一次修改，本节恢复为上一版本的文字。"))
            return redirect(self.section_url())
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        services.section_text_save(township=self.township, year=self.report_year(), section=self.kwargs["section"],
                                   text=form.cleaned_data["text"], user=self.request.user)
        messages.success(self.request, _("本节内容已保存。"))
        return super().form_valid(form)

    def section_url(self) -> str:
        return reverse("reports:section_edit", kwargs={"township_id": self.township.pk, "year": self.report_year(),
                                                       "section": self.kwargs["section"]})

    def get_success_url(self):
        return self.report_url("report", self.report_year()) + f"#section-{self.kwargs['section']}"

    def get_context_data(self, **kwargs):
        tokens = self.tokens
        form = kwargs.setdefault("form", self.get_form())
        text = form["text"].value() or ""
        heading = next(spec.heading for spec in SECTIONS if spec.key == self.kwargs["section"]) or _("开篇")
        labels = {spec.key: spec.heading or _("开篇") for spec in SECTIONS}
        replaced = services.replaced_section_text(township=self.township, year=self.report_year(),
                                                  section=self.kwargs["section"])
        return super().get_context_data(
            heading=heading, token_groups=grouped_tokens(tokens, labels), preview=render_tokens(text, tokens),
            year=self.report_year(), report_url=self.report_url("report", self.report_year()),
            saved=self.saved, replaced=replaced, saved_by=_person(self.saved.updated_by if self.saved else None),
            replaced_by=_person(replaced.replaced_by if replaced else None),
            replaced_text=(self.generated_text() if replaced.generated else replaced.text) if replaced else "",
            **kwargs,
        )


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user else "—"


class ReportSettingsView(ReportMixin, FormView):
    """文档设置 of a township's report of a year. Looking creates nothing; saving creates the row."""

    edits = True
    form_class = ReportSettingsForm
    template_name = "reports/settings_form.html"

    @cached_property
    def year(self) -> int:
        return self.report_year()

    def get_form_kwargs(self):
        saved = document_settings(self.township, self.year)
        union = TownshipUnion.objects.filter(township=self.township).only("name").first()
        return {
            **super().get_form_kwargs(),
            "instance": saved, "year": self.year,
            "default_title": default_title(self.township),
            "default_issuer": union.name if union else f"{self.township.name}工会",
            "default_date": default_signing_date(self.township, self.year),
        }

    def form_valid(self, form):
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        ReportSettings.objects.update_or_create(township=self.township, year=self.year,
                                                defaults={**values, "updated_by": self.request.user})
        messages.success(self.request, _("%(year)s年汇报材料的文档设置已保存。") % {"year": self.year})
        return redirect(self.report_url("report", self.year))

    def get_context_data(self, **kwargs):
        return super().get_context_data(year=self.year, report_url=self.report_url("report", self.year), **kwargs)


class ReportDocxView(ReportMixin, View):
    """The 汇报材料 as a Word document (reports/docx.py): text and every annex in one file, the ledgers
    last; a draft (草稿 watermark) while the pre-flight check finds anything, as the PDF."""

    def get(self, request, *args, **kwargs):
        from .docx import CONTENT_TYPE, FILE_TITLE, township_docx  # python-docx is loaded on the first download

        year = self.report_year()
        content, draft = township_docx(self.township, year)
        name = f"{self.township.name}{year}年{FILE_TITLE}{'（草稿）' if draft else ''}.docx"
        response = HttpResponse(content, content_type=CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
        return response
