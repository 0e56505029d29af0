"""基层工会: enterprise unions, village and industry federations, institution and community unions.

A union is founded and may later be dissolved (撤销/注销); it stays in history and counts in the
years it existed. What a 年报 asks of it each year — employees, contracts, 职代会, 职工之家 … —
is a `GrassrootsUnionYear`.
"""
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _, pgettext_lazy
from simple_history.models import HistoricalRecords

from unions.validators import CONTRACT_EXPIRY_DATE, UNION_EVENT_DATE, exceeds

from .geography import YEAR_VALIDATORS, Township


class GrassrootsUnion(models.Model):
    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业工会")
        VILLAGE_FEDERATION = "village", _("村级工会联合会")
        INDUSTRY_FEDERATION = "industry", _("行业工会联合会")
        INSTITUTION = "institution", _("机关事业单位工会")
        COMMUNITY = "community", _("社区工会")

    class Dissolution(models.TextChoices):
        REVOKED = "revoked", _("撤销")
        DEREGISTERED = "deregistered", _("注销")

    township = models.ForeignKey(Township, on_delete=models.CASCADE, related_name="grassroots_unions", verbose_name=_("乡镇（街道）"))
    name = models.CharField(_("工会名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices, default=Kind.ENTERPRISE)
    employer = models.CharField(_("所在单位"), max_length=100, blank=True)
    founded_on = models.DateField(_("成立日期"), null=True, blank=True, validators=UNION_EVENT_DATE)
    dissolution = models.CharField(_("撤销/注销"), max_length=12, choices=Dissolution.choices, blank=True)
    dissolved_on = models.DateField(
        _("撤销/注销日期"), null=True, blank=True, validators=UNION_EVENT_DATE,
        help_text=_("撤销或注销的工会保留历史数据，从该日起不再计入各项统计。"),
    )

    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("基层工会")
        verbose_name_plural = pgettext_lazy("plural", "基层工会")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["township", "name"], name="grassroots_union_unique_name_in_township"),
        ]
        indexes = [models.Index(fields=["township", "kind"])]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.dissolution and not self.dissolved_on:
            errors["dissolved_on"] = _("请填写撤销或注销日期。")
        if self.dissolved_on and not self.dissolution:
            errors["dissolution"] = _("填写了撤销/注销日期，请选择是撤销还是注销。")
        if self.founded_on and self.dissolved_on and self.dissolved_on < self.founded_on:
            errors["dissolved_on"] = _("撤销/注销日期不能早于成立日期。")
        if errors:
            raise ValidationError(errors)

    def exists_in(self, year: int) -> bool:
        """Whether the union counts in `year`: founded by its end and not dissolved within or before it."""
        return (self.founded_on is None or self.founded_on.year <= year) and (
            self.dissolved_on is None or self.dissolved_on.year > year)


class GrassrootsUnionYear(models.Model):
    """One grassroots union in one year: its figures at the end of the year (today for the current one)."""

    class Term(models.IntegerChoices):
        THREE = 3, _("3年")
        FIVE = 5, _("5年")

    # The township is the union's, stored again so that a year's figures of 100+ unions are summed
    # on one indexed table, and so that the data fingerprint sees these rows like every other.
    township = models.ForeignKey(Township, on_delete=models.CASCADE, related_name="union_years", verbose_name=_("乡镇（街道）"))
    union = models.ForeignKey(GrassrootsUnion, on_delete=models.CASCADE, related_name="years", verbose_name=_("基层工会"))
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    employers_covered = models.PositiveIntegerField(
        _("覆盖应建会单位数"), default=1,
        help_text=_("计入组建率的单位数：企业工会一般为1；联合会填其覆盖的应建会单位数。"),
    )
    chair_name = models.CharField(_("工会主席"), max_length=30, blank=True)
    chair_trained_on = models.DateField(_("主席最近参加培训日期"), null=True, blank=True, validators=UNION_EVENT_DATE)
    employee_count = models.PositiveIntegerField(_("职工人数"), default=0)
    women_count = models.PositiveIntegerField(_("其中女职工"), default=0)
    migrant_count = models.PositiveIntegerField(_("其中农民工"), default=0)
    legal_person = models.BooleanField(_("取得法人资格"), default=False)
    has_audit_committee = models.BooleanField(_("建立经审会"), default=False)
    has_women_committee = models.BooleanField(_("建立女职委"), default=False)
    has_mediation_committee = models.BooleanField(_("建立劳动争议调解委员会"), default=False)
    has_workers_home = models.BooleanField(_("建成职工之家"), default=False)
    last_election_on = models.DateField(_("最近换届日期"), null=True, blank=True, validators=UNION_EVENT_DATE)
    term_years = models.PositiveSmallIntegerField(_("任期"), choices=Term.choices, default=Term.FIVE)
    contract_signed_on = models.DateField(_("集体合同签订日期"), null=True, blank=True, validators=UNION_EVENT_DATE)
    contract_expires_on = models.DateField(_("集体合同到期日期"), null=True, blank=True, validators=CONTRACT_EXPIRY_DATE)
    contract_workers_covered = models.PositiveIntegerField(_("集体合同覆盖职工数"), default=0)
    wage_agreement = models.BooleanField(_("签订工资专项集体合同（工资集体协商）"), default=False)
    women_special_contract = models.BooleanField(_("签订女职工专项集体合同"), default=False)
    workers_congress_last_held_on = models.DateField(
        _("最近一次职代会召开日期"), null=True, blank=True, validators=UNION_EVENT_DATE
    )
    affairs_disclosure = models.BooleanField(_("实行厂务（政务、村务）公开"), default=False)

    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("基层工会年度数据")
        verbose_name_plural = pgettext_lazy("plural", "基层工会年度数据")
        ordering = ["union", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["union", "year"], name="grassroots_union_year_unique"),
        ]
        indexes = [models.Index(fields=["township", "year"])]

    def __str__(self):
        return f"{self.union} {self.year}"

    def clean(self):
        errors = {}
        if exceeds(self.women_count, self.employee_count):
            errors["women_count"] = _("女职工人数不能超过职工人数。")
        if exceeds(self.migrant_count, self.employee_count):
            errors["migrant_count"] = _("农民工人数不能超过职工人数。")
        if exceeds(self.contract_workers_covered, self.employee_count):
            errors["contract_workers_covered"] = _("集体合同覆盖职工数不能超过职工人数。")
        if self.contract_expires_on and not self.contract_signed_on:
            errors["contract_signed_on"] = _("填写了到期日期，请同时填写集体合同签订日期。")
        if self.contract_signed_on and self.contract_expires_on and self.contract_expires_on <= self.contract_signed_on:
            errors["contract_expires_on"] = _("集体合同到期日期应晚于签订日期。")
        if self.contract_signed_on and not self.contract_expires_on:
            errors["contract_expires_on"] = _("请填写集体合同到期日期。")
        # The union may be new and unsaved (a union created together with its first year's figures).
        union = self.union if self.union_id or GrassrootsUnionYear.union.is_cached(self) else None
        if union is not None and self.township_id and union.township_id != self.township_id:
            errors["union"] = _("只能选择本乡镇的基层工会。")
        if union is not None and self.year:
            if union.founded_on and self.last_election_on and self.last_election_on < union.founded_on:
                errors["last_election_on"] = _("换届日期不能早于成立日期。")
            if union.founded_on and union.founded_on.year > self.year:
                errors["year"] = _("该工会%(founded)s成立，%(year)s年尚不存在。") % {
                    "founded": union.founded_on.isoformat(), "year": self.year}
            elif union.dissolved_on and union.dissolved_on.year < self.year:
                errors["year"] = _("该工会已于%(dissolved)s撤销或注销，%(year)s年不再填报。") % {
                    "dissolved": union.dissolved_on.isoformat(), "year": self.year}
        for name in ("last_election_on", "contract_signed_on", "workers_congress_last_held_on", "chair_trained_on"):
            day = getattr(self, name)
            if day and self.year and day.year > self.year and name not in errors:
                errors[name] = _("%(year)s年度的数据不能填写%(year)s年以后的日期。") % {"year": self.year}
        if errors:
            raise ValidationError(errors)
