"""The rubric is data a county edits here; rounds and applications are kept through the pages,
and their history (simple_history) is browsable here as well."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Application, Assignment, BonusItem, Dimension, Grade, Indicator, Review, Round, Rubric, VetoItem


class GradeInline(admin.TabularInline):
    model = Grade
    extra = 0


class DimensionInline(admin.TabularInline):
    model = Dimension
    extra = 0
    show_change_link = True


class VetoItemInline(admin.TabularInline):
    model = VetoItem
    extra = 0


class BonusItemInline(admin.TabularInline):
    model = BonusItem
    extra = 0


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "total_points"]
    inlines = [DimensionInline, GradeInline, VetoItemInline, BonusItemInline]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["position", "code", "text", "points", "evidence", "rule", "tiers", "not_applicable_points"]


@admin.register(Dimension)
class DimensionAdmin(admin.ModelAdmin):
    list_display = ["name", "rubric", "points", "position"]
    list_filter = ["rubric"]
    inlines = [IndicatorInline]


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
