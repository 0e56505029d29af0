from django.contrib import admin

from .models import SectionText


@admin.register(SectionText)
class SectionTextAdmin(admin.ModelAdmin):
    list_display = ["township", "year", "section", "updated_at", "updated_by"]
    list_filter = ["year", "section"]
