from django.contrib import admin

from .models import ReplacedSectionText, SectionText


@admin.register(SectionText)
class SectionTextAdmin(admin.ModelAdmin):
    list_display = ["township", "year", "section", "updated_at", "updated_by"]
    list_filter = ["year", "section"]


@admin.register(ReplacedSectionText)
class ReplacedSectionTextAdmin(admin.ModelAdmin):
    list_display = ["township", "year", "section", "generated", "replaced_at", "replaced_by"]
    list_filter = ["year", "section"]
