"""The township's record types as the generic list/detail/create/edit/delete pages see them.

One `Entity` per record type says which model, form, filters and list columns it has, so the
pages themselves are written once (unions/views.py) and configured here.
"""
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import filters, forms
from .models import Activity, AnnualFunding, AssistanceRecord, GrassrootsUnion, GrassrootsUnionYear, Honour, Member, RightsCase


@dataclass(frozen=True)
class Column:
    attr: str
    label: str = ""  # empty: the model field's verbose_name


@dataclass(frozen=True)
class Entity:
    key: str  # URL names: <key>_list, <key>_create, <key>_detail, <key>_update, <key>_delete
    path: str  # URL segment under /townships/<id>/
    model: type[models.Model]
    form_class: type
    filterset_class: type
    columns: tuple[Column, ...]
    # prefetch, not select: a join would make the database sort every row before it can page
    prefetch_related: tuple[str, ...] = ()
    icon: str = "list"
    # A record type with figures per year: the list shows the chosen year's (`years` related rows).
    year_model: type[models.Model] | None = None
    year_columns: tuple[Column, ...] = ()
    # On a phone the list is a card per record: its title and two or three key fields, attrs of
    # `columns` or `year_columns`; empty: the first column and the next three.
    card: tuple[str, ...] = ()

    @property
    def verbose_name(self):
        return self.model._meta.verbose_name

    @property
    def verbose_name_plural(self):
        return self.model._meta.verbose_name_plural

    def queryset(self, township):
        return self.model.objects.filter(township=township).prefetch_related(*self.prefetch_related)

    def card_attrs(self) -> tuple[str, ...]:
        return self.card or tuple(column.attr for column in (self.columns + self.year_columns)[:4])

    def column_labels(self) -> list[str]:
        return [column.label or self.model._meta.get_field(column.attr).verbose_name for column in self.columns] + [
            column.label or self.year_model._meta.get_field(column.attr).verbose_name for column in self.year_columns]


GRASSROOTS_UNION = Entity(
    key="grassroots_union", path="unions", model=GrassrootsUnion, form_class=forms.GrassrootsUnionForm,
    filterset_class=filters.GrassrootsUnionFilter, icon="diagram-3",
    columns=(Column("name"), Column("kind")),
    card=("name", "kind", "employee_count", "last_election_on"),
    year_model=GrassrootsUnionYear,
    year_columns=(
        Column("employee_count"), Column("women_count"), Column("migrant_count"), Column("legal_person"),
        Column("has_workers_home"), Column("last_election_on"),
    ),
)
MEMBER = Entity(
    key="member", path="members", model=Member, form_class=forms.MemberForm, filterset_class=filters.MemberFilter,
    prefetch_related=("union",), icon="people",
    columns=(
        Column("name"), Column("gender"), Column("masked_id_number", _("居民身份证号")), Column("union"),
        Column("joined_on"), Column("left_on"), Column("is_migrant_worker"), Column("hardship_reason"),
    ),
    card=("name", "union", "masked_id_number", "joined_on"),
)
RIGHTS_CASE = Entity(
    key="rights_case", path="cases", model=RightsCase, form_class=forms.RightsCaseForm,
    filterset_class=filters.RightsCaseFilter, icon="shield-check",
    columns=(
        Column("received_on"), Column("case_type"), Column("source"), Column("parties"), Column("workers_involved"),
        Column("amount_claimed"), Column("amount_recovered"), Column("status"),
    ),
    card=("parties", "received_on", "case_type", "status"),
)
ASSISTANCE_RECORD = Entity(
    key="assistance_record", path="assistance", model=AssistanceRecord, form_class=forms.AssistanceRecordForm,
    filterset_class=filters.AssistanceRecordFilter, prefetch_related=("member",), icon="heart",
    columns=(
        Column("given_on"), Column("category"), Column("recipient_display", _("受助人")), Column("people"),
        Column("amount"), Column("funds_source"),
    ),
    card=("recipient_display", "given_on", "category", "amount"),
)
ACTIVITY = Entity(
    key="activity", path="activities", model=Activity, form_class=forms.ActivityForm,
    filterset_class=filters.ActivityFilter, icon="calendar-event",
    columns=(Column("held_on"), Column("kind"), Column("title"), Column("participants"), Column("jobs_placed")),
    card=("title", "held_on", "kind", "participants"),
)
HONOUR = Entity(
    key="honour", path="honours", model=Honour, form_class=forms.HonourForm, filterset_class=filters.HonourFilter,
    icon="award", columns=(Column("year"), Column("title"), Column("level"), Column("awarded_by")),
    card=("title", "year", "level", "awarded_by"),
)
ANNUAL_FUNDING = Entity(
    key="annual_funding", path="funding", model=AnnualFunding, form_class=forms.AnnualFundingForm,
    filterset_class=filters.AnnualFundingFilter, icon="cash-coin",
    columns=(Column("year"), Column("source"), Column("amount"), Column("audited"), Column("note")),
)

ENTITIES = (GRASSROOTS_UNION, MEMBER, RIGHTS_CASE, ASSISTANCE_RECORD, ACTIVITY, HONOUR, ANNUAL_FUNDING)
