"""The rubric's edit page as forms: the rubric's own fields, its grades, its dimensions each with
its indicators, its bonus and veto items — posted and saved together, and valid only when the
rubric holds together: indicator points add up to their dimension's, dimensions' to the total,
codes and names are unique, every rule parses (Indicator.clean) and points sit on the 0.5 grid.
"""
import json
import re
from decimal import Decimal

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from core.text import CleanTextMixin, quoted

from .evidence import EVIDENCE_CHOICES
from .forms import PointsField
from .models import BonusItem, Dimension, Grade, Indicator, Rubric, VetoItem
from .rubrics import rubrics_of_county
from .scoring import format_points, plain_points

ZERO = Decimal("0")


class RubricPointsField(PointsField):
    """Points of the rubric, shown as the score sheet writes them: 6, not 6.0."""

    def prepare_value(self, value):
        return plain_points(value) if isinstance(value, Decimal) else value


class RowMixin(CleanTextMixin):
    """A form laid out as a table row: small widgets named by their label for screen readers (the
    column heading says it to the eye), marked is-invalid when their field has an error."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            base = "form-select form-select-sm" if isinstance(widget, forms.Select) else "form-control form-control-sm"
            widget.attrs["class"] = f"{base} {widget.attrs.get('class', '')}".strip()
            widget.attrs.setdefault("aria-label", str(field.label))

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields and "is-invalid" not in self.fields[name].widget.attrs["class"]:
                self.fields[name].widget.attrs["class"] += " is-invalid"


class RubricForm(RowMixin, forms.ModelForm):
    total_points = RubricPointsField(label=_("总分"), required=True, help_text=_("各考核项目分值之和须等于总分（加分另计）。"))

    class Meta:
        model = Rubric
        fields = ["name", "total_points", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if rubrics_of_county(self.instance.county_id).filter(name=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("已有名为%(name)s的考核标准，请换一个名称。"), params={"name": quoted(name)})
        return name


class GradeForm(RowMixin, forms.ModelForm):
    min_score = RubricPointsField(label=_("最低分"), required=True)

    class Meta:
        model = Grade
        fields = ["name", "min_score"]


class DimensionForm(RowMixin, forms.ModelForm):
    points = RubricPointsField(label=_("分值"), required=True)

    class Meta:
        model = Dimension
        fields = ["position", "name", "points"]


TIER_SEPARATOR = re.compile(r"[；;，,、\n]+")
TIER = re.compile(r"^(?:≥|>=)?\s*(\d+(?:\.\d+)?)\s*(?:→|->|:|：|得)\s*(\d+(?:\.\d+)?)\s*分?$")


def _stored_number(text: str) -> int | float:
    """A number as the rubric's JSON keeps it: 6, not 6.0; 4.5."""
    number = Decimal(text)
    return int(number) if number == number.to_integral_value() else float(number)


class TiersField(forms.CharField):
    """An indicator's tiers as people write them, "90→6；85→4" (达到90得6分，达到85得4分), shown so
    too; the JSON the rubric stores ([[90, 6], [85, 4]]) is read as well. The model judges the pairs."""

    default_error_messages = {"invalid": _("分档请写成“门槛→得分”，多档用分号隔开，如 90→6；85→4。")}

    def prepare_value(self, value):
        if isinstance(value, str):  # as typed, after a failed save
            return value
        return "；".join(f"{format_points(Decimal(str(threshold)))}→{format_points(Decimal(str(points)))}"
                        for threshold, points in value or [])

    def to_python(self, value):
        text = super().to_python(value).strip()
        if text.startswith("["):
            try:
                return json.loads(text)
            except ValueError:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        pairs = []
        for piece in filter(None, (piece.strip() for piece in TIER_SEPARATOR.split(text))):
            match = TIER.match(piece)
            if match is None:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            pairs.append([_stored_number(match[1]), _stored_number(match[2])])
        return pairs


class IndicatorForm(RowMixin, forms.ModelForm):
    points = RubricPointsField(label=_("分值"), required=True)
    not_applicable_points = RubricPointsField(label=_("不适用时得分"))
    tiers = TiersField(label=_("分档"), required=False, initial=list)

    class Meta:
        model = Indicator
        fields = ["position", "code", "text", "points", "evidence", "rule", "tiers", "not_applicable_points"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].choices = [("", _("—（无，评审判定）"))] + EVIDENCE_CHOICES


class BonusItemForm(RowMixin, forms.ModelForm):
    points_each = RubricPointsField(label=_("每项加分"), required=True)
    cap = RubricPointsField(label=_("加分上限"), required=True)

    class Meta:
        model = BonusItem
        fields = ["code", "text", "points_each", "cap", "evidence"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].choices = [("", _("—（无，评审判定）"))] + EVIDENCE_CHOICES

    def clean(self):
        data = super().clean()
        if data.get("points_each") is not None and data.get("cap") is not None and data["cap"] < data["points_each"]:
            self.add_error("cap", _("加分上限不能小于每项加分。"))
        return data


class VetoItemForm(RowMixin, forms.ModelForm):
    class Meta:
        model = VetoItem
        fields = ["code", "text"]


class PartFormSet(BaseInlineFormSet):
    """Rows of one part of the rubric; a row is deleted with its 删除 box, and one empty row adds one."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs.update({"class": "form-check-input", "aria-label": str(_("删除"))})

    def kept(self) -> list[forms.Form]:
        """The valid rows that stay: existing rows not deleted, and new rows that were filled in."""
        return [form for form in self.forms if not self._should_delete_form(form)
                and (form.instance.pk is not None or form.has_changed())]


def _formset(model, parent, form):
    return inlineformset_factory(parent, model, form=form, formset=PartFormSet, extra=1, can_delete=True)


GradeFormSet = _formset(Grade, Rubric, GradeForm)
DimensionFormSet = _formset(Dimension, Rubric, DimensionForm)
IndicatorFormSet = _formset(Indicator, Dimension, IndicatorForm)
BonusItemFormSet = _formset(BonusItem, Rubric, BonusItemForm)
VetoItemFormSet = _formset(VetoItem, Rubric, VetoItemForm)


class RubricEditor:
    """Every form of the page. `sections` pairs each dimension's form with its indicators' formset
    (the empty dimension row too, so a new dimension is posted with its indicators)."""

    def __init__(self, rubric: Rubric, data=None):
        self.rubric = rubric
        self.form = RubricForm(data, instance=rubric, prefix="rubric")
        self.grades = GradeFormSet(data, instance=rubric, prefix="grades")
        dimensions = list(Dimension.objects.filter(rubric=rubric).order_by("position", "pk"))
        # a new row comes after the last one
        self.dimensions = DimensionFormSet(data, instance=rubric, prefix="dimensions",
                                           queryset=Dimension.objects.order_by("position", "pk"),
                                           initial=[{"position": _next_position(dimensions)}])
        indicators = {}
        for indicator in Indicator.objects.filter(dimension__rubric=rubric).only("dimension_id", "position"):
            indicators.setdefault(indicator.dimension_id, []).append(indicator)
        self.sections = [(form, IndicatorFormSet(data, instance=form.instance, prefix=f"{form.prefix}-indicators",
                                                 queryset=Indicator.objects.order_by("position", "pk"),
                                                 initial=[{"position": _next_position(indicators.get(form.instance.pk, []))}]))
                         for form in self.dimensions.forms]
        self.bonus_items = BonusItemFormSet(data, instance=rubric, prefix="bonus")
        self.veto_items = VetoItemFormSet(data, instance=rubric, prefix="veto")
        self.errors: list[str] = []  # what concerns the rubric as a whole, shown above it

    @property
    def formsets(self) -> list[PartFormSet]:
        return [self.grades, self.dimensions, *(indicators for _form, indicators in self.sections), self.bonus_items,
                self.veto_items]

    def is_valid(self) -> bool:
        every_form = [self.form.is_valid()] + [formset.is_valid() for formset in self.formsets]
        self._check_the_whole()  # also beside rows that are wrong, so that one save shows every problem
        return all(every_form) and not self.errors and all(formset.is_valid() for formset in self.formsets)

    def _check_the_whole(self) -> None:
        """Sums, uniqueness and grades across the page; a sum is left to be checked once every
        number in it is valid (the rows with a wrong number are marked already)."""
        total = self.form.cleaned_data.get("total_points")
        dimension_points = []
        all_indicators = []
        kept_dimensions = self.dimensions.kept()
        for form, indicators in self.sections:
            kept = indicators.kept()
            if form not in kept_dimensions:
                if kept and not self.dimensions._should_delete_form(form):
                    form.add_error("name", _("新增指标须先填写所属考核项目的名称和分值。"))
                continue
            all_indicators += kept
            points = form.cleaned_data.get("points")
            dimension_points.append(points)
            row_points = [row.cleaned_data.get("points") for row in kept]
            if points is None or None in row_points:
                continue
            if sum(row_points, ZERO) != points:
                form.add_error(None, _("“%(name)s”各指标分值合计 %(sum)s 分，与项目分值 %(points)s 分不符。") % {
                    "name": form.cleaned_data.get("name") or form["name"].value(), "sum": format_points(sum(row_points, ZERO)),
                    "points": format_points(points)})
        if total is not None and None not in dimension_points and sum(dimension_points, ZERO) != total:
            self.errors.append(_("各考核项目分值合计 %(sum)s 分，与总分 %(total)s 分不符。") % {
                "sum": format_points(sum(dimension_points, ZERO)), "total": format_points(total)})
        _unique(kept_dimensions, "name", _("考核项目名称“%(value)s”重复。"))
        _unique(all_indicators, "code", _("指标编号“%(value)s”重复。"))
        _unique(self.grades.kept(), "name", _("等次“%(value)s”重复。"))
        _unique(self.bonus_items.kept(), "code", _("加分事项编号“%(value)s”重复。"))
        _unique(self.veto_items.kept(), "code", _("否决事项编号“%(value)s”重复。"))
        for form in self.grades.kept():
            minimum = form.cleaned_data.get("min_score")
            if total is not None and minimum is not None and minimum > total:
                form.add_error("min_score", _("等次的最低分不能超过总分 %(total)s 分。") % {"total": format_points(total)})
        if not self.grades.kept():
            self.errors.append(_("至少需要一个等次。"))

    def summary(self) -> list[tuple[str, str]]:
        """What to correct, for the top of the page, each with the id of the field it concerns (""
        for the rubric as a whole): a row is named by its code or name, then the column."""
        lines = [(str(error), "") for error in self.errors]
        lines += [(f"{field.label}：{error}", field.id_for_label) for field in self.form for error in field.errors]
        for formset in self.formsets:
            for form in formset.forms:
                if not form.errors or formset._should_delete_form(form):
                    continue
                named_by = form["code" if "code" in form.fields else "name"]
                row = named_by.value() or _("新增的一行")
                lines += [(str(error), named_by.id_for_label) for error in form.non_field_errors()]  # they name the row
                lines += [(f"{row} · {form[name].label}：{error}", form[name].id_for_label)
                          for name, errors in form.errors.items() if name in form.fields for error in errors]
        return lines

    def save(self) -> None:
        """Writes every change; call inside rubrics.editing_rubric, which refuses a locked rubric."""
        self.form.save()
        self.grades.save()
        self.bonus_items.save()
        self.veto_items.save()
        dimensions = self.dimensions.save(commit=False)
        for dimension in self.dimensions.deleted_objects:
            dimension.delete()  # with its indicators
        taken = set(Dimension.objects.filter(rubric=self.rubric).values_list("key", flat=True))
        for dimension in dimensions:
            if not dimension.key:
                dimension.key = next(f"d{number}" for number in range(1, len(taken) + 2) if f"d{number}" not in taken)
                taken.add(dimension.key)
            dimension.save()
        for form, indicators in self.sections:
            if form.instance.pk is None or self.dimensions._should_delete_form(form):
                continue
            indicators.instance = form.instance
            indicators.save()


def _next_position(rows) -> int:
    return max((row.position for row in rows), default=0) + 1


def _unique(forms_: list[forms.Form], name: str, message: str) -> None:
    """Marks every row after the first that repeats the value of `name`."""
    seen = set()
    for form in forms_:
        value = form.cleaned_data.get(name)
        if value in seen:
            form.add_error(name, message % {"value": value})
        seen.add(value)
