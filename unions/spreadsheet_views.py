"""Spreadsheet pages of a record type: template download, upload → preview → confirm, and export."""
import datetime

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _, gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from core.background import task_state

from . import imports
from .access import can_see_full_id_numbers
from .models import ImportBatch
from .spreadsheets import SHEETS, export_rows, template_xlsx, write_csv, write_xlsx
from .tasks import queue_import
from .views import EntityMixin

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# related records exported by name / ID number: fetched with the rows, not one query per row
EXPORT_RELATED = {"member": ("union",), "rights_case": ("union",), "assistance_record": ("member",), "activity": ("union",)}


def attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


class SheetMixin(EntityMixin):
    def dispatch(self, request, *args, **kwargs):
        self.sheet = SHEETS.get(self.entity.key)
        if self.sheet is None:
            raise Http404("No spreadsheet for this record type")
        return super().dispatch(request, *args, **kwargs)

    def file_title(self) -> str:
        return f"{self.township.name}{self.entity.verbose_name_plural}"


class ExportView(SheetMixin, View):
    """The list as the user filtered it, as .xlsx or .csv; ID numbers masked unless the user keeps them."""

    def get(self, request, *args, **kwargs):
        queryset = self.entity.queryset(self.township).select_related(*EXPORT_RELATED.get(self.entity.key, ()))
        data = request.GET
        if self.sheet.parent is not None:
            # The year picks the rows (below), not the unions: the list's year filter only offers the
            # years a picker shows, and without a year the export has every year.
            data = data.copy()
            data.pop("year", None)
        filterset = self.entity.filterset_class(data, queryset=queryset, township=self.township)
        objects = filterset.qs if filterset.is_valid() else queryset.none()
        if self.sheet.parent is not None:
            objects = self.yearly_rows(objects)
        rows = export_rows(self.sheet, objects.iterator(chunk_size=2000),
                           show_full_ids=can_see_full_id_numbers(request.user, self.township))
        stamp = timezone.localdate().isoformat()
        if request.GET.get("format") == "csv":
            return attachment(write_csv(self.sheet, rows), "text/csv; charset=utf-8", f"{self.file_title()}-{stamp}.csv")
        return attachment(write_xlsx(self.sheet, rows, title=str(self.entity.verbose_name_plural)), XLSX,
                          f"{self.file_title()}-{stamp}.xlsx")


    def yearly_rows(self, parents):
        """A sheet of yearly figures (union-years) exports the rows of the filtered parents: of the
        list's year when it names one, else of every year, year by year in the parents' order."""
        parent = self.sheet.parent
        rows = self.sheet.model.objects.filter(township=self.township, **{f"{parent.link}__in": parents.values("pk")})
        year = self.request.GET.get("year", "")
        if year.isdigit():
            rows = rows.filter(year=int(year))
        ordering = [f"-{parent.link}__{name[1:]}" if name.startswith("-") else f"{parent.link}__{name}"
                    for name in parent.model._meta.ordering]
        return rows.select_related(parent.link).order_by("year", *ordering)


class ImportTemplateView(SheetMixin, View):
    def get(self, request, *args, **kwargs):
        content = template_xlsx(self.sheet, title=str(self.entity.verbose_name_plural))
        return attachment(content, XLSX, _("%(name)s导入模板.xlsx") % {"name": self.entity.verbose_name_plural})


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel 文件（.xlsx）"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > imports.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("文件超过 %(size)s MB，请分成几个文件上传。") % {
                "size": imports.MAX_UPLOAD_BYTES // (1024 * 1024)})
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("只能上传 .xlsx 文件（旧版 .xls 或 WPS 的 .et 文件请先另存为 .xlsx）。"))
        return upload


class ImportUploadView(SheetMixin, FormView):
    edits = True
    form_class = UploadForm
    template_name = "unions/import_upload.html"

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        content = upload.read()
        result = imports.import_records(township=self.township, sheet=self.sheet, content=content, write=False)
        self._forget_stale_uploads()
        batch = ImportBatch.objects.create(
            township=self.township, kind=self.entity.key, file_name=upload.name[:200], content=content,
            uploaded_by=self.request.user, check_result=result.as_dict(),
        )
        return redirect(self.entity_url("import_preview", batch_id=batch.pk))

    def _forget_stale_uploads(self):
        """Unconfirmed files older than a day hold personal data no one is going to use."""
        cutoff = timezone.now() - datetime.timedelta(days=1)
        ImportBatch.objects.filter(township=self.township, imported_at__isnull=True, uploaded_at__lt=cutoff).delete()

    def get_context_data(self, **kwargs):
        return super().get_context_data(sheet=self.sheet, template_url=self.entity_url("import_template"), **kwargs)


class ImportPreviewView(SheetMixin, TemplateView):
    edits = True
    template_name = "unions/import_preview.html"

    def get_batch(self) -> ImportBatch:
        return get_object_or_404(ImportBatch, pk=self.kwargs["batch_id"], township=self.township, kind=self.entity.key)

    def get_context_data(self, **kwargs):
        batch = self.get_batch()
        task = task_state(batch.task_id) if batch.task_id and not batch.imported_at else None
        return super().get_context_data(batch=batch, result=imports.ImportResult.from_dict(dict(batch.check_result)),
                                        upload_url=self.entity_url("import"), task=task, **kwargs)

    def post(self, request, *args, **kwargs):
        batch = self.get_batch()
        if batch.imported_at:
            messages.info(request, _("这个文件已经导入过了。"))
            return redirect(self.entity_url("list"))
        undecided = imports.duplicate_choices_set(batch=batch, posted=request.POST)
        if undecided:
            messages.error(request, _("第%(rows)s行可能与已有会员重复：请逐行选择“更新已有会员”或“新建会员”，再确认导入。") % {
                "rows": "、".join(str(row) for row in undecided)})
            return redirect(self.entity_url("import_preview", batch_id=batch.pk))
        if batch.task_id or imports.ImportResult.from_dict(dict(batch.check_result)).rows > imports.BACKGROUND_ROWS:
            queue_import(batch.pk)  # not again while queued or being written: only after a failure
            return redirect(self.entity_url("import_preview", batch_id=batch.pk))
        result = imports.confirm_import(batch)
        if not result.ok:
            messages.error(request, _("数据在检查后发生了变化，文件中有不能导入的行，什么也没有写入。请修改后重新上传。"))
            return redirect(self.entity_url("import_preview", batch_id=batch.pk))
        messages.success(request, _("导入完成：新增 %(created)s 条，更新 %(updated)s 条，%(unchanged)s 条无变化。") % {
            "created": result.created, "updated": result.updated, "unchanged": result.unchanged})
        return redirect(self.entity_url("list"))
