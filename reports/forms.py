"""The report's 文档设置: cover, title, 落款, annexes, printing and closing of one township's report of a year."""
import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import CleanTextMixin
from unions.forms import FieldStyleMixin

from .models import ReportSettings


def chinese_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class ReportSettingsForm(CleanTextMixin, FieldStyleMixin, forms.ModelForm):
    """Saved by the view with update_or_create: the township and the year come from the URL."""

    class Meta:
        model = ReportSettings
        fields = ["type_line", "doc_kind", "theme", "subtitle", "title", "issuer", "signed_on",
                  "include_statistics", "include_honours", "include_ledgers", "duplex",
                  "closing", "problems", "plans"]
        widgets = {
            "problems": forms.Textarea(attrs={"rows": 4}),
            "plans": forms.Textarea(attrs={"rows": 4}),
            "closing": forms.RadioSelect,
        }
        error_messages = {
            "type_line": {"required": _("请填写封面第一行，如：创建“六好”乡镇工会。")},
            "doc_kind": {"required": _("请填写材料名称，如：汇报材料。")},
        }

    # The groups of the page, in order: (heading, field names).
    GROUPS = (
        (_("封面与标题"), ("type_line", "doc_kind", "theme", "subtitle", "title")),
        (_("落款"), ("issuer", "signed_on")),
        (_("附件与打印"), ("include_statistics", "include_honours", "include_ledgers", "duplex")),
        (_("存在问题和下步打算"), ("closing", "problems", "plans")),
    )

    def __init__(self, *args, year: int, default_title: str, default_issuer: str, default_date: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year
        # What a blank field gives, shown in the field itself.
        self.fields["title"].widget.attrs["placeholder"] = default_title
        self.fields["issuer"].widget.attrs["placeholder"] = default_issuer
        self.fields["signed_on"].help_text = _("不填则为数据最后修改的日期（目前为%(day)s）。") % {"day": chinese_date(default_date)}
        first, last = self.signing_window()
        self.fields["signed_on"].widget.attrs.update(min=first.isoformat(), max=last.isoformat())

    def groups(self):
        return [(heading, [self[name] for name in names]) for heading, names in self.GROUPS]

    def signing_window(self) -> tuple[datetime.date, datetime.date]:
        """A report is dated within its year or after it (the meeting it is written for may still be
        ahead), at the latest at the end of next year."""
        return datetime.date(self.year, 1, 1), datetime.date(timezone.localdate().year + 1, 12, 31)

    def clean_signed_on(self):
        day = self.cleaned_data.get("signed_on")
        if day is None:
            return day
        first, last = self.signing_window()
        if day < first:
            raise ValidationError(_("落款日期不能早于%(first)s：这是%(year)s年度的汇报材料。"),
                                  code="before_year", params={"first": chinese_date(first), "year": self.year})
        if day > last:
            raise ValidationError(_("落款日期不能晚于%(last)s，请检查年份。"), code="too_late", params={"last": chinese_date(last)})
        return day

    @staticmethod
    def _lines(text: str) -> str:
        """One item a line: each line stripped, blank lines dropped."""
        return "\n".join(line.strip() for line in text.splitlines() if line.strip())

    def clean_problems(self):
        return self._lines(self.cleaned_data.get("problems", ""))

    def clean_plans(self):
        return self._lines(self.cleaned_data.get("plans", ""))
