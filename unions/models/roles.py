"""Who a user is in liuhao: staff of one township, or reviewer/admin of one county."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from .geography import County, Township


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
