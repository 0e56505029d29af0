"""Who a user is in liuhao: staff of one township, or reviewer/admin of one county; and the
audit trail of accounts (created, renamed, deactivated, a one-time password issued or replaced)."""
import simple_history
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _, pgettext_lazy
from simple_history.models import HistoricalRecords

from unions.validators import validate_phone

from .geography import County, Township


class AccountHistory(HistoricalRecords):
    """History of accounts that leaves out what it does not record: a save touching only those
    fields (the last login, written at every login; a password hash upgraded at login) adds no row."""

    def post_save(self, instance, created, using=None, **kwargs):
        update_fields = kwargs.get("update_fields")
        if not created and update_fields and set(update_fields) <= set(self.excluded_fields):
            return
        super().post_save(instance, created, using=using, **kwargs)


# The reason of the record that the migration starting the trail wrote for what existed already:
# it gives the first change its "before", and is not an event itself.
BASELINE_REASON = "baseline"

# Accounts are audited (who created, deactivated or reactivated one, and when), never their
# password hashes: a hash, even of a password long replaced, is not kept twice.
simple_history.register(get_user_model(), app="unions", records_class=AccountHistory,
                        excluded_fields=["password", "last_login"])


class UserRole(models.Model):
    class Role(models.TextChoices):
        TOWNSHIP_STAFF = "township_staff", _("乡镇工会工作人员")
        COUNTY_REVIEWER = "county_reviewer", _("县总工会评审")
        COUNTY_ADMIN = "county_admin", _("县总工会管理员")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="liuhao_role", verbose_name=_("用户"))
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    township = models.ForeignKey(
        Township, on_delete=models.CASCADE, null=True, blank=True, related_name="staff_roles", verbose_name=_("乡镇（街道）")
    )
    county = models.ForeignKey(
        County, on_delete=models.CASCADE, null=True, blank=True, related_name="county_roles", verbose_name=_("县（市、区）")
    )
    # A county reviewer who comes from (works in, lives in) a township never reviews its application.
    home_township = models.ForeignKey(
        Township, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("回避乡镇"),
        help_text=_("评审所在或有关联的乡镇，不分配其申报给该评审。"),
    )
    phone = models.CharField(_("联系电话"), max_length=20, blank=True, validators=[validate_phone])
    # A password the county issued (一次性密码) is changed by its owner before anything else.
    must_change_password = models.BooleanField(
        _("须修改密码"), default=False, help_text=_("用一次性密码登录后，须先设置自己的密码才能使用系统。"))
    password_issued_at = models.DateTimeField(_("一次性密码发放时间"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("用户角色")
        verbose_name_plural = pgettext_lazy("plural", "用户角色")

    def __str__(self):
        return f"{self.user} · {self.get_role_display()}"

    def clean(self):
        if self.role == self.Role.TOWNSHIP_STAFF and not self.township_id:
            raise ValidationError({"township": _("乡镇工会工作人员须指定所属乡镇。")})
        if self.role != self.Role.TOWNSHIP_STAFF and not self.county_id:
            raise ValidationError({"county": _("县总工会用户须指定所属县。")})
        if self.role == self.Role.TOWNSHIP_STAFF:
            self.county = None
        else:
            self.township = None
