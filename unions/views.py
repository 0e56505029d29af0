"""Pages of the township's data. Access is decided in unions.access; these views only ask it."""
import datetime
import functools
from collections import Counter
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import NestedObjects
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import router, transaction
from django.db.models import Count, Prefetch, ProtectedError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _, gettext_lazy
from django.views import View
from django.views.generic import DeleteView, DetailView, ListView, TemplateView, UpdateView
from django.views.generic.edit import CreateView
from django_filters.views import FilterView

from core.history import events as history_events
from core.pagination import IdsFirstPaginator

from .access import (
    can_edit_township,
    can_see_full_id_numbers,
    township_for_user_or_404,
    user_role,
    visible_townships,
)
from .comparison import against_county, county_medians, own_rates
from .entities import ENTITIES, Entity
from .figures import format_people, format_yuan
from .forms import (
    TOWNSHIP_FACTS,
    UNION_FACTS,
    GrassrootsUnionYearForm,
    TownshipFactsForm,
    TownshipProfileForm,
    TownshipUnionForm,
    UnionFactsForm,
)
from .models import GrassrootsUnion, GrassrootsUnionYear, Township, TownshipUnion, TownshipYear, UserRole
from .selectors import cached_township_figures, chosen_year, existing_in, year_choices
from .services import YearError, confirm_year, start_year
from .spreadsheets import SHEETS
from .validators import mask_id_number


@login_required
def home(request):
    """Staff land on their township's dashboard; county users on their county's desk (县总工会工作台);
    site admins on the township list."""
    role = user_role(request.user)
    if role is not None and role.role == UserRole.Role.TOWNSHIP_STAFF:
        return redirect("unions:dashboard", township_id=role.township_id)
    if role is not None:
        return redirect("counties:overview", county_id=role.county_id)
    if request.user.is_superuser:
        return redirect("unions:township_list")
    return render(request, "unions/no_role.html", status=403)


@login_required
def ping(request):
    """The smallest logged-in page: monitoring, and the ceiling of the load benchmark."""
    return HttpResponse("ok", content_type="text/plain")


class TownshipScopedMixin(LoginRequiredMixin):
    """Resolves `self.township` from the URL through the access helper: 404 outside the user's scope."""

    edits = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.township = township_for_user_or_404(request.user, kwargs["township_id"])
        self.can_edit = can_edit_township(request.user, self.township)
        if self.edits and not self.can_edit:
            raise PermissionDenied(_("只有本乡镇工会工作人员可以修改这些数据。"))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("township", self.township)
        kwargs.setdefault("can_edit", self.can_edit)
        kwargs.setdefault("township_nav", township_nav(self.township, self.request.resolver_match.url_name))
        return super().get_context_data(**kwargs)


def township_nav(township: Township, current_url_name: str) -> list[dict]:
    """The township's menu: dashboard, profile, then one entry per record type."""
    items = [
        ("dashboard", _("工作台"), "speedometer2", ("dashboard",)),
        ("profile", _("基本情况与六有"), "building", ("profile", "profile_edit", "union_edit")),
        ("reports:report", _("汇报材料"), "file-earmark-text", ("report", "section_edit", "settings")),
        ("reviews:township_applications", _("申报"), "send-check", ("township_applications",)),
    ]
    items += [
        (f"{entity.key}_list", entity.verbose_name_plural, entity.icon, (entity.key,)) for entity in ENTITIES
    ]
    return [
        {
            "label": label, "icon": icon,
            "active": any(current_url_name == name or current_url_name.startswith(f"{name}_") for name in url_names),
            "url": reverse(url_name if ":" in url_name else f"unions:{url_name}", kwargs={"township_id": township.pk}),
        }
        for url_name, label, icon, url_names in items
    ]


class TownshipListView(LoginRequiredMixin, ListView):
    template_name = "unions/township_list.html"
    context_object_name = "townships"
    paginate_by = settings.LIST_PAGE_SIZE

    def get_queryset(self):
        return visible_townships(self.request.user).annotate(unions_total=Count("grassroots_unions")).order_by(
            "county__name", "name"
        )


class YearMixin:
    """The year a page shows: `?year=` when the picker offers it, else the usual report year."""

    @functools.cached_property
    def year_choices(self) -> list[int]:
        return year_choices(self.township)

    @functools.cached_property
    def year(self) -> int:
        return chosen_year(self.township, self.request.GET.get("year"))

    def get_context_data(self, **kwargs):
        kwargs.setdefault("year", self.year)
        kwargs.setdefault("year_choices", self.year_choices)
        return super().get_context_data(**kwargs)


class DashboardView(YearMixin, TownshipScopedMixin, TemplateView):
    template_name = "unions/dashboard.html"

    def get_context_data(self, **kwargs):
        figures = cached_township_figures(self.township, self.year)
        # where the township stands against its county's median; no other township is named
        medians = county_medians(self.township.county_id, self.year)
        comparison = against_county(own_rates(figures), medians)
        # a township with nothing comparable yet (a new one) gets a sentence, not six lines of 无法比较
        return super().get_context_data(figures=figures, headline=_headline(figures), county_medians=medians,
                                        comparison=comparison, comparison_possible=any(line.standing for line in comparison),
                                        **kwargs)


def _headline(figures) -> list[tuple[str, str, str]]:
    org, rights = figures.organisation, figures.rights
    return [
        (_("基层工会组建率"), str(org.formation_rate),
         _("覆盖%(covered)s家 / 应建%(eligible)s家") % {"covered": org.employers_covered, "eligible": org.eligible_employers}),
        (_("职工入会率"), str(org.membership_rate), _("会员%(people)s") % {"people": format_people(org.members_active)}),
        (_("集体合同覆盖率"), str(org.collective_contract_rate),
         _("有效合同%(valid)s份") % {"valid": org.contracts_valid}),
        (_("维权案件办结率"), str(rights.conclusion_rate),
         _("受理%(received)s件，挽回%(amount)s") % {"received": rights.received, "amount": format_yuan(rights.amount_recovered)}),
    ]


def profile_url(township: Township, year: int) -> str:
    return reverse("unions:profile", kwargs={"township_id": township.pk}) + f"?year={year}"


class TownshipProfileView(YearMixin, TownshipScopedMixin, TemplateView):
    """基本情况与六有: the township and its union, and the facts of the chosen year with their record."""

    template_name = "unions/profile.html"

    def get_context_data(self, **kwargs):
        year = self.year
        union = TownshipUnion.objects.filter(township=self.township).first()
        facts = TownshipYear.objects.filter(township=self.township, year=year).first()
        earlier = TownshipYear.objects.filter(township=self.township, year__lt=year).order_by("-year").values_list(
            "year", flat=True).first()
        return super().get_context_data(
            union=union,
            facts=facts,
            copy_from=earlier,
            township_rows=_field_rows(self.township, TownshipProfileForm._meta.fields),
            union_rows=_field_rows(union, TownshipUnionForm._meta.fields) if union else [],
            township_fact_rows=_field_rows(facts, TOWNSHIP_FACTS) if facts else [],
            union_fact_rows=_field_rows(facts, UNION_FACTS) if facts else [],
            unions_without_figures=_unions_without_figures(self.township, year) if facts else [],
            events=year_history(self.township, year),
            **kwargs,
        )


def _unions_without_figures(township: Township, year: int) -> list[GrassrootsUnion]:
    return list(GrassrootsUnion.objects.filter(township=township).filter(existing_in(year))
                .exclude(years__year=year).order_by("kind", "name")[:50])


def year_history(township: Township, year: int, limit: int = 100) -> list:
    """The record of a year's facts: every change of the township's facts and of the unions' figures."""
    found = history_events(
        TownshipYear.history.filter(township=township, year=year).select_related("history_user")[:limit],
        lambda record: _("%(year)s年度镇情与六有") % {"year": year})
    found += history_events(
        GrassrootsUnionYear.history.filter(township=township, year=year).select_related("history_user", "union")[:limit],
        lambda record: _("%(union)s %(year)s年度数据") % {"union": record.union, "year": year})
    found.sort(key=lambda event: event.when, reverse=True)
    return found[:limit]


class ProfilePartUpdateView(TownshipScopedMixin, UpdateView):
    """An edit page of the profile page (the township, its union, a year's facts); back to the profile."""

    edits = True
    template_name = "unions/simple_form.html"
    title = ""
    saved_message = ""
    year = None

    def form_valid(self, form):
        messages.success(self.request, self.saved_message)
        return super().form_valid(form)

    def get_success_url(self):
        return profile_url(self.township, self.year) if self.year else reverse(
            "unions:profile", kwargs={"township_id": self.township.pk})

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, cancel_url=self.get_success_url(), **kwargs)


class TownshipProfileUpdateView(ProfilePartUpdateView):
    form_class = TownshipProfileForm
    title = gettext_lazy("编辑乡镇基本情况")
    saved_message = gettext_lazy("乡镇基本情况已保存。")

    def get_object(self, queryset=None):
        return self.township


class TownshipUnionUpdateView(ProfilePartUpdateView):
    """Edits the township union's name and form; the first save creates the record."""

    form_class = TownshipUnionForm
    title = gettext_lazy("编辑乡镇工会名称")
    saved_message = gettext_lazy("乡镇工会名称已保存。")

    def get_object(self, queryset=None):
        return TownshipUnion.objects.filter(township=self.township).first() or TownshipUnion(
            township=self.township, name=_("%(township)s工会") % {"township": self.township.name}
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "township": self.township}


class YearFactsUpdateView(ProfilePartUpdateView):
    """Edits one part of a year's facts. The year must have been started: looking creates nothing."""

    def dispatch(self, request, *args, **kwargs):
        self.year = kwargs["year"]
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        facts = TownshipYear.objects.filter(township=self.township, year=self.year).first()
        if facts is None:
            raise Http404("No facts for that year")
        return facts

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "township": self.township}

    def get_context_data(self, **kwargs):
        return super().get_context_data(year_note=self.object.carried_forward, **kwargs)


class TownshipFactsUpdateView(YearFactsUpdateView):
    form_class = TownshipFactsForm
    saved_message = gettext_lazy("镇情已保存。")

    @property
    def title(self):
        return _("编辑%(year)s年度镇情") % {"year": self.year}


class UnionFactsUpdateView(YearFactsUpdateView):
    form_class = UnionFactsForm
    saved_message = gettext_lazy("乡镇工会“六有”情况已保存。")

    @property
    def title(self):
        return _("编辑%(year)s年度乡镇工会“六有”情况") % {"year": self.year}


class YearActionView(TownshipScopedMixin, View):
    """Starting a year (a copy of the last one) or confirming a copied year: POST only."""

    edits = True
    http_method_names = ["post"]
    action = ""  # "start" or "confirm", set through as_view()

    def post(self, request, *args, **kwargs):
        year = kwargs["year"]
        try:
            if self.action == "start":
                facts = start_year(township=self.township, year=year, user=request.user)
                messages.success(request, _("已开始%(year)s年度数据，内容复制自上一年度，请逐项核对后确认。") % {"year": year}
                                 if facts.carried_forward else _("已开始%(year)s年度数据，请填写。") % {"year": year})
            else:
                confirm_year(township=self.township, year=year, user=request.user)
                messages.success(request, _("%(year)s年度数据已确认。") % {"year": year})
        except YearError as error:
            messages.error(request, str(error))
        back = request.POST.get("next", "")
        if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
            return redirect(back)
        return redirect(profile_url(self.township, year))


# --- the generic pages of every record type (configured in unions/entities.py) -------------------


@functools.lru_cache(maxsize=256)
def _choice_labels(field, language: str) -> dict:
    """A choice field's labels in one language, translated once: `get_FOO_display` translates
    every label of the field on every call (6 000 translations for a page of 50 members)."""
    return {value: str(label) for value, label in field.flatchoices}


def display_value(obj, attr: str, *, show_full_ids: bool = False) -> str:
    """A field's value as a page shows it: choice labels, 是/否, masked ID numbers, "—" for blanks."""
    try:
        field = obj._meta.get_field(attr)
    except FieldDoesNotExist:
        field = None
    if field is not None and field.choices:
        raw = getattr(obj, attr)
        value = _choice_labels(field, translation.get_language()).get(raw, raw)
    else:
        value = getattr(obj, attr)
    if attr == "id_number" and not show_full_ids:
        value = mask_id_number(value)
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if attr == "year":  # 2024, never 2,024
        return str(value)
    if isinstance(value, (int, Decimal)):
        return f"{value:,}"
    return str(value)


def _editable_fields(model) -> list[str]:
    return [f.name for f in model._meta.get_fields() if f.concrete and f.editable and not f.primary_key and f.name != "township"]


def _field_rows(obj, field_names, *, show_full_ids=False) -> list[tuple[str, str]]:
    return [
        (obj._meta.get_field(name).verbose_name, display_value(obj, name, show_full_ids=show_full_ids))
        for name in field_names
    ]


class EntityMixin(TownshipScopedMixin):
    entity: Entity = None  # set through as_view(entity=...)

    def get_queryset(self):
        return self.entity.queryset(self.township)

    def entity_url(self, action: str, **kwargs) -> str:
        return reverse(f"unions:{self.entity.key}_{action}", kwargs={"township_id": self.township.pk, **kwargs})

    def get_context_data(self, **kwargs):
        return super().get_context_data(entity=self.entity, list_url=self.entity_url("list"), **kwargs)


class EntityListView(EntityMixin, FilterView):
    template_name = "unions/entity_list.html"
    paginate_by = settings.LIST_PAGE_SIZE
    paginator_class = IdsFirstPaginator

    def get_filterset_kwargs(self, filterset_class):
        kwargs = {**super().get_filterset_kwargs(filterset_class), "township": self.township}
        if self.entity.year_model is not None:
            data = kwargs["data"].copy() if kwargs["data"] is not None else QueryDict(mutable=True)
            data["year"] = str(self.list_year)
            kwargs["data"] = data
        return kwargs

    @functools.cached_property
    def list_year(self) -> int:
        """A list of yearly figures always shows one year: the chosen one, else the usual report year."""
        return chosen_year(self.township, self.request.GET.get("year"))

    def get_filterset_class(self):
        return self.entity.filterset_class

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.entity.year_model is not None:
            queryset = queryset.prefetch_related(Prefetch(
                "years", queryset=self.entity.year_model.objects.filter(year=self.list_year), to_attr="figures_of_year"))
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        columns = [column.attr for column in self.entity.columns]
        year_columns = [column.attr for column in self.entity.year_columns]
        context["rows"] = [
            (obj, self.entity_url("detail", pk=obj.pk),
             [display_value(obj, attr) for attr in columns] + _year_cells(obj, year_columns))
            for obj in context["object_list"]
        ]
        if self.entity.year_model is not None:
            context["year"] = self.list_year
        context["column_labels"] = self.entity.column_labels()
        context["cards"] = self._cards(context["rows"], context["column_labels"])
        context["create_url"] = self.entity_url("create")
        if self.entity.key in SHEETS:
            context["export_url"] = self.entity_url("export")
            context["import_url"] = self.entity_url("import")
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_without_page"] = query.urlencode()
        context["is_filtered"] = any(value for key, value in self.request.GET.items() if key not in ("page", "year"))
        # the filters folded behind the 筛选条件 button on a phone that are in effect (the search box shows itself)
        context["active_filters"] = sum(1 for name in context["filter"].form.fields
                                        if name != "q" and self.request.GET.get(name))
        return context

    def _cards(self, rows, labels) -> list[dict]:
        """The rows as a phone shows them: a title, the entity's key fields and the edit link."""
        attrs = [column.attr for column in self.entity.columns + self.entity.year_columns]
        title, *fields = [attrs.index(attr) for attr in self.entity.card_attrs()]
        return [
            {"title": cells[title], "url": url, "update_url": self.entity_url("update", pk=obj.pk),
             "fields": [(labels[index], cells[index]) for index in fields]}
            for obj, url, cells in rows
        ]


def deletion_effects(obj) -> dict:
    """What deleting `obj` takes with it ("年度数据 5条") and what stops it ("会员 18条"), counted
    the way the delete will go: the confirmation says what will be lost before anything is."""
    collector = NestedObjects(using=router.db_for_write(type(obj)))
    collector.collect([obj])
    also = Counter()
    for model, objects in collector.model_objs.items():
        also[str(model._meta.verbose_name_plural)] += len(objects) - (1 if model is type(obj) else 0)
    blocked = Counter(str(type(item)._meta.verbose_name_plural) for item in collector.protected)
    return {"also_deleted": [(name, n) for name, n in also.items() if n], "blocked_by": sorted(blocked.items())}


def _year_cells(obj, attrs: list[str]) -> list[str]:
    if not attrs:
        return []
    rows = getattr(obj, "figures_of_year", [])
    if not rows:
        return [_("无数据")] * len(attrs)
    return [display_value(rows[0], attr) for attr in attrs]


class EntityDetailView(EntityMixin, DetailView):
    template_name = "unions/entity_detail.html"

    def get_context_data(self, **kwargs):
        obj = self.object
        show_full_ids = can_see_full_id_numbers(self.request.user, self.township)
        if self.entity.year_model is not None:
            kwargs.update(self._years(obj))
        return super().get_context_data(
            rows=_field_rows(obj, _editable_fields(self.entity.model), show_full_ids=show_full_ids),
            update_url=self.entity_url("update", pk=obj.pk),
            delete_url=self.entity_url("delete", pk=obj.pk),
            **kwargs,
        )

    def _years(self, union: GrassrootsUnion) -> dict:
        """The union's figures year by year: every year it has figures for, and every year the
        picker offers in which it exists but has none yet (to be filled in)."""
        recorded = {row.year: row for row in union.years.all()}
        years = sorted(set(recorded) | {year for year in year_choices(self.township) if union.exists_in(year)}, reverse=True)
        attrs = [column.attr for column in self.entity.year_columns]
        labels = [column.label or GrassrootsUnionYear._meta.get_field(column.attr).verbose_name
                  for column in self.entity.year_columns]
        return {
            "year_labels": labels,
            "year_rows": [
                (year, [display_value(recorded[year], attr) for attr in attrs] if year in recorded else None,
                 self.entity_url("year", pk=union.pk, year=year))
                for year in years
            ],
            "events": union_history(union),
        }


def union_history(union: GrassrootsUnion, limit: int = 100) -> list:
    found = history_events(GrassrootsUnion.history.filter(id=union.pk).select_related("history_user")[:limit],
                           lambda record: _("基本信息"))
    found += history_events(
        GrassrootsUnionYear.history.filter(union_id=union.pk).select_related("history_user")[:limit],
        lambda record: _("%(year)s年度数据") % {"year": record.year})
    found.sort(key=lambda event: event.when, reverse=True)
    return found[:limit]


class EntityFormMixin(EntityMixin):
    edits = True
    template_name = "unions/entity_form.html"

    def get_form_class(self):
        return self.entity.form_class

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "township": self.township}

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("%(name)s“%(object)s”已保存。") % {
            "name": self.entity.verbose_name, "object": self.object,
        })
        return response

    def get_success_url(self):
        return self.entity_url("detail", pk=self.object.pk)


class EntityCreateView(EntityFormMixin, CreateView):
    pass


class GrassrootsUnionCreateView(EntityCreateView):
    """A new union together with its figures of the year the list showed, so that it counts at once."""

    @functools.cached_property
    def year(self) -> int:
        return chosen_year(self.township, self.request.POST.get("year") or self.request.GET.get("year"))

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        self.figures_form = GrassrootsUnionYearForm(
            self.request.POST or None, prefix="figures", township=self.township,
            instance=GrassrootsUnionYear(township=self.township, union=form.instance, year=self.year),
        )
        return form

    def post(self, request, *args, **kwargs):
        self.object = None
        form = self.get_form()
        # Both forms are checked, so that every mistake shows at once.
        if form.is_valid() & self.figures_form.is_valid():
            with transaction.atomic():
                response = self.form_valid(form)
                self.figures_form.instance.union = self.object
                self.figures_form.save()
            return response
        return self.form_invalid(form)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.get_form())  # builds figures_form too
        return super().get_context_data(figures_form=self.figures_form, year=self.year, **kwargs)


class GrassrootsUnionYearView(EntityMixin, UpdateView):
    """One union's figures of one year: shown as a form; saved (created the first time) on submit."""

    edits = True
    template_name = "unions/union_year_form.html"
    form_class = GrassrootsUnionYearForm

    def get_object(self, queryset=None):
        self.union = get_object_or_404(GrassrootsUnion, township=self.township, pk=self.kwargs["pk"])
        year = self.kwargs["year"]
        row = GrassrootsUnionYear.objects.filter(union=self.union, year=year).first()
        if row is None:
            if year not in year_choices(self.township) or not self.union.exists_in(year):
                raise Http404("The union does not exist in that year")
            row = GrassrootsUnionYear(township=self.township, union=self.union, year=year)
        return row

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "township": self.township}

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("%(union)s %(year)s年度数据已保存。") % {"union": self.union, "year": self.object.year})
        return response

    def get_success_url(self):
        return self.entity_url("detail", pk=self.union.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(union=self.union, year=self.kwargs["year"],
                                        detail_url=self.entity_url("detail", pk=self.union.pk), **kwargs)


class EntityUpdateView(EntityFormMixin, UpdateView):
    pass


class EntityDeleteView(EntityMixin, DeleteView):
    edits = True
    template_name = "unions/entity_confirm_delete.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**deletion_effects(self.object), **kwargs)

    def form_valid(self, form):
        name = str(self.object)
        try:
            self.object.delete()
        except ProtectedError:
            messages.error(self.request, _("“%(object)s”仍有关联记录（如会员），请先处理关联记录再删除。") % {"object": name})
            return redirect(self.entity_url("detail", pk=self.object.pk))
        messages.success(self.request, _("%(name)s“%(object)s”已删除。") % {"name": self.entity.verbose_name, "object": name})
        return redirect(self.entity_url("list"))
