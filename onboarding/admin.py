"""Django admin for the site administrator: a user is created with their role (用户角色) on the
same page, and may be required to change the password the administrator typed (须修改密码);
a user's page keeps the history of the account (created, renamed, deactivated …)."""
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from unions.models import UserRole


class UserRoleInline(admin.StackedInline):
    model = UserRole
    fk_name = "user"
    can_delete = False
    fields = ["role", "county", "township", "home_township", "phone", "must_change_password"]
    autocomplete_fields = ["township", "home_township"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class LiuhaoUserAdmin(SimpleHistoryAdmin, UserAdmin):
    inlines = [UserRoleInline]
    list_display = ["username", "first_name", "liuhao_role", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "liuhao_role__role", "liuhao_role__county"]
    list_select_related = ["liuhao_role"]
