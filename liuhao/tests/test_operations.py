"""`manage.py check_install`: one line per check, and a failure when anything is missing."""
import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_check_install_passes_on_this_machine(capsys):
    call_command("check_install")
    output = capsys.readouterr().out
    for label in ("数据库可连接", "数据库迁移已执行", "中文字体", "PDF 精简字体", "HarfBuzz", "缓存表"):
        assert f"✓ {label}" in output, output


def test_check_install_fails_without_the_cut_down_fonts(capsys, settings, tmp_path):
    settings.DOCUMENT_FONT_DIR = tmp_path
    with pytest.raises(CommandError):
        call_command("check_install")
    assert "✗ PDF 精简字体：缺少 Liuhao Song" in capsys.readouterr().out
