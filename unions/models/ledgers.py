"""The township union's ledgers: rights cases, assistance, activities and honours."""
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from core.text import text_limit
from unions.validators import LEDGER_DATE, exceeds, validate_year_not_future

from .geography import Township
from .grassroots import GrassrootsUnion
from .members import Member

MONEY = dict(max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])


class RightsCase(models.Model):
    """维权案件. A case is concluded (办结) when closed, or transferred to the competent body."""

    class CaseType(models.TextChoices):
        WAGE_ARREARS = "wage_arrears", _("欠薪")
        WORK_INJURY = "work_injury", _("工伤")
        LABOUR_CONTRACT = "labour_contract", _("劳动合同")
        SOCIAL_INSURANCE = "social_insurance", _("社保")
        RESTRUCTURING = "restructuring", _("改制补偿")
        OTHER = "other", _("其他")

    class Source(models.TextChoices):
        VISIT = "visit", _("来访")
        PHONE = "phone", _("来电")
        HOTLINE = "hotline", _("12351职工服务热线")
        ONLINE = "online", _("网上")
        REFERRED = "referred", _("上级转办")

    class Status(models.TextChoices):
        RECEIVED = "received", _("受理")
        MEDIATING = "mediating", _("调解中")
        CLOSED = "closed", _("办结")
        TRANSFERRED = "transferred", _("移交")

    CONCLUDED = (Status.CLOSED, Status.TRANSFERRED)

    township = models.ForeignKey(Township, on_delete=models.CASCADE, related_name="rights_cases", verbose_name=_("乡镇（街道）"))
    union = models.ForeignKey(
        GrassrootsUnion, on_delete=models.SET_NULL, null=True, blank=True, related_name="rights_cases",
        verbose_name=_("涉及基层工会"),
    )
    case_type = models.CharField(_("案件类型"), max_length=20, choices=CaseType.choices)
    source = models.CharField(_("来源"), max_length=12, choices=Source.choices, default=Source.VISIT)
    received_on = models.DateField(_("受理日期"), validators=LEDGER_DATE)
    workers_involved = models.PositiveIntegerField(_("涉及职工人数"), default=1)
    migrant_workers_involved = models.PositiveIntegerField(_("其中农民工"), default=0)
    amount_claimed = models.DecimalField(_("诉求金额（元）"), default=Decimal("0"), **MONEY)
    amount_recovered = models.DecimalField(_("挽回金额（元）"), default=Decimal("0"), **MONEY)
    over_recovery_reason = models.CharField(
        _("挽回金额超过诉求的说明"), max_length=200, blank=True,
        help_text=_("挽回金额大于诉求金额时必填，如：含经济补偿金。"),
    )
    parties = models.CharField(_("当事人（单位）"), max_length=200)
    handler = models.CharField(_("承办人"), max_length=30, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True, validators=LEDGER_DATE)
    summary = models.TextField(
        _("案情及处理结果"), blank=True, **text_limit(1000),
        help_text=_("两三句话：谁、反映什么问题、工会怎样处理、追回多少。作为典型案例时写入汇报材料，涉及个人姓名请用化名或“某”。"),
    )
    is_typical = models.BooleanField(_("作为典型案例写入汇报材料"), default=False)

    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("维权案件")
        verbose_name_plural = pgettext_lazy("plural", "维权案件")
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["township", "received_on"])]

    def __str__(self):
        return f"{self.received_on} {self.get_case_type_display()} {self.parties}"

    def clean(self):
        errors = {}
        if exceeds(self.migrant_workers_involved, self.workers_involved):
            errors["migrant_workers_involved"] = _("农民工人数不能超过涉及职工人数。")
        if self.status in self.CONCLUDED:
            if not self.closed_on:
                errors["closed_on"] = _("案件已办结或移交，请填写办结日期。")
            elif self.received_on and self.closed_on < self.received_on:
                errors["closed_on"] = _("办结日期不能早于受理日期。")
        elif self.closed_on:
            errors["closed_on"] = _("案件尚未办结，不应填写办结日期。")
        if exceeds(self.amount_recovered, self.amount_claimed) and not self.over_recovery_reason.strip():
            errors["over_recovery_reason"] = _("挽回金额大于诉求金额，请说明原因。")
        if self.union_id and self.township_id and self.union.township_id != self.township_id:
            errors["union"] = _("只能选择本乡镇的基层工会。")
        if errors:
            raise ValidationError(errors)


class AssistanceRecord(models.Model):
    """帮扶: one act of help (money, goods, a job, a visit) to one recipient or household."""

    class Category(models.TextChoices):
        SPRING_JOBS = "spring_jobs", _("春送岗位")
        SUMMER_COOLING = "summer_cooling", _("夏送清凉")
        AUTUMN_SCHOOLING = "autumn_schooling", _("金秋助学")
        WINTER_WARMTH = "winter_warmth", _("冬送温暖")
        MEDICAL = "medical", _("医疗救助")
        EMPLOYMENT = "employment", _("就业帮扶")
        VISIT = "visit", _("四必访慰问")
        OTHER = "other", _("其他")

    class FundsSource(models.TextChoices):
        DONATION = "donation", _("社会捐款")
        HIGHER_UNION = "higher_union", _("上级工会拨付")
        FISCAL = "fiscal", _("财政资金")
        UNION_FUNDS = "union_funds", _("本级工会经费")
        OTHER = "other", _("其他")

    township = models.ForeignKey(Township, on_delete=models.CASCADE, related_name="assistance_records", verbose_name=_("乡镇（街道）"))
    category = models.CharField(_("帮扶类别"), max_length=20, choices=Category.choices)
    given_on = models.DateField(_("帮扶日期"), validators=LEDGER_DATE)
    member = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="assistance_records",
        verbose_name=_("受助会员"),
    )
    recipient_name = models.CharField(_("受助人姓名"), max_length=60, blank=True, help_text=_("非会员时填写。"))
    people = models.PositiveIntegerField(_("受助人数"), default=1, validators=[MinValueValidator(1)])
    amount = models.DecimalField(_("帮扶金额（元）"), default=Decimal("0"), **MONEY)
    funds_source = models.CharField(_("资金来源"), max_length=16, choices=FundsSource.choices, default=FundsSource.UNION_FUNDS)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("帮扶记录")
        verbose_name_plural = pgettext_lazy("plural", "帮扶记录")
        ordering = ["-given_on", "-id"]
        indexes = [models.Index(fields=["township", "given_on"])]

    def __str__(self):
        return f"{self.given_on} {self.get_category_display()} {self.recipient_display}"

    @property
    def recipient_display(self) -> str:
        return self.member.name if self.member_id else self.recipient_name

    def clean(self):
        errors = {}
        if not self.member_id and not self.recipient_name.strip():
            errors["recipient_name"] = _("请选择受助会员或填写受助人姓名。")
        if self.member_id and self.township_id and self.member.township_id != self.township_id:
            errors["member"] = _("只能选择本乡镇的会员。")
        if errors:
            raise ValidationError(errors)


class Activity(models.Model):
    """活动: trainings, competitions, 安康杯, 职代会, Party committee hearings, guidance visits …"""

    class Kind(models.TextChoices):
        TRAINING = "training", _("培训")
        SKILLS_COMPETITION = "skills_competition", _("技能竞赛")
        LABOUR_COMPETITION = "labour_competition", _("劳动竞赛")
        RATIONALISATION = "rationalisation", _("合理化建议")
        ANKANG_CUP = "ankang_cup", _("安康杯")
        SAFETY_INSPECTION = "safety_inspection", _("安全检查")
        CULTURE_SPORTS = "culture_sports", _("文体活动")
        WORKERS_CONGRESS = "workers_congress", _("职代会")
        PARTY_HEARING = "party_hearing", _("党委听取汇报")
        GUIDANCE_VISIT = "guidance_visit", _("走访指导")
        EMPLOYMENT_SERVICE = "employment_service", _("就业服务")
        OTHER = "other", _("其他")

    township = models.ForeignKey(Township, on_delete=models.CASCADE, related_name="activities", verbose_name=_("乡镇（街道）"))
    kind = models.CharField(_("活动类型"), max_length=20, choices=Kind.choices)
    held_on = models.DateField(_("日期"), validators=LEDGER_DATE)
    title = models.CharField(_("活动名称"), max_length=120)
    union = models.ForeignKey(
        GrassrootsUnion, on_delete=models.SET_NULL, null=True, blank=True, related_name="activities",
        verbose_name=_("涉及基层工会"), help_text=_("走访指导等针对某一基层工会的活动时选择。"),
    )
    participants = models.PositiveIntegerField(_("参加人数"), default=0)
    jobs_placed = models.PositiveIntegerField(_("实现就业人数"), default=0)
    outcome = models.TextField(_("成效"), blank=True, **text_limit(1000))

    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = pgettext_lazy("plural", "活动")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["township", "held_on"])]

    def __str__(self):
        return self.title

    def clean(self):
        if self.union_id and self.township_id and self.union.township_id != self.township_id:
            raise ValidationError({"union": _("只能选择本乡镇的基层工会。")})


class Honour(models.Model):
    class Level(models.TextChoices):
        NATIONAL = "national", _("国家级")
        PROVINCIAL = "provincial", _("省级")
        MUNICIPAL = "municipal", _("市级")
        COUNTY = "county", _("县级")

    township = models.ForeignKey(Township, on_delete=models.CASCADE, related_name="honours", verbose_name=_("乡镇（街道）"))
    title = models.CharField(_("荣誉名称"), max_length=120)
    level = models.CharField(_("级别"), max_length=12, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("年度"), validators=[
        MinValueValidator(1949, message=_("年度应在1949年或以后。")), validate_year_not_future])
    awarded_by = models.CharField(_("授予单位"), max_length=100, blank=True)

    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("荣誉")
        verbose_name_plural = pgettext_lazy("plural", "荣誉")
        ordering = ["-year", "title"]

    def __str__(self):
        return f"{self.year} {self.title}"
