"""Forms of 乡镇与账号. The county always comes from the URL, never from the form; the checks are
the services' own (`township_errors`, `account_errors`), so a form, the bulk import and the
services refuse the same things with the same words."""
from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.utils.translation import gettext as _, gettext_lazy

from core.text import CleanTextMixin
from unions.forms import FieldStyleMixin
from unions.models import County, Township, UserRole

from .services import account_errors, township_errors

ROLE_CHOICES = [("", gettext_lazy("请选择…")), *UserRole.Role.choices]


class TownshipForm(CleanTextMixin, FieldStyleMixin, forms.Form):
    name = forms.CharField(label=gettext_lazy("乡镇（街道）名称"), max_length=Township._meta.get_field("name").max_length,
                           help_text=gettext_lazy("如：具茨山镇、新华路街道。"))
    kind = forms.ChoiceField(label=gettext_lazy("类型"), choices=Township.Kind.choices, initial=Township.Kind.TOWN)

    def __init__(self, *args, county: County, township: Township | None = None, **kwargs):
        if township is not None:
            kwargs["initial"] = {"name": township.name, "kind": township.kind, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        self.county, self.township = county, township

    def clean(self):
        data = super().clean()
        if "name" in data and "kind" in data:
            for field, message in township_errors(county=self.county, name=data["name"].strip(), kind=data["kind"],
                                                  township=self.township).items():
                self.add_error(field, message)
        return data


class AccountForm(CleanTextMixin, FieldStyleMixin, forms.Form):
    username = forms.CharField(
        label=gettext_lazy("用户名"), max_length=150,
        help_text=gettext_lazy("登录时使用，建议用姓名拼音，如 zhangwei；只能包含字母、数字和 @ . + - _。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}))
    full_name = forms.CharField(label=gettext_lazy("姓名"), max_length=150)
    role = forms.ChoiceField(label=gettext_lazy("角色"), choices=ROLE_CHOICES)
    township = forms.ModelChoiceField(
        label=gettext_lazy("所属乡镇（街道）"), queryset=Township.objects.none(), required=False,
        help_text=gettext_lazy("乡镇工会工作人员必填：该账号只能查看和填报这个乡镇的数据。"))
    home_township = forms.ModelChoiceField(
        label=gettext_lazy("回避乡镇"), queryset=Township.objects.none(), required=False,
        help_text=gettext_lazy("仅评审填写：评审所在或有关联的乡镇，不分配其申报给该评审。"))
    phone = forms.CharField(label=gettext_lazy("联系电话"), max_length=20, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))

    def __init__(self, *args, county: County, **kwargs):
        super().__init__(*args, **kwargs)
        self.county = county
        townships = Township.objects.filter(county=county).order_by("name")
        self.fields["township"].queryset = townships
        self.fields["home_township"].queryset = townships

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        for field, message in account_errors(
                county=self.county, username=data["username"].strip(), full_name=data["full_name"].strip(), role=data["role"],
                township=data.get("township"), home_township=data.get("home_township"), phone=data.get("phone", "")).items():
            self.add_error(field, message)
        return data


class AccountFilterForm(forms.Form):
    """The account list's filters (GET)."""

    STATUS_CHOICES = [("", gettext_lazy("全部状态")), ("active", gettext_lazy("启用")),
                      ("must_change", gettext_lazy("待修改密码")), ("inactive", gettext_lazy("已停用"))]

    q = forms.CharField(label=gettext_lazy("用户名或姓名"), required=False, max_length=150,
                        widget=forms.TextInput(attrs={"class": "form-control form-control-sm", "type": "search"}))
    role = forms.ChoiceField(label=gettext_lazy("角色"), required=False,
                             choices=[("", gettext_lazy("全部角色")), *UserRole.Role.choices],
                             widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    status = forms.ChoiceField(label=gettext_lazy("状态"), required=False, choices=STATUS_CHOICES,
                               widget=forms.Select(attrs={"class": "form-select form-select-sm"}))


class OwnPasswordChangeForm(PasswordChangeForm):
    """Django's password change (AUTH_PASSWORD_VALIDATORS apply), which also refuses keeping the
    password one had: a one-time password "changed" to itself would still be known to the county."""

    def clean(self):
        data = super().clean()
        old_password, new_password = data.get("old_password"), data.get("new_password2")
        if old_password and new_password and old_password == new_password and "new_password2" not in self.errors:
            self.add_error("new_password2", forms.ValidationError(_("新密码不能与原密码相同。"), code="password_unchanged"))
        return data
