"""Counties edit their rubrics on the rubric pages (reviews/rubric_views.py); here the site admin
sees them, and may change one only while the pages would allow it: a shared or locked rubric
(reviews/rubrics.py) is read-only here too. Rounds and applications are kept through the pages,
and their history (simple_history) is browsable here as well."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Application, Assignment, BonusItem, Dimension, Grade, Indicator, Review, Round, Rubric, VetoItem
from .rubrics import edit_refusal


def _rubric_of(obj) -> Rubric | None:
    return obj if isinstance(obj, Rubric) else getattr(obj, "rubric", None)


class LockedRubricPermissions:
    """Read-only once the rubric (the page's object, or the rubric of its dimension) is shared or locked."""

    def _refused(self, obj) -> bool:
        rubric = _rubric_of(obj)
        return rubric is not None and rubric.pk is not None and bool(edit_refusal(rubric))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._refused(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._refused(obj)


class LockedRubricInline(LockedRubricPermissions, admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self._refused(obj)


class GradeInline(LockedRubricInline):
    model = Grade


class DimensionInline(LockedRubricInline):
    model = Dimension
    show_change_link = True


class VetoItemInline(LockedRubricInline):
    model = VetoItem


class BonusItemInline(LockedRubricInline):
    model = BonusItem


@admin.register(Rubric)
class RubricAdmin(LockedRubricPermissions, SimpleHistoryAdmin):
    list_display = ["name", "county", "total_points", "state"]
    list_filter = ["county"]
    inlines = [DimensionInline, GradeInline, VetoItemInline, BonusItemInline]

    @admin.display(description=_("状态"))
    def state(self, rubric: Rubric) -> str:
        return edit_refusal(rubric) or _("可修改")


class IndicatorInline(LockedRubricInline):
    model = Indicator
    fields = ["position", "code", "text", "points", "evidence", "rule", "tiers", "not_applicable_points"]


@admin.register(Dimension)
class DimensionAdmin(LockedRubricPermissions, SimpleHistoryAdmin):
    list_display = ["name", "rubric", "points", "position"]
    list_filter = ["rubric"]
    inlines = [IndicatorInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "rubric":  # a new dimension only in a rubric that may still change
            kwargs["queryset"] = Rubric.objects.filter(
                pk__in=[rubric.pk for rubric in Rubric.objects.all() if not edit_refusal(rubric)])
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Round)
class RoundAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "county", "year", "deadline", "status"]
    list_filter = ["status", "county"]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    raw_id_fields = ["reviewer"]


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    list_display = ["township", "round", "status", "grade"]
    list_filter = ["status", "round"]
    search_fields = ["township__name"]
    inlines = [AssignmentInline]


@admin.register(Review)
class ReviewAdmin(SimpleHistoryAdmin):
    list_display = ["submission", "reviewer", "submitted_at"]
    list_filter = ["submitted_at"]
