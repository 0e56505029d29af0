from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Activity,
    AnnualFunding,
    AssistanceRecord,
    County,
    GrassrootsUnion,
    GrassrootsUnionYear,
    Honour,
    Member,
    RightsCase,
    Township,
    TownshipUnion,
    TownshipYear,
    UserRole,
)


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "province", "federation_name"]
    search_fields = ["name"]


class TownshipUnionInline(admin.StackedInline):
    model = TownshipUnion


@admin.register(Township)
class TownshipAdmin(admin.ModelAdmin):
    list_display = ["name", "county", "kind"]
    list_filter = ["county", "kind"]
    search_fields = ["name"]
    inlines = [TownshipUnionInline]


@admin.register(TownshipUnion)
class TownshipUnionAdmin(admin.ModelAdmin):
    list_display = ["name", "township", "form"]
    list_filter = ["form", "township__county"]
    search_fields = ["name", "township__name"]


@admin.register(TownshipYear)
class TownshipYearAdmin(SimpleHistoryAdmin):
    list_display = ["township", "year", "enterprises", "eligible_employers", "chair_name", "carried_forward"]
    list_filter = ["year", "carried_forward", "township__county"]
    search_fields = ["township__name"]


@admin.register(AnnualFunding)
class AnnualFundingAdmin(admin.ModelAdmin):
    list_display = ["township", "year", "source", "amount", "audited"]
    list_filter = ["year", "source", "township__county"]


@admin.register(GrassrootsUnion)
class GrassrootsUnionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "township", "kind", "founded_on", "dissolved_on"]
    list_filter = ["kind", "township__county"]
    search_fields = ["name", "employer"]
    list_select_related = ["township"]


@admin.register(GrassrootsUnionYear)
class GrassrootsUnionYearAdmin(SimpleHistoryAdmin):
    list_display = ["union", "year", "employee_count", "women_count", "migrant_count", "legal_person"]
    list_filter = ["year", "township__county"]
    search_fields = ["union__name"]
    raw_id_fields = ["union"]
    list_select_related = ["union"]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["name", "gender", "masked_id_number", "union", "joined_on", "left_on"]
    list_filter = ["gender", "is_migrant_worker", "township"]
    search_fields = ["name", "id_number"]
    list_select_related = ["union"]
    raw_id_fields = ["union"]


@admin.register(RightsCase)
class RightsCaseAdmin(admin.ModelAdmin):
    list_display = ["received_on", "township", "case_type", "status", "amount_claimed", "amount_recovered"]
    list_filter = ["case_type", "status", "township__county"]
    search_fields = ["parties", "summary"]
    raw_id_fields = ["union"]


@admin.register(AssistanceRecord)
class AssistanceRecordAdmin(admin.ModelAdmin):
    list_display = ["given_on", "township", "category", "recipient_name", "people", "amount"]
    list_filter = ["category", "township__county"]
    raw_id_fields = ["member"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["held_on", "township", "kind", "title", "participants"]
    list_filter = ["kind", "township__county"]
    search_fields = ["title"]
    raw_id_fields = ["union"]


@admin.register(Honour)
class HonourAdmin(admin.ModelAdmin):
    list_display = ["year", "title", "level", "township"]
    list_filter = ["level"]


@admin.register(UserRole)
class UserRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "township", "county"]
    list_filter = ["role"]
    raw_id_fields = ["user"]
