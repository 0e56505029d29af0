"""An uploaded workbook between its check (the preview) and the user's confirmation."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from .geography import County, Township


class ImportBatch(models.Model):
    """The file is kept in the database, not on local disk, so any app server can confirm it; it is
    emptied once imported (it holds personal data). A township's records are imported into the
    township; the county's townships and accounts (乡镇与账号) into the county."""

    township = models.ForeignKey(Township, on_delete=models.CASCADE, null=True, blank=True, related_name="import_batches",
                                 verbose_name=_("乡镇（街道）"))
    county = models.ForeignKey(County, on_delete=models.CASCADE, null=True, blank=True, related_name="import_batches",
                               verbose_name=_("县（市、区）"))
    kind = models.CharField(_("数据类型"), max_length=30)
    file_name = models.CharField(_("文件名"), max_length=200)
    content = models.BinaryField(_("文件内容"), editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, verbose_name=_("上传人"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    check_result = models.JSONField(_("检查结果"), default=dict)
    imported_at = models.DateTimeField(_("导入时间"), null=True, blank=True)
    # set while a large file is written by the background worker (unions/tasks.py)
    task_id = models.CharField(_("后台任务"), max_length=64, blank=True)
    # The one-time passwords of accounts created from the file are downloaded once (never stored).
    passwords_downloaded_at = models.DateTimeField(_("一次性密码下载时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入批次")
        verbose_name_plural = pgettext_lazy("plural", "导入批次")
        ordering = ["-uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(township__isnull=False, county__isnull=True) | models.Q(township__isnull=True, county__isnull=False),
                name="import_batch_of_township_or_county"),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.uploaded_at:%Y-%m-%d %H:%M})"
