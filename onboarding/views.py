"""Pages of 乡镇与账号, for a county's admins (and site admins). The county comes from the URL and
is resolved through unions.access (403 for township staff and reviewers, 404 for another county);
so are its townships, accounts and uploads: another county's answer 404.

A one-time password is shown in the response to the POST that issued it and nowhere else: the page
is not cached, nothing stores the password, and reloading the page does not show it again.
"""
import datetime
import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _, gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView, TemplateView
from openpyxl import Workbook

from core.pagination import IdsFirstPaginator
from unions.access import county_account_or_404, county_township_or_404, managed_county_or_404, user_role
from unions.models import ImportBatch
from unions.spreadsheet_views import XLSX, UploadForm, attachment
from unions.spreadsheets import template_xlsx, text_safe_cell

from . import imports, services
from .forms import AccountFilterForm, AccountForm, OwnPasswordChangeForm, TownshipForm
from .middleware import password_change_done
from .selectors import account_trail, county_account_list, county_townships, county_trail

# The download of a bulk import's passwords carries them back signed; it is honoured once, within the hour.
PASSWORDS_SALT = "onboarding.one-time-passwords"
PASSWORDS_MAX_AGE = 3600


class CountyAdminMixin(LoginRequiredMixin):
    """Resolves `self.county` before anything else, whatever the method: a page another county's
    admin, a reviewer or township staff cannot use answers 404 or 403, never 405."""

    tab = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.county = managed_county_or_404(request.user, kwargs["county_id"])
        self.resolve(kwargs)
        return super().dispatch(request, *args, **kwargs)

    def resolve(self, kwargs) -> None:
        """Find the county's objects that the URL names (404 when they are not the county's)."""

    def get_context_data(self, **kwargs):
        kwargs.setdefault("county", self.county)
        kwargs.setdefault("tabs", tabs(self.county, self.tab))
        return super().get_context_data(**kwargs)

    def county_url(self, name: str, **kwargs) -> str:
        return reverse(f"onboarding:{name}", kwargs={"county_id": self.county.pk, **kwargs})


def tabs(county, current: str) -> list[dict]:
    return [{"label": label, "url": reverse(f"onboarding:{name}", kwargs={"county_id": county.pk}), "active": name == current}
            for name, label in (("township_list", _("乡镇")), ("account_list", _("账号")), ("trail", _("记录")))]


def issued_response(request, template: str, context: dict) -> TemplateResponse:
    """A page showing one-time passwords: rendered in the response to the POST, never cached."""
    response = TemplateResponse(request, template, context)
    response.render()
    add_never_cache_headers(response)
    return response


# --- townships ------------------------------------------------------------------------------------


class TownshipListView(CountyAdminMixin, ListView):
    template_name = "onboarding/township_list.html"
    context_object_name = "townships"
    paginate_by = settings.LIST_PAGE_SIZE
    paginator_class = IdsFirstPaginator
    tab = "township_list"

    def get_queryset(self):
        return county_townships(self.county)


class TownshipFormView(CountyAdminMixin, FormView):
    form_class = TownshipForm
    template_name = "onboarding/form.html"
    tab = "township_list"
    township = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "county": self.county, "township": self.township}

    def form_valid(self, form):
        try:
            township = self.save(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.saved_message % {"name": township.name})
        return redirect(self.county_url("township_list"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title(), cancel_url=self.county_url("township_list"), **kwargs)


class TownshipCreateView(TownshipFormView):
    saved_message = gettext_lazy("已新建乡镇“%(name)s”。现在可以为它创建工作人员账号。")

    def title(self):
        return _("新建乡镇（街道）")

    def save(self, data):
        return services.township_create(county=self.county, name=data["name"], kind=data["kind"], by=self.request.user)


class TownshipUpdateView(TownshipFormView):
    saved_message = gettext_lazy("已保存乡镇“%(name)s”。")

    def resolve(self, kwargs):
        self.township = county_township_or_404(self.county, kwargs["township_id"])

    def title(self):
        return _("修改乡镇名称")

    def save(self, data):
        return services.township_rename(township=self.township, name=data["name"], kind=data["kind"], by=self.request.user)


# --- accounts -------------------------------------------------------------------------------------


class AccountListView(CountyAdminMixin, ListView):
    template_name = "onboarding/account_list.html"
    context_object_name = "accounts"
    paginate_by = settings.LIST_PAGE_SIZE
    paginator_class = IdsFirstPaginator
    tab = "account_list"

    def get_queryset(self):
        self.filters = AccountFilterForm(self.request.GET or None)
        data = self.filters.cleaned_data if self.filters.is_valid() else {}
        return county_account_list(self.county, q=data.get("q", ""), role=data.get("role", ""), status=data.get("status", ""))

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(filters=self.filters, query_without_page=query.urlencode(),
                                        filtered=any(self.request.GET.get(name) for name in ("q", "role", "status")), **kwargs)


class AccountCreateView(CountyAdminMixin, FormView):
    form_class = AccountForm
    template_name = "onboarding/form.html"
    tab = "account_list"

    def get_initial(self):
        """?township= from the township list's "创建工作人员账号" preselects a staff account of it."""
        township = self.request.GET.get("township", "")
        return {"role": "township_staff", "township": township} if township.isdigit() else {}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "county": self.county}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            issued = services.account_create(
                county=self.county, username=data["username"], full_name=data["full_name"], role=data["role"],
                township=data.get("township"), home_township=data.get("home_township"), phone=data.get("phone", ""),
                by=self.request.user)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        return issued_response(self.request, "onboarding/password_issued.html", self.get_context_data(
            issued=[issued], created=True, form=None, done_url=self.county_url("account_detail", account_id=issued.account.pk)))

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("新建账号"), cancel_url=self.county_url("account_list"),
                                        intro=_("新账号获得一个一次性密码，只在创建后显示一次；本人首次登录后须立即修改密码。"), **kwargs)


class AccountMixin(CountyAdminMixin):
    tab = "account_list"

    def resolve(self, kwargs):
        self.account = county_account_or_404(self.county, kwargs["account_id"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(account=self.account, role=self.account.liuhao_role,
                                        detail_url=self.county_url("account_detail", account_id=self.account.pk), **kwargs)


class AccountDetailView(AccountMixin, TemplateView):
    template_name = "onboarding/account_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(events=account_trail(self.account), is_self=self.account.pk == self.request.user.pk,
                                        **kwargs)


class AccountActionView(AccountMixin, TemplateView):
    """重置密码, 停用, 启用: a confirmation saying what the step means (GET), then the step (POST)."""

    template_name = "onboarding/account_confirm.html"
    action = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(action=self.action, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            if self.action == "reset":
                issued = services.account_password_reset(account=self.account, by=request.user)
                return issued_response(request, "onboarding/password_issued.html", self.get_context_data(
                    issued=[issued], done_url=self.county_url("account_detail", account_id=self.account.pk)))
            if self.action == "deactivate":
                services.account_deactivate(account=self.account, by=request.user)
                messages.success(request, _("账号“%(username)s”已停用，不能再登录。") % {"username": self.account.username})
            else:
                services.account_reactivate(account=self.account, by=request.user)
                messages.success(request, _("账号“%(username)s”已启用，可以用原密码登录。") % {"username": self.account.username})
        except services.AccountError as error:
            messages.error(request, str(error))
        return redirect(self.county_url("account_detail", account_id=self.account.pk))


# --- bulk import ------------------------------------------------------------------------------------


class ImportMixin(CountyAdminMixin):
    kind = ""

    def dispatch(self, request, *args, **kwargs):
        self.sheet = imports.SHEETS[self.kind]
        self.tab = "township_list" if self.kind == imports.TOWNSHIP else "account_list"
        return super().dispatch(request, *args, **kwargs)

    def resolve(self, kwargs):
        if "batch_id" in kwargs:
            self.batch = get_object_or_404(ImportBatch, pk=kwargs["batch_id"], county=self.county, kind=self.kind)

    def what(self) -> str:
        return _("乡镇") if self.kind == imports.TOWNSHIP else _("账号")

    def get_context_data(self, **kwargs):
        return super().get_context_data(kind=self.kind, what=self.what(), list_url=self.county_url(self.tab),
                                        upload_url=self.county_url(f"{self.kind}_import"), **kwargs)


class ImportTemplateView(ImportMixin, View):
    def get(self, request, *args, **kwargs):
        content = template_xlsx(self.sheet, title=self.what())
        return attachment(content, XLSX, _("%(county)s%(what)s导入模板.xlsx") % {"county": self.county.name, "what": self.what()})


class ImportUploadView(ImportMixin, FormView):
    form_class = UploadForm
    template_name = "onboarding/import_upload.html"

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        content = upload.read()
        outcome = imports.import_rows(county=self.county, kind=self.kind, content=content, write=False)
        # unconfirmed files of the county older than a day are not going to be used
        ImportBatch.objects.filter(county=self.county, imported_at__isnull=True,
                                   uploaded_at__lt=timezone.now() - datetime.timedelta(days=1)).delete()
        batch = ImportBatch.objects.create(county=self.county, kind=self.kind, file_name=upload.name[:200], content=content,
                                           uploaded_by=self.request.user, check_result=outcome.as_dict())
        return redirect(self.county_url(f"{self.kind}_import_preview", batch_id=batch.pk))

    def get_context_data(self, **kwargs):
        return super().get_context_data(template_url=self.county_url(f"{self.kind}_import_template"),
                                        max_rows=imports.MAX_ROWS, **kwargs)


class ImportPreviewView(ImportMixin, TemplateView):
    template_name = "onboarding/import_preview.html"

    def get_context_data(self, **kwargs):
        batch = self.batch
        outcome = imports.CountyImport.from_dict(dict(batch.check_result))
        return super().get_context_data(batch=batch, result=outcome.result, planned=outcome.planned, **kwargs)

    def post(self, request, *args, **kwargs):
        batch = self.batch
        if batch.imported_at:
            messages.info(request, _("这个文件已经导入过了。"))
            return redirect(self.county_url(f"{self.kind}_import_preview", batch_id=batch.pk))
        outcome = imports.confirm(batch, by=request.user)
        if not outcome.result.ok:
            messages.error(request, _("数据在检查后发生了变化，文件中有不能导入的行，什么也没有写入。请修改后重新上传。"))
            return redirect(self.county_url(f"{self.kind}_import_preview", batch_id=batch.pk))
        if self.kind == imports.TOWNSHIP or not outcome.issued:
            messages.success(request, _("导入完成：新增 %(created)s 条，更新 %(updated)s 条，%(unchanged)s 条无变化。") % {
                "created": outcome.result.created, "updated": outcome.result.updated, "unchanged": outcome.result.unchanged})
            return redirect(self.county_url(self.tab))
        token = signing.dumps({"batch": batch.pk, "by": request.user.pk, "rows": [_password_row(issued) for issued in outcome.issued]},
                              salt=PASSWORDS_SALT, compress=True)
        return issued_response(request, "onboarding/import_done.html", self.get_context_data(
            issued=outcome.issued, token=token, download_url=self.county_url("account_passwords", batch_id=batch.pk)))


def _password_row(issued) -> list[str]:
    role = issued.account.liuhao_role
    return [issued.account.username, issued.account.first_name, str(role.get_role_display()),
            role.township.name if role.township_id else "", issued.password]


class PasswordsDownloadView(ImportMixin, View):
    """The one-time passwords of a bulk import as .xlsx, once: the result page posts them back
    signed (the server kept none), and the batch records the download."""

    kind = imports.ACCOUNT

    def post(self, request, *args, **kwargs):
        batch = self.batch
        try:
            data = signing.loads(request.POST.get("token", ""), salt=PASSWORDS_SALT, max_age=PASSWORDS_MAX_AGE)
        except signing.BadSignature:  # also expired
            data = None
        if data is None or data.get("batch") != batch.pk or data.get("by") != request.user.pk:
            messages.error(request, _("下载链接已失效（一次性密码只能在导入后一小时内下载）。如有遗失，请在账号页面逐个重置密码。"))
            return redirect(self.county_url("account_import_preview", batch_id=batch.pk))
        if not ImportBatch.objects.filter(pk=batch.pk, passwords_downloaded_at__isnull=True).update(
                passwords_downloaded_at=timezone.now()):
            messages.error(request, _("这些一次性密码已经下载过一次，不能再次下载。如有遗失，请在账号页面逐个重置密码。"))
            return redirect(self.county_url("account_import_preview", batch_id=batch.pk))
        response = attachment(passwords_xlsx(data["rows"]), XLSX, _("%(county)s新账号一次性密码.xlsx") % {"county": self.county.name})
        add_never_cache_headers(response)
        return response


def passwords_xlsx(rows: list[list[str]]) -> bytes:
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(_("一次性密码"))
    worksheet.append([_("用户名"), _("姓名"), _("角色"), _("所属乡镇（街道）"), _("一次性密码")])
    for row in rows:
        worksheet.append([text_safe_cell(worksheet, value, as_text=True) for value in row])
    worksheet.append([])
    worksheet.append([text_safe_cell(worksheet, _("请把用户名和一次性密码分别告知本人；首次登录后须立即修改密码。告知后请删除本文件。"))])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


# --- the record ---------------------------------------------------------------------------------------


class TrailView(CountyAdminMixin, TemplateView):
    template_name = "onboarding/trail.html"
    tab = "trail"

    def get_context_data(self, **kwargs):
        page = Paginator(county_trail(self.county), settings.LIST_PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(events=page.object_list, page_obj=page, paginator=page.paginator,
                                        is_paginated=page.has_other_pages(), **kwargs)


# --- one's own password -----------------------------------------------------------------------------


class OwnPasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, which also ends the change the county required (一次性密码)."""

    form_class = OwnPasswordChangeForm
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed(user=form.user)
        password_change_done(self.request)
        messages.success(self.request, _("密码已修改。以后请用新密码登录。"))
        return response

    def get_context_data(self, **kwargs):
        role = user_role(self.request.user)
        return super().get_context_data(required=role is not None and role.must_change_password, **kwargs)
