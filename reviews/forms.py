import re
from decimal import Decimal

from django import forms
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import CleanTextMixin

from .models import Application, Review, Round, Submission
from .rubrics import rubrics_of_county
from .scoring import RubricParts, plain_points, suggested_bonus, suggested_points
from .services import DECISIONS, ScoreInput
from .validators import GRID, validate_on_grid

PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


class PointsField(forms.DecimalField):
    """Points typed by a reviewer: ASCII digits, at most one decimal, on the half-point grid.
    Python's Decimal reads "３" and "٣" as 3 (and "4_5" as 45, "4.5e0" as 4.5), so anything but
    plain digits is refused rather than read as a number the score sheet never showed."""

    default_error_messages = {"invalid": _("请用半角阿拉伯数字填写（如 4 或 4.5），不能用全角或其他文字的数字。")}
    default_validators = [validate_on_grid]

    def __init__(self, *, max_value=None, required=False, **kwargs):
        super().__init__(min_value=Decimal("0"), max_value=max_value, decimal_places=1, required=required, **kwargs)

    def to_python(self, value):
        if isinstance(value, str) and value.strip() and not PLAIN_NUMBER.fullmatch(value.strip()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "step": str(GRID)}


class RoundForm(CleanTextMixin, forms.ModelForm):
    """A round's settings, when it is opened and later (评选设置). Once a township has submitted, the
    year and the rubric are what its application was read against and stay as they are."""

    class Meta:
        model = Round
        fields = ["year", "title", "deadline", "rubric", "aggregate", "spread_threshold", "min_reviews"]
        widgets = {"deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, county, **kwargs):
        self.county = county
        super().__init__(*args, **kwargs)
        self.fields["title"].help_text = _("留空则为“××县××年“六好”乡镇工会评选”。")
        if self.instance.pk is None:
            self.fields["deadline"].widget.attrs["min"] = timezone.localdate().isoformat()  # as clean_deadline
        self.fields["rubric"].queryset = rubrics_of_county(county.pk).order_by(F("county").asc(nulls_first=True), "name")
        if self.instance.pk is not None and Submission.objects.filter(application__round=self.instance).exists():
            for name in ("year", "rubric"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("已有乡镇提交申报，不能再改。")

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if "deadline" in self.changed_data and deadline < timezone.localdate():  # a past one kept as it was is fine
            raise forms.ValidationError(_("截止日期不能早于今天。"))
        return deadline

    def clean_year(self):
        year = self.cleaned_data["year"]
        if Round.objects.filter(county=self.county, year=year).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("本县 %(year)s 年的评选已经存在。"), params={"year": year})
        return year

    def save(self, commit=True):
        self.instance.county = self.county
        return super().save(commit)


class DecisionForm(CleanTextMixin, forms.Form):
    decision = forms.ChoiceField(label=_("决定"), widget=forms.RadioSelect,
                                 choices=[(status.value, status.label) for status in DECISIONS])
    grade = forms.ChoiceField(label=_("命名等次"), required=False)
    reasons = forms.CharField(label=_("意见"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
                              max_length=Application._meta.get_field("decision_reasons").max_length,
                              help_text=_("退回整改、不通过须写明意见；乡镇能看到。"))

    def __init__(self, *args, grades: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = [("", "—")] + [(name, name) for name in grades]

    def clean(self):
        data = super().clean()
        if data.get("decision") == Application.Status.NAMED and not data.get("grade"):
            self.add_error("grade", _("命名须选择等次。"))
        if (data.get("decision") in (Application.Status.RETURNED, Application.Status.REJECTED) and "reasons" not in self.errors
                and not data.get("reasons", "").strip()):
            self.add_error("reasons", _("退回整改或不通过须写明意见。"))
        return data


class ReviewForm(CleanTextMixin, forms.Form):
    """One score (and comment) per indicator, one per bonus item, a tick and reason per veto item;
    fields are named by the item's id so the template can lay them out along the rubric."""

    overall_comment = forms.CharField(label=_("总体意见"), widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
                                      required=False, max_length=Review._meta.get_field("overall_comment").max_length)

    def __init__(self, *args, parts: RubricParts, evidence: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.parts = parts
        for indicator in parts.indicators:
            # the table shows no label beside each input: its name is said for screen readers
            self.fields[f"score_{indicator.pk}"] = PointsField(
                label=indicator.code, max_value=plain_points(indicator.points),
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm score-input", "inputmode": "decimal",
                                                "aria-label": _("%(code)s 得分") % {"code": indicator.code}}),
            )
            self.fields[f"comment_{indicator.pk}"] = forms.CharField(
                label=_("说明"), required=False, max_length=500,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm",
                                              "aria-label": _("%(code)s 说明") % {"code": indicator.code}}))
        for item in parts.bonus_items:
            self.fields[f"bonus_{item.pk}"] = PointsField(
                label=item.code, max_value=plain_points(item.cap),
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "inputmode": "decimal",
                                                "aria-label": _("%(code)s 加分") % {"code": item.code}}))
            self.fields[f"bonus_comment_{item.pk}"] = forms.CharField(
                label=_("说明"), required=False, max_length=500,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm",
                                              "aria-label": _("%(code)s 说明") % {"code": item.code}}))
        for item in parts.veto_items:
            self.fields[f"veto_{item.pk}"] = forms.BooleanField(
                label=item.text, required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
            self.fields[f"veto_reason_{item.pk}"] = forms.CharField(
                label=_("理由"), required=False, max_length=500,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm", "placeholder": _("否决理由（勾选时必填）"),
                                              "aria-label": _("%(code)s 否决理由") % {"code": item.code}}))
        self.rows = [
            (dimension, [(indicator, suggested_points(indicator, evidence), evidence.get(indicator.evidence),
                          self[f"score_{indicator.pk}"], self[f"comment_{indicator.pk}"])
                         for indicator in parts.indicators if indicator.dimension_id == dimension.pk])
            for dimension in parts.dimensions
        ]
        self.bonus_rows = [(item, suggested_bonus(item, evidence), self[f"bonus_{item.pk}"], self[f"bonus_comment_{item.pk}"])
                           for item in parts.bonus_items]
        self.veto_rows = [(item, self[f"veto_{item.pk}"], self[f"veto_reason_{item.pk}"]) for item in parts.veto_items]

    def scores(self) -> dict[int, ScoreInput]:
        return {indicator.pk: ScoreInput(self.cleaned_data[f"score_{indicator.pk}"], self.cleaned_data[f"comment_{indicator.pk}"])
                for indicator in self.parts.indicators}

    def bonus(self) -> dict[int, ScoreInput]:
        return {item.pk: ScoreInput(self.cleaned_data[f"bonus_{item.pk}"], self.cleaned_data[f"bonus_comment_{item.pk}"])
                for item in self.parts.bonus_items}

    def vetoes(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data[f"veto_reason_{item.pk}"]
                for item in self.parts.veto_items if self.cleaned_data[f"veto_{item.pk}"]}

    @staticmethod
    def initial_from(review) -> dict:
        initial = {"overall_comment": review.overall_comment}
        for score in review.scores.all():
            initial[f"score_{score.indicator_id}"] = plain_points(score.value)
            initial[f"comment_{score.indicator_id}"] = score.comment
        for bonus in review.bonus_scores.all():
            initial[f"bonus_{bonus.item_id}"] = plain_points(bonus.value)
            initial[f"bonus_comment_{bonus.item_id}"] = bonus.comment
        for flag in review.veto_flags.all():
            initial[f"veto_{flag.item_id}"] = True
            initial[f"veto_reason_{flag.item_id}"] = flag.reason
        return initial
