"""The county side of liuhao: the 六好 rubric (data a county admin edits on the rubric pages),
rounds, applications with their frozen submissions, reviewers' independent scores and the
admin's decision.

Rules of the process live in reviews/services.py (what may happen) and reviews/rules.py (who may
do it); the models hold data and its field-level checks only.
"""
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _, pgettext_lazy
from simple_history.models import HistoricalRecords

from core.text import text_limit
from unions.models import County, Township
from unions.validators import not_before_ledger_era

from .evidence import EVIDENCE_CHOICES
from .validators import GRID, on_grid, validate_on_grid

POINTS = {"max_digits": 5, "decimal_places": 1}


class Rubric(models.Model):
    """A county's 考核标准, or (without a county) the shared default every county may copy. Its
    parts are edited on one page (reviews/rubric_views.py) until a round using it has a submission;
    from then on it is locked (reviews/rubrics.py) and changing it means copying it."""

    code = models.SlugField(_("代码"), max_length=60, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    county = models.ForeignKey(
        County, on_delete=models.CASCADE, null=True, blank=True, related_name="rubrics", verbose_name=_("县（市、区）"),
        help_text=_("留空为各县共用的默认考核标准，只读，各县复制后修改。"),
    )
    based_on = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name=_("复制自"))
    total_points = models.DecimalField(_("总分"), **POINTS, default=Decimal("100"),
                                       validators=[MinValueValidator(GRID), validate_on_grid])
    note = models.TextField(_("说明"), blank=True, **text_limit(2000))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("考核标准")
        verbose_name_plural = pgettext_lazy("plural", "考核标准")

    def __str__(self):
        return self.name


class Grade(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="grades", verbose_name=_("考核标准"))
    name = models.CharField(_("等次"), max_length=20)
    min_score = models.DecimalField(_("最低分"), **POINTS, validators=[MinValueValidator(Decimal("0")), validate_on_grid])
    history = HistoricalRecords()

    class Meta:
        ordering = ["rubric", "-min_score"]
        verbose_name = _("等次")
        verbose_name_plural = pgettext_lazy("plural", "等次")

    def __str__(self):
        return f"{self.name} ≥ {self.min_score}"


class Dimension(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="dimensions", verbose_name=_("考核标准"))
    key = models.SlugField(_("代码"), max_length=40)
    name = models.CharField(_("名称"), max_length=60)
    points = models.DecimalField(_("分值"), **POINTS, validators=[MinValueValidator(Decimal("0")), validate_on_grid])
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["rubric", "position"]
        constraints = [models.UniqueConstraint(fields=["rubric", "key"], name="dimension_key_unique_in_rubric")]
        verbose_name = _("考核项目")
        verbose_name_plural = pgettext_lazy("plural", "考核项目")

    def __str__(self):
        return self.name


def parse_tiers(tiers) -> list[tuple[Decimal, Decimal]]:
    """An indicator's rule as (threshold, points) pairs; ValidationError (on "tiers") for anything
    but a list of two finite numbers each (NaN and Infinity, which JSON readers accept, included)."""
    message = _("分档须写成 [[门槛, 得分], …]，如 [[90, 6], [85, 4]]。")
    if not isinstance(tiers, list) or not all(isinstance(pair, list) and len(pair) == 2 for pair in tiers):
        raise ValidationError({"tiers": message})
    try:
        pairs = [(Decimal(str(threshold)), Decimal(str(points))) for threshold, points in tiers]
    except (TypeError, ValueError, ArithmeticError):
        raise ValidationError({"tiers": message}) from None
    if any(isinstance(value, bool) for pair in tiers for value in pair) or not all(
            value.is_finite() for pair in pairs for value in pair):
        raise ValidationError({"tiers": message})
    return pairs


class Indicator(models.Model):
    """One scored line of the rubric. The suggested score comes from a figure (`evidence`) and a
    rule: tiers ("≥ 90 → 6, ≥ 85 → 4") or a straight line between two points ("70 → 0 … 90 → 6")."""

    class Rule(models.TextChoices):
        MANUAL = "manual", _("评审判定")
        TIERS = "tiers", _("分档")
        LINEAR = "linear", _("线性")

    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("考核项目"))
    code = models.CharField(_("编号"), max_length=10)
    text = models.CharField(_("考核内容"), max_length=200)
    points = models.DecimalField(_("分值"), **POINTS, validators=[MinValueValidator(Decimal("0")), validate_on_grid])
    evidence = models.CharField(_("依据数据"), max_length=40, choices=EVIDENCE_CHOICES, blank=True)
    rule = models.CharField(_("计分规则"), max_length=10, choices=Rule.choices, default=Rule.MANUAL)
    tiers = models.JSONField(
        _("分档"), default=list, blank=True,
        help_text=_("[[门槛, 得分], …]。分档：达到门槛得相应分；线性：[[0分处, 0], [满分处, 分值]]。"),
    )
    not_applicable_points = models.DecimalField(
        _("不适用时得分"), **POINTS, null=True, blank=True, validators=[validate_on_grid],
        help_text=_("依据数据不适用（如没有案件）时的建议得分；留空则由评审判定。"),
    )
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["dimension__position", "position"]
        verbose_name = _("考核指标")
        verbose_name_plural = pgettext_lazy("plural", "考核指标")

    def __str__(self):
        return f"{self.code} {self.text}"

    def clean(self):
        if self.rule != self.Rule.MANUAL and not self.evidence:
            raise ValidationError({"evidence": _("按数据计分的指标须指定依据数据。")})
        pairs = parse_tiers(self.tiers)
        if self.points is not None and any(points < 0 or points > self.points for _threshold, points in pairs):
            raise ValidationError({"tiers": _("分档得分须在 0 到指标分值之间。")})
        if self.points is not None and self.not_applicable_points is not None and self.not_applicable_points > self.points:
            raise ValidationError({"not_applicable_points": _("不适用时得分不能超过指标分值。")})
        if not all(on_grid(points) for _threshold, points in pairs):
            raise ValidationError({"tiers": _("分档得分须以0.5分为单位。")})
        if self.rule == self.Rule.TIERS and not pairs:
            raise ValidationError({"tiers": _("分档计分至少需要一档。")})
        if self.rule == self.Rule.LINEAR and (len(pairs) != 2 or pairs[0][0] >= pairs[1][0]):
            raise ValidationError({"tiers": _("线性计分须给出两点，且前一点的门槛较低。")})


class VetoItem(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="veto_items", verbose_name=_("考核标准"))
    code = models.CharField(_("编号"), max_length=10)
    text = models.CharField(_("否决事项"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["rubric", "code"]
        verbose_name = _("一票否决事项")
        verbose_name_plural = pgettext_lazy("plural", "一票否决事项")

    def __str__(self):
        return f"{self.code} {self.text}"


class BonusItem(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="bonus_items", verbose_name=_("考核标准"))
    code = models.CharField(_("编号"), max_length=10)
    text = models.CharField(_("加分事项"), max_length=200)
    points_each = models.DecimalField(_("每项加分"), **POINTS, validators=[MinValueValidator(Decimal("0")), validate_on_grid])
    cap = models.DecimalField(_("加分上限"), **POINTS, validators=[MinValueValidator(Decimal("0")), validate_on_grid])
    evidence = models.CharField(_("依据数据"), max_length=40, choices=EVIDENCE_CHOICES, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["rubric", "code"]
        verbose_name = _("加分事项")
        verbose_name_plural = pgettext_lazy("plural", "加分事项")

    def __str__(self):
        return f"{self.code} {self.text}"


class Round(models.Model):
    """A county's 评选 of one year: open (townships apply) → reviewing → decided."""

    class Status(models.TextChoices):
        OPEN = "open", _("申报中")
        REVIEWING = "reviewing", _("评审中")
        DECIDED = "decided", _("已结束")

    class Aggregate(models.TextChoices):
        MEAN = "mean", _("平均分")
        MEDIAN = "median", _("中位数")

    county = models.ForeignKey(County, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("县（市、区）"))
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000)])
    title = models.CharField(_("名称"), max_length=100, blank=True)
    deadline = models.DateField(_("申报截止日期"), validators=[not_before_ledger_era])
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("考核标准"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    aggregate = models.CharField(_("汇总方式"), max_length=6, choices=Aggregate.choices, default=Aggregate.MEAN)
    spread_threshold = models.DecimalField(
        _("分歧提示阈值"), **POINTS, default=Decimal("10"),
        help_text=_("评审总分最高与最低相差超过此分值时提示。"),
    )
    min_reviews = models.PositiveSmallIntegerField(
        _("最少评审人数"), default=2, validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("一份申报至少有这么多位评审提交评分后，才能作出决定。"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "county"]
        constraints = [models.UniqueConstraint(fields=["county", "year"], name="one_round_per_county_year")]
        verbose_name = _("评选")
        verbose_name_plural = pgettext_lazy("plural", "评选")

    def __str__(self):
        return self.title or f"{self.county.name}{self.year}年“六好”乡镇工会评选"


class Application(models.Model):
    """A township's 申报 in a round. Draft → submitted (frozen) → 命名 / 退回整改 (editable again) / 不通过."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交")
        RETURNED = "returned", _("退回整改")
        NAMED = "named", _("命名")
        REJECTED = "rejected", _("不通过")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="applications", verbose_name=_("评选"))
    township = models.ForeignKey(Township, on_delete=models.CASCADE, related_name="applications", verbose_name=_("乡镇（街道）"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    grade = models.CharField(_("命名等次"), max_length=20, blank=True)
    decision_reasons = models.TextField(_("决定意见"), blank=True, **text_limit(2000))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("决定人"),
    )
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "township__name"]
        constraints = [models.UniqueConstraint(fields=["round", "township"], name="one_application_per_township_round")]
        verbose_name = _("申报")
        verbose_name_plural = pgettext_lazy("plural", "申报")

    def __str__(self):
        return f"{self.township.name} · {self.round}"

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def is_decided(self) -> bool:
        return self.status in (self.Status.NAMED, self.Status.RETURNED, self.Status.REJECTED)


class Submission(models.Model):
    """What a township submitted, frozen: every figure, the narrative and the report as rendered.
    Later edits of the township's data never change it; each resubmission is a new version."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="submissions", verbose_name=_("申报"))
    version = models.PositiveSmallIntegerField(_("版本"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("提交人"))
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    evidence = models.JSONField(_("考核依据数据"), default=dict)
    tokens = models.JSONField(_("数字"), default=dict)
    narrative = models.TextField(_("汇报正文"))
    document_html = models.TextField(_("汇报材料"))

    class Meta:
        ordering = ["application", "-version"]
        constraints = [models.UniqueConstraint(fields=["application", "version"], name="submission_version_unique")]
        verbose_name = _("提交版本")
        verbose_name_plural = pgettext_lazy("plural", "提交版本")

    def __str__(self):
        return f"{self.application} · 第{self.version}版"


class Assignment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("申报"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_assignments",
                                 verbose_name=_("评审"))
    created_at = models.DateTimeField(_("分配时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "reviewer"], name="one_assignment_per_reviewer")]
        verbose_name = _("评审分配")
        verbose_name_plural = pgettext_lazy("plural", "评审分配")

    def __str__(self):
        return f"{self.reviewer} → {self.application}"


class Review(models.Model):
    """One reviewer's scoring of one submitted version; scores are rows of their own, so two
    reviewers (or two tabs) saving at once never overwrite each other's lines."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("提交版本"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("评审"))
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    overall_comment = models.TextField(_("总体意见"), blank=True, **text_limit(2000))
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["submission", "reviewer"], name="one_review_per_reviewer_version")]
        verbose_name = _("评审意见")
        verbose_name_plural = pgettext_lazy("plural", "评审意见")

    def __str__(self):
        return f"{self.reviewer} · {self.submission}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores", verbose_name=_("评审意见"))
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("考核指标"))
    value = models.DecimalField(_("得分"), **POINTS, validators=[MinValueValidator(Decimal("0")), validate_on_grid])
    comment = models.CharField(_("说明"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "indicator"], name="one_score_per_indicator")]
        verbose_name = _("指标得分")
        verbose_name_plural = pgettext_lazy("plural", "指标得分")


class BonusScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="bonus_scores", verbose_name=_("评审意见"))
    item = models.ForeignKey(BonusItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("加分事项"))
    value = models.DecimalField(_("加分"), **POINTS, validators=[MinValueValidator(Decimal("0")), validate_on_grid])
    comment = models.CharField(_("说明"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "item"], name="one_bonus_score_per_item")]
        verbose_name = _("加分")
        verbose_name_plural = pgettext_lazy("plural", "加分")


class VetoFlag(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="veto_flags", verbose_name=_("评审意见"))
    item = models.ForeignKey(VetoItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("否决事项"))
    reason = models.CharField(_("理由"), max_length=500)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "item"], name="one_flag_per_veto_item")]
        verbose_name = _("一票否决")
        verbose_name_plural = pgettext_lazy("plural", "一票否决")


class RoundArchive(models.Model):
    """Every submitted report of a round as PDFs in one zip, built by a background task; the zip is
    kept in the database (no local files), so any app server can hand it out."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="archives", verbose_name=_("评选"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("申请人"))
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    task_id = models.CharField(_("任务编号"), max_length=64, blank=True)
    total = models.PositiveIntegerField(_("份数"), default=0)
    done = models.PositiveIntegerField(_("已完成"), default=0)
    content = models.BinaryField(_("压缩包"), editable=False, default=b"")
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    failure = models.CharField(_("失败原因"), max_length=300, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("材料打包")
        verbose_name_plural = pgettext_lazy("plural", "材料打包")
