from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from core.text import text_limit
from unions.models import Township
from unions.validators import not_before_ledger_era


class SectionText(models.Model):
    """Staff's own wording of one section of a year's report. The text keeps figure tokens such as
    {{会员人数}}, so it follows the database; without a row the generated text is used."""

    township = models.ForeignKey(Township, on_delete=models.CASCADE, related_name="report_sections", verbose_name=_("乡镇（街道）"))
    year = models.PositiveSmallIntegerField(_("年度"))
    section = models.CharField(_("章节"), max_length=30)
    text = models.TextField(_("内容"), **text_limit(5000))
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, verbose_name=_("修改人"))

    class Meta:
        verbose_name = _("汇报材料章节")
        verbose_name_plural = pgettext_lazy("plural", "汇报材料章节")
        constraints = [
            models.UniqueConstraint(fields=["township", "year", "section"], name="report_section_unique_per_year"),
        ]

    def __str__(self):
        return f"{self.township} {self.year} {self.section}"


class ReplacedSectionText(models.Model):
    """What a section of a year's report said before its last change — saved over, restored to the
    generated text, or undone — so that the change can be undone: one step, one row per section.
    Undoing swaps it with the section's wording, so an undo can be undone too."""

    township = models.ForeignKey(Township, on_delete=models.CASCADE, related_name="replaced_report_sections",
                                 verbose_name=_("乡镇（街道）"))
    year = models.PositiveSmallIntegerField(_("年度"))
    section = models.CharField(_("章节"), max_length=30)
    generated = models.BooleanField(_("系统生成的文字"), default=False,
                                    help_text=_("被替换的是系统根据数据生成的文字（没有保存的改写）。"))
    text = models.TextField(_("被替换的文字"), blank=True, **text_limit(5000))
    replaced_at = models.DateTimeField(_("替换时间"), auto_now=True)
    replaced_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("替换人"))

    class Meta:
        verbose_name = _("汇报材料章节的上一版本")
        verbose_name_plural = pgettext_lazy("plural", "汇报材料章节的上一版本")
        constraints = [
            models.UniqueConstraint(fields=["township", "year", "section"], name="replaced_section_unique_per_year"),
        ]

    def __str__(self):
        return f"{self.township} {self.year} {self.section}"


class ReportSettings(models.Model):
    """How one township presents its report of one year: the cover and title, the 落款, which
    annexes go with it, double-sided printing, the closing, and problems staff want named.
    Without a row every setting has its default (`reports.builder.DocumentSettings`)."""

    class Closing(models.TextChoices):
        NUMBERED = "numbered", _("编号的一节（七、存在问题和下步打算）")
        PARAGRAPH = "paragraph", _("不编号的结束段")

    township = models.ForeignKey(Township, on_delete=models.CASCADE, related_name="report_settings", verbose_name=_("乡镇（街道）"))
    year = models.PositiveSmallIntegerField(_("年度"))
    type_line = models.CharField(_("文种"), max_length=40, default="创建“六好”乡镇工会",
                                 help_text=_("封面第一行，如：创建“六好”乡镇工会。"))
    doc_kind = models.CharField(_("材料名称"), max_length=20, default="汇报材料", help_text=_("如：汇报材料、申报材料。"))
    title = models.CharField(_("正文标题"), max_length=80, blank=True, help_text=_("不填则为“××镇创建‘六好’乡镇工会工作汇报”。"))
    theme = models.CharField(_("主题句"), max_length=60, blank=True, help_text=_("如：加强自身建设　充分发挥作用。"))
    subtitle = models.CharField(_("副题"), max_length=60, blank=True, help_text=_("如：积极探索新形势下工会工作新方法。"))
    issuer = models.CharField(_("落款单位"), max_length=100, blank=True, help_text=_("不填则为乡镇工会名称。"))
    signed_on = models.DateField(_("落款日期"), null=True, blank=True, validators=[not_before_ledger_era],
                                 help_text=_("不填则为数据最后修改的日期。"))
    include_statistics = models.BooleanField(_("附基本情况统计表"), default=True)
    include_honours = models.BooleanField(_("附所获荣誉"), default=True)
    include_ledgers = models.BooleanField(_("附台账（基层工会名册、维权案件、帮扶，另册）"), default=True)
    duplex = models.BooleanField(_("双面打印"), default=False, help_text=_("双面打印时封面背面留空白页。"))
    closing = models.CharField(_("结束部分"), max_length=12, choices=Closing.choices, default=Closing.NUMBERED)
    problems = models.TextField(_("存在问题"), blank=True, **text_limit(2000), help_text=_("每行一条，写入“存在问题和下步打算”，排在根据数据发现的问题之前。"))
    plans = models.TextField(_("下步打算"), blank=True, **text_limit(2000), help_text=_("每行一条，对应上面的问题。"))

    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   verbose_name=_("修改人"))

    class Meta:
        verbose_name = _("汇报材料设置")
        verbose_name_plural = pgettext_lazy("plural", "汇报材料设置")
        constraints = [
            models.UniqueConstraint(fields=["township", "year"], name="report_settings_unique_per_year"),
        ]

    def __str__(self):
        return f"{self.township} {self.year}"
