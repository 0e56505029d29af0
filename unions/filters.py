"""Search and filters of the township's lists (django-filter)."""
import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .forms import phone_friendly
from .selectors import existing_in, year_choices
from .models import Activity, AnnualFunding, AssistanceRecord, GrassrootsUnion, Honour, Member, RightsCase


class TownshipFilterSet(django_filters.FilterSet):
    """A filter set whose search box matches `search_fields` and whose union choices are the
    township's own."""

    search_fields: tuple[str, ...] = ()
    q = django_filters.CharFilter(label=_("搜索"), method="search")

    def __init__(self, *args, township, **kwargs):
        super().__init__(*args, **kwargs)
        # The search box first; every drop-down starts at "全部" rather than "---------" or "未知".
        self.filters = {"q": self.filters.pop("q"), **self.filters}
        for list_filter in self.filters.values():
            if isinstance(list_filter, django_filters.BooleanFilter):
                list_filter.extra["widget"] = forms.Select(choices=[("", _("全部")), ("true", _("是")), ("false", _("否"))])
            elif isinstance(list_filter, (django_filters.ChoiceFilter, django_filters.ModelChoiceFilter)):
                list_filter.extra["empty_label"] = _("全部")
        if "union" in self.filters:
            self.filters["union"].queryset = GrassrootsUnion.objects.filter(township=township)
        self.limit_choices(township)
        # Rendered as plain Bootstrap controls: crispy's per-field templates cost more than the list itself.
        for name, field in self.form.fields.items():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select form-select-sm" if is_select else "form-control form-control-sm"
            phone_friendly(name, field)
        search = self.form.fields["q"].widget
        search.input_type = "search"
        search.attrs.update(enterkeyhint="search", autocomplete="off")

    def limit_choices(self, township) -> None:
        """Choices that depend on the township, set before the form is built."""

    def search(self, queryset, name, value):
        words = value.split()
        for word in words:
            condition = Q()
            for field in self.search_fields:
                condition |= Q(**{f"{field}__contains": word})
            queryset = queryset.filter(condition)
        return queryset


def year_filter(date_field: str):
    return django_filters.NumberFilter(field_name=date_field, lookup_expr="year", label=_("年度"))


class GrassrootsUnionFilter(TownshipFilterSet):
    """The unions of one year (those founded by its end and not dissolved by then)."""

    search_fields = ("name", "employer")
    year = django_filters.ChoiceFilter(label=_("年度"), method="existing_in_year")

    class Meta:
        model = GrassrootsUnion
        fields = ["year", "kind"]

    def limit_choices(self, township) -> None:
        self.filters["year"].extra.update(choices=[(year, str(year)) for year in year_choices(township)], empty_label=None)

    def existing_in_year(self, queryset, name, value):
        return queryset.filter(existing_in(int(value)))


class MemberFilter(TownshipFilterSet):
    search_fields = ("name", "phone")
    id_number = django_filters.CharFilter(label=_("身份证号"), method="by_id_number")
    union = django_filters.ModelChoiceFilter(queryset=GrassrootsUnion.objects.none(), label=_("所属基层工会"))
    hardship = django_filters.BooleanFilter(label=_("困难职工建档"), method="by_hardship")

    class Meta:
        model = Member
        fields = ["union", "gender", "is_migrant_worker"]

    def by_hardship(self, queryset, name, value):
        return queryset.exclude(hardship_reason="") if value else queryset.filter(hardship_reason="")

    def by_id_number(self, queryset, name, value):
        # Exact match only: a partial search would let anyone probe the register digit by digit.
        return queryset.filter(id_number=value.strip().upper())


class RightsCaseFilter(TownshipFilterSet):
    search_fields = ("parties", "handler", "summary")
    year = year_filter("received_on")

    class Meta:
        model = RightsCase
        fields = ["case_type", "status", "source"]


class AssistanceRecordFilter(TownshipFilterSet):
    search_fields = ("recipient_name", "member__name", "note")
    year = year_filter("given_on")

    class Meta:
        model = AssistanceRecord
        fields = ["category", "funds_source"]


class ActivityFilter(TownshipFilterSet):
    search_fields = ("title", "outcome")
    year = year_filter("held_on")

    class Meta:
        model = Activity
        fields = ["kind"]


class HonourFilter(TownshipFilterSet):
    search_fields = ("title", "awarded_by")

    class Meta:
        model = Honour
        fields = ["level", "year"]


class AnnualFundingFilter(TownshipFilterSet):
    search_fields = ("note",)

    class Meta:
        model = AnnualFunding
        fields = ["year", "source"]
