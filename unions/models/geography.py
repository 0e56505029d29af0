"""The county, the township and the township union with its 六有 (班子、章子、牌子、房子、经费、制度)."""
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from simple_history.models import HistoricalRecords

from core.text import text_limit
from unions.validators import validate_year_not_future


class County(models.Model):
    """A county-level union federation's area (县/市/区); reviewers and admins work at this level."""

    name = models.CharField(_("县（市、区）"), max_length=60, unique=True)
    city = models.CharField(_("所属市"), max_length=60, blank=True)
    province = models.CharField(_("所属省"), max_length=60, blank=True)
    federation_name = models.CharField(_("县总工会名称"), max_length=100, blank=True)

    # When the row last changed: part of the fingerprint that finds a cached report still valid.
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("县（市、区）")
        verbose_name_plural = pgettext_lazy("plural", "县（市、区）")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Township(models.Model):
    """The township as a place: name, kind, area and the 镇情简介. What changes from year to year
    (villages, population, employers, the union's 六有) is in `TownshipYear`."""

    class Kind(models.TextChoices):
        TOWN = "town", _("镇")
        TOWNSHIP = "township", _("乡")
        SUBDISTRICT = "subdistrict", _("街道")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="townships", verbose_name=_("县（市、区）"))
    name = models.CharField(_("乡镇（街道）名称"), max_length=60)
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices, default=Kind.TOWN)
    area_km2 = models.DecimalField(
        _("面积（平方公里）"), max_digits=9, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    overview = models.TextField(_("镇情简介"), blank=True, **text_limit(3000), help_text=_("区位、产业、荣誉等，供汇报材料开篇引用。"))

    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    # who created or renamed it, and when (the county's record of townships and accounts)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("乡镇（街道）")
        verbose_name_plural = pgettext_lazy("plural", "乡镇（街道）")
        ordering = ["county__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="township_unique_name_in_county"),
        ]

    def __str__(self):
        return self.name


class TownshipUnion(models.Model):
    """The township's own union (乡镇总工会/工会联合会/工会工作委员会): its name and form. Its 六有
    facts are facts of a year (`TownshipYear`)."""

    class Form(models.TextChoices):
        FEDERATION = "federation", _("乡镇总工会")
        ASSOCIATION = "association", _("工会联合会")
        WORKING_COMMITTEE = "committee", _("工会工作委员会")

    township = models.OneToOneField(Township, on_delete=models.CASCADE, related_name="union", verbose_name=_("乡镇（街道）"))
    name = models.CharField(_("工会名称"), max_length=100)
    form = models.CharField(_("组织形式"), max_length=12, choices=Form.choices, default=Form.WORKING_COMMITTEE)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("乡镇工会")
        verbose_name_plural = pgettext_lazy("plural", "乡镇工会")

    def __str__(self):
        return self.name


YEAR_VALIDATORS = [MinValueValidator(2000, message=_("年度应在2000年或以后。")), validate_year_not_future]


class TownshipYear(models.Model):
    """One year of the township as the 工会统计年报 records it: the 镇情 and the township union's
    六有 (班子、章子、牌子、房子、经费、制度) at the end of the year (today for the current year).

    A new year starts as a copy of the previous one (`carried_forward`) until staff confirm it."""

    township = models.ForeignKey(Township, on_delete=models.CASCADE, related_name="years", verbose_name=_("乡镇（街道）"))
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    # 镇情
    administrative_villages = models.PositiveIntegerField(_("行政村数"), default=0)
    communities = models.PositiveIntegerField(_("社区数"), default=0)
    natural_villages = models.PositiveIntegerField(_("自然村数"), null=True, blank=True)
    villager_groups = models.PositiveIntegerField(_("村民小组数"), null=True, blank=True)
    households = models.PositiveIntegerField(_("户数"), null=True, blank=True)
    population = models.PositiveIntegerField(_("总人口（人）"), null=True, blank=True)
    enterprises = models.PositiveIntegerField(_("各类企业数"), default=0)
    eligible_employers = models.PositiveIntegerField(
        _("应建会单位数"), default=0, help_text=_("按规定应当建立工会的单位数（一般为25人以上企业及机关事业单位）。")
    )
    gdp_text = models.CharField(_("地区生产总值"), max_length=60, blank=True, help_text=_("如：45亿元"))
    fiscal_revenue_text = models.CharField(_("财政收入"), max_length=60, blank=True, help_text=_("如：7600万元"))
    # 班子
    chair_name = models.CharField(_("工会主席"), max_length=30, blank=True)
    chair_concurrent_post = models.CharField(
        _("主席兼任职务"), max_length=40, blank=True, help_text=_("主席由其他领导兼任时填写，如：党委副书记。")
    )
    chair_elected = models.BooleanField(_("主席经依法选举产生"), default=False)
    chair_full_time = models.BooleanField(_("专职主席"), default=False)
    vice_chairs = models.CharField(_("副主席"), max_length=200, blank=True, help_text=_("多人用顿号分隔。"))
    committee_members = models.PositiveIntegerField(_("委员人数"), default=0)
    has_audit_committee = models.BooleanField(_("设立经费审查委员会"), default=False)
    has_women_committee = models.BooleanField(_("设立女职工委员会"), default=False)
    has_mediation_committee = models.BooleanField(_("设立劳动争议调解委员会"), default=False)
    full_time_staff = models.PositiveIntegerField(_("专职工作人员数"), default=0)
    part_time_staff = models.PositiveIntegerField(_("兼职工作人员数"), default=0)
    # 章子
    legal_person_certified = models.BooleanField(_("取得工会法人资格证书"), default=False)
    legal_person_cert_number = models.CharField(_("法人资格证书编号"), max_length=60, blank=True)
    has_seal = models.BooleanField(_("刻制工会印章"), default=False)
    # 牌子
    has_nameplate = models.BooleanField(_("悬挂工会牌子"), default=False)
    # 房子
    office_area_m2 = models.DecimalField(
        _("办公场所面积（平方米）"), max_digits=8, decimal_places=1, default=0, validators=[MinValueValidator(0)]
    )
    has_workers_home = models.BooleanField(_("建有职工之家"), default=False)
    workers_home_area_m2 = models.DecimalField(
        _("职工之家建筑面积（平方米）"), max_digits=8, decimal_places=1, default=0, validators=[MinValueValidator(0)]
    )
    facilities = models.CharField(_("活动设施"), max_length=300, blank=True, help_text=_("如：图书室、活动室、电教室，用顿号分隔。"))
    # 经费 (the amounts are in AnnualFunding)
    funding_in_budget = models.BooleanField(_("工会经费列入财政预算"), default=False)
    # 制度
    rules = models.TextField(_("工作制度"), blank=True, **text_limit(2000), help_text=_("每行一项制度名称，如：工会会员代表大会制度。"))

    carried_forward = models.BooleanField(
        _("复制自上年，待确认"), default=False, help_text=_("由上年数据复制而来，工作人员核对确认前为是。")
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("年度情况")
        verbose_name_plural = pgettext_lazy("plural", "年度情况")
        ordering = ["township", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["township", "year"], name="township_year_unique"),
        ]

    def __str__(self):
        return f"{self.township} {self.year}"

    @property
    def rule_titles(self) -> list[str]:
        return [line.strip() for line in self.rules.splitlines() if line.strip()]


class AnnualFunding(models.Model):
    """经费: the township union's funding for one year and whether 经审 audited it."""

    class Source(models.TextChoices):
        FISCAL = "fiscal", _("财政拨款")
        HIGHER_UNION = "higher_union", _("上级工会拨付")
        DUES = "dues", _("会费及返还经费")
        OTHER = "other", _("其他")

    township = models.ForeignKey(Township, on_delete=models.CASCADE, related_name="fundings", verbose_name=_("乡镇（街道）"))
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices, default=Source.FISCAL)
    audited = models.BooleanField(_("经审会已审查"), default=False)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("工会经费")
        verbose_name_plural = pgettext_lazy("plural", "工会经费")
        ordering = ["-year", "source"]
        constraints = [
            models.UniqueConstraint(fields=["township", "year", "source"], name="funding_unique_source_per_year"),
        ]

    def __str__(self):
        return f"{self.year} {self.get_source_display()}"
