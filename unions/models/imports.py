"""An uploaded workbook between its check (the preview) and the user's confirmation."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from .geography import Township


class ImportBatch(models.Model):
    """The file is kept in the database, not on local disk, so any app server can confirm it; it is
    emptied once imported (it holds personal data)."""

    township = models.ForeignKey(Township, on_delete=models.CASCADE, related_name="import_batches", verbose_name=_("乡镇（街道）"))
    kind = models.CharField(_("数据类型"), max_length=30)
    file_name = models.CharField(_("文件名"), max_length=200)
    content = models.BinaryField(_("文件内容"), editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, verbose_name=_("上传人"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    check_result = models.JSONField(_("检查结果"), default=dict)
    imported_at = models.DateTimeField(_("导入时间"), null=True, blank=True)
    # set while a large file is written by the background worker (unions/tasks.py)
    task_id = models.CharField(_("后台任务"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("导入批次")
        verbose_name_plural = pgettext_lazy("plural", "导入批次")
        ordering = ["-uploaded_at"]

    def __str__(self):
        return f"{self.file_name} ({self.uploaded_at:%Y-%m-%d %H:%M})"
