"""Forms for the township's data. The township always comes from the URL, never from the form."""
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.text import CleanTextMixin

from .models import (
    Activity,
    AnnualFunding,
    AssistanceRecord,
    GrassrootsUnion,
    GrassrootsUnionYear,
    Honour,
    Member,
    RightsCase,
    Township,
    TownshipUnion,
    TownshipYear,
)
from .validators import date_bounds, normalize_id_number


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


EMPTY_CHOICE = _("请选择…")


def phone_friendly(name: str, formfield) -> None:
    """The keyboard a phone shows and what a browser may fill in: digits for numbers, the dial pad
    for telephone numbers, capitals and no suggestions for ID numbers. Numbers and telephone numbers
    here are other people's (members', chairs'), so the browser must not offer the user's own."""
    attrs = formfield.widget.attrs
    if name.endswith("phone"):
        formfield.widget.input_type = "tel"
        attrs.update(inputmode="tel", autocomplete="off")
    elif name.endswith("id_number"):
        attrs.update(autocomplete="off", autocapitalize="characters", spellcheck="false")
    elif name == "year" or (isinstance(formfield, forms.IntegerField) and not isinstance(formfield, forms.DecimalField)):
        attrs.setdefault("inputmode", "numeric")
    elif isinstance(formfield, forms.DecimalField):
        attrs.setdefault("inputmode", "decimal")


class FieldStyleMixin:
    """Native date pickers for every date field, limited to the days its model field allows,
    "请选择…" instead of Django's "---------", and the right keyboard on a phone. Done on the built
    fields: a `formfield_callback` is not inherited by forms with their own Meta."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, formfield in self.fields.items():
            phone_friendly(name, formfield)
            if isinstance(formfield, forms.DateField):
                formfield.widget = DateInput(attrs={**formfield.widget.attrs, **self._date_limits(name)})
            if isinstance(formfield, forms.ModelChoiceField):
                if formfield.empty_label is not None:
                    formfield.empty_label = EMPTY_CHOICE
            elif isinstance(formfield, forms.ChoiceField) and formfield.choices and formfield.choices[0][0] in ("", None):
                formfield.choices = [("", EMPTY_CHOICE), *formfield.choices[1:]]

    def _date_limits(self, name: str) -> dict:
        """The date input's min and max, from the model field's validators."""
        try:
            model_field = self._meta.model._meta.get_field(name)
        except (AttributeError, FieldDoesNotExist):
            return {}
        earliest, latest = date_bounds(model_field.validators)
        return {key: day.isoformat() for key, day in (("min", earliest), ("max", latest)) if day}


class TownshipModelForm(CleanTextMixin, FieldStyleMixin, forms.ModelForm):
    """A form for a record that belongs to `township`: the instance gets the township before
    validation, so the model's own cross-field rules can check it, and choices of grassroots
    unions are limited to that township."""

    def __init__(self, *args, township: Township, **kwargs):
        super().__init__(*args, **kwargs)
        self.township = township
        if hasattr(self.instance, "township_id"):
            self.instance.township = township
        if "union" in self.fields:
            self.fields["union"].queryset = GrassrootsUnion.objects.filter(township=township)
        self._copy_number_validators()

    def _copy_number_validators(self):
        """A number's model validators (money never below 0, a year not in the future) run with its
        form field too, so that a wrong number fails as its own field before any rule compares it
        with another field."""
        for name, formfield in self.fields.items():
            if not isinstance(formfield, (forms.DecimalField, forms.IntegerField)):
                continue  # choices validate their coerced value after the field's validators
            try:
                model_field = self._meta.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            formfield.validators += [validator for validator in model_field.validators if validator not in formfield.validators]

    def _post_clean(self):
        # Input that failed its field never reaches the instance, which keeps the field's old value,
        # and the record's cross-field rules would judge that value ("挽回金额大于诉求金额" beside
        # "不能为负数"). To those rules a failed number or date is unknown (None) instead.
        for name in self._errors:
            try:
                field = self.instance._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.concrete and not field.is_relation and not isinstance(field, (models.CharField, models.TextField)):
                setattr(self.instance, field.attname, None)
        super()._post_clean()


class TownshipProfileForm(CleanTextMixin, FieldStyleMixin, forms.ModelForm):
    class Meta:
        model = Township
        fields = ["name", "kind", "area_km2", "overview"]
        widgets = {"overview": forms.Textarea(attrs={"rows": 5})}


class TownshipUnionForm(TownshipModelForm):
    class Meta:
        model = TownshipUnion
        fields = ["name", "form"]


# A year's facts in two parts, as the profile page shows them: the 镇情 and the union's 六有.
TOWNSHIP_FACTS = [
    "administrative_villages", "communities", "natural_villages", "villager_groups", "households", "population",
    "enterprises", "eligible_employers", "gdp_text", "fiscal_revenue_text",
]
UNION_FACTS = [
    "chair_name", "chair_concurrent_post", "chair_elected", "chair_full_time", "vice_chairs", "committee_members",
    "has_audit_committee", "has_women_committee", "has_mediation_committee", "full_time_staff", "part_time_staff",
    "legal_person_certified", "legal_person_cert_number", "has_seal", "has_nameplate", "office_area_m2",
    "has_workers_home", "workers_home_area_m2", "facilities", "funding_in_budget", "rules",
]


class TownshipFactsForm(TownshipModelForm):
    """The 镇情 of one year."""

    class Meta:
        model = TownshipYear
        fields = TOWNSHIP_FACTS


class UnionFactsForm(TownshipModelForm):
    """The township union's 六有 in one year."""

    class Meta:
        model = TownshipYear
        fields = UNION_FACTS
        widgets = {"rules": forms.Textarea(attrs={"rows": 6})}


class AnnualFundingForm(TownshipModelForm):
    class Meta:
        model = AnnualFunding
        exclude = ["township"]


class GrassrootsUnionForm(TownshipModelForm):
    class Meta:
        model = GrassrootsUnion
        fields = ["name", "kind", "employer", "founded_on", "dissolution", "dissolved_on"]


class GrassrootsUnionYearForm(TownshipModelForm):
    """One union's figures in one year; the union and the year come from the URL."""

    class Meta:
        model = GrassrootsUnionYear
        exclude = ["township", "union", "year"]


class MemberForm(TownshipModelForm):
    class Meta:
        model = Member
        fields = [
            "union", "name", "gender", "id_number", "phone", "joined_on", "left_on", "is_migrant_worker",
            "hardship_reason", "hardship_filed_on", "hardship_lifted_on",
        ]

    def clean_id_number(self):
        return normalize_id_number(self.cleaned_data["id_number"])


class RightsCaseForm(TownshipModelForm):
    class Meta:
        model = RightsCase
        exclude = ["township"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}


class AssistanceRecordForm(TownshipModelForm):
    """The recipient member is named by 身份证号: a township has thousands of members, too many
    for a drop-down list."""

    member_id_number = forms.CharField(
        label=_("受助会员身份证号"), max_length=18, required=False,
        help_text=_("受助人是会员时填写，否则填写受助人姓名。"),
    )

    class Meta:
        model = AssistanceRecord
        fields = ["category", "given_on", "member_id_number", "recipient_name", "people", "amount", "funds_source", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.member_id:
            self.initial["member_id_number"] = self.instance.member.id_number

    def clean_member_id_number(self):
        number = normalize_id_number(self.cleaned_data["member_id_number"])
        if not number:
            self.instance.member = None
            return ""
        member = Member.objects.filter(township=self.township, id_number=number).first()
        if member is None:
            raise forms.ValidationError(_("本乡镇会员中没有这个身份证号，请核对，或改为填写受助人姓名。"))
        self.instance.member = member
        return number


class ActivityForm(TownshipModelForm):
    class Meta:
        model = Activity
        exclude = ["township"]
        widgets = {"outcome": forms.Textarea(attrs={"rows": 3})}


class HonourForm(TownshipModelForm):
    class Meta:
        model = Honour
        exclude = ["township"]
