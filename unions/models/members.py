"""会员: one row per union member, with the hardship file (困难职工建档立卡)."""
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from unions.validators import (
    MEMBER_MIN_AGE, UNION_ERA, UNION_EVENT_DATE, id_birth_date, mask_id_number, normalize_id_number, validate_id_number,
    years_after,
)

from .geography import Township
from .grassroots import GrassrootsUnion


class Member(models.Model):
    class Gender(models.TextChoices):
        MALE = "M", _("男")
        FEMALE = "F", _("女")

    class HardshipReason(models.TextChoices):
        ILLNESS = "illness", _("因病")
        DISABILITY = "disability", _("因残")
        DISASTER = "disaster", _("因灾")
        SCHOOLING = "schooling", _("子女就学")
        UNEMPLOYMENT = "unemployment", _("失业")
        SINGLE_PARENT = "single_parent", _("单亲")
        OTHER = "other", _("其他")

    # The township is the union's, stored again so that a roster of 20 000+ members is counted,
    # sorted and paged on one indexed table instead of through a join.
    township = models.ForeignKey(Township, on_delete=models.CASCADE, related_name="members", verbose_name=_("乡镇（街道）"))
    union = models.ForeignKey(GrassrootsUnion, on_delete=models.PROTECT, related_name="members", verbose_name=_("所属基层工会"))
    name = models.CharField(_("姓名"), max_length=30)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    id_number = models.CharField(_("居民身份证号"), max_length=18, unique=True, validators=[validate_id_number])
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    joined_on = models.DateField(_("入会日期"), validators=UNION_EVENT_DATE)
    left_on = models.DateField(_("离会日期"), null=True, blank=True, validators=UNION_EVENT_DATE)
    is_migrant_worker = models.BooleanField(_("农民工"), default=False)
    hardship_reason = models.CharField(_("困难原因"), max_length=16, choices=HardshipReason.choices, blank=True)
    hardship_filed_on = models.DateField(_("建档日期"), null=True, blank=True, validators=UNION_EVENT_DATE)
    hardship_lifted_on = models.DateField(_("脱困日期"), null=True, blank=True, validators=UNION_EVENT_DATE)

    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("会员")
        verbose_name_plural = pgettext_lazy("plural", "会员")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["township", "name", "id"])]

    def __str__(self):
        return self.name

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def working_age_on(self):
        """The day the member turns `MEMBER_MIN_AGE` by the birth date in their ID number, the
        earliest they can have joined; None without a valid ID number."""
        birth = id_birth_date(self.id_number)
        return years_after(birth, MEMBER_MIN_AGE) if birth else None

    def clean(self):
        self.id_number = normalize_id_number(self.id_number)
        errors = {}
        if self.union_id and self.township_id and self.union.township_id != self.township_id:
            errors["union"] = _("只能选择本乡镇的基层工会。")
        working_age = self.working_age_on
        # A day before UNION_ERA is refused by the field itself: one message is enough.
        if self.joined_on and working_age and UNION_ERA <= self.joined_on < working_age:
            errors["joined_on"] = _("入会日期早于该会员年满%(age)s周岁之日（%(day)s，按身份证号中的出生日期），请核对入会日期或身份证号。") % {
                "age": MEMBER_MIN_AGE, "day": working_age.isoformat()}
        if self.joined_on and self.left_on and self.left_on < self.joined_on:
            errors["left_on"] = _("离会日期不能早于入会日期。")
        if self.hardship_filed_on and not self.hardship_reason:
            errors["hardship_reason"] = _("已填写建档日期，请选择困难原因。")
        if self.hardship_reason and not self.hardship_filed_on:
            errors["hardship_filed_on"] = _("请填写困难职工建档日期。")
        if self.hardship_lifted_on and (not self.hardship_filed_on or self.hardship_lifted_on < self.hardship_filed_on):
            errors["hardship_lifted_on"] = _("脱困日期不能早于建档日期。")
        if errors:
            raise ValidationError(errors)
