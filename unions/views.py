"""Pages of the township's data. Access is decided in liuhao.access; these views only ask it."""
import datetime
import functools
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import Count, ProtectedError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _, gettext_lazy
from django.views.generic import DeleteView, DetailView, ListView, TemplateView, UpdateView
from django.views.generic.edit import CreateView
from django_filters.views import FilterView

from liuhao.access import (
    can_edit_township,
    can_see_full_id_numbers,
    township_for_user_or_404,
    user_role,
    visible_townships,
)
from liuhao.pagination import IdsFirstPaginator

from .entities import ENTITIES, Entity
from .figures import format_people, format_yuan
from .forms import TownshipProfileForm, TownshipUnionForm
from .models import Township, TownshipUnion, UserRole
from .selectors import cached_township_figures, default_report_year
from .spreadsheets import SHEETS
from .validators import mask_id_number


@login_required
def home(request):
    """Staff land on their township's dashboard; county users and site admins on the township list."""
    role = user_role(request.user)
    if role is not None and role.role == UserRole.Role.TOWNSHIP_STAFF:
        return redirect("unions:dashboard", township_id=role.township_id)
    if role is not None or request.user.is_superuser:
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
        ("reports:report", _("汇报材料"), "file-earmark-text", ("report", "section_edit")),
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


def _year_choices() -> list[int]:
    this_year = timezone.localdate().year
    return list(range(this_year, this_year - 6, -1))


class DashboardView(TownshipScopedMixin, TemplateView):
    template_name = "unions/dashboard.html"

    def get_context_data(self, **kwargs):
        year = self._chosen_year()
        figures = cached_township_figures(self.township, year)
        return super().get_context_data(
            figures=figures, headline=_headline(figures), year=year, year_choices=_year_choices(), **kwargs
        )

    def _chosen_year(self) -> int:
        try:
            year = int(self.request.GET["year"])
        except (KeyError, ValueError):
            return default_report_year(self.township)
        return year if year in _year_choices() else default_report_year(self.township)


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


class TownshipProfileView(TownshipScopedMixin, TemplateView):
    template_name = "unions/profile.html"

    def get_context_data(self, **kwargs):
        union = TownshipUnion.objects.filter(township=self.township).first()
        return super().get_context_data(
            union=union,
            township_rows=_field_rows(self.township, TownshipProfileForm._meta.fields),
            union_rows=_field_rows(union, _editable_fields(TownshipUnion)) if union else [],
            **kwargs,
        )


class ProfilePartUpdateView(TownshipScopedMixin, UpdateView):
    """An edit page of the profile page (the township's facts, its union's 六有); back to the profile."""

    edits = True
    template_name = "unions/simple_form.html"
    title = ""
    saved_message = ""

    def form_valid(self, form):
        messages.success(self.request, self.saved_message)
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("unions:profile", kwargs={"township_id": self.township.pk})

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, **kwargs)


class TownshipProfileUpdateView(ProfilePartUpdateView):
    form_class = TownshipProfileForm
    title = gettext_lazy("编辑乡镇基本情况")
    saved_message = gettext_lazy("乡镇基本情况已保存。")

    def get_object(self, queryset=None):
        return self.township


class TownshipUnionUpdateView(ProfilePartUpdateView):
    """Edits the township union's 六有 facts; the first save creates the record."""

    form_class = TownshipUnionForm
    title = gettext_lazy("编辑乡镇工会“六有”情况")
    saved_message = gettext_lazy("乡镇工会“六有”情况已保存。")

    def get_object(self, queryset=None):
        return TownshipUnion.objects.filter(township=self.township).first() or TownshipUnion(
            township=self.township, name=_("%(township)s工会") % {"township": self.township.name}
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "township": self.township}


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
        return {**super().get_filterset_kwargs(filterset_class), "township": self.township}

    def get_filterset_class(self):
        return self.entity.filterset_class

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        columns = [column.attr for column in self.entity.columns]
        context["rows"] = [
            (obj, self.entity_url("detail", pk=obj.pk), [display_value(obj, attr) for attr in columns])
            for obj in context["object_list"]
        ]
        context["column_labels"] = self.entity.column_labels()
        context["create_url"] = self.entity_url("create")
        if self.entity.key in SHEETS:
            context["export_url"] = self.entity_url("export")
            context["import_url"] = self.entity_url("import")
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_without_page"] = query.urlencode()
        context["is_filtered"] = any(value for key, value in self.request.GET.items() if key != "page")
        return context


class EntityDetailView(EntityMixin, DetailView):
    template_name = "unions/entity_detail.html"

    def get_context_data(self, **kwargs):
        obj = self.object
        show_full_ids = can_see_full_id_numbers(self.request.user, self.township)
        return super().get_context_data(
            rows=_field_rows(obj, _editable_fields(self.entity.model), show_full_ids=show_full_ids),
            update_url=self.entity_url("update", pk=obj.pk),
            delete_url=self.entity_url("delete", pk=obj.pk),
            **kwargs,
        )


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


class EntityUpdateView(EntityFormMixin, UpdateView):
    pass


class EntityDeleteView(EntityMixin, DeleteView):
    edits = True
    template_name = "unions/entity_confirm_delete.html"

    def form_valid(self, form):
        name = str(self.object)
        try:
            self.object.delete()
        except ProtectedError:
            messages.error(self.request, _("“%(object)s”仍有关联记录（如会员），请先处理关联记录再删除。") % {"object": name})
            return redirect(self.entity_url("detail", pk=self.object.pk))
        messages.success(self.request, _("%(name)s“%(object)s”已删除。") % {"name": self.entity.verbose_name, "object": name})
        return redirect(self.entity_url("list"))
