from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from unions.models import Township


class SectionText(models.Model):
    """Staff's own wording of one section of a year's report. The text keeps figure tokens such as
    {{会员人数}}, so it follows the database; without a row the generated text is used."""

    township = models.ForeignKey(Township, on_delete=models.CASCADE, related_name="report_sections", verbose_name=_("乡镇（街道）"))
    year = models.PositiveSmallIntegerField(_("年度"))
    section = models.CharField(_("章节"), max_length=30)
    text = models.TextField(_("内容"))
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
