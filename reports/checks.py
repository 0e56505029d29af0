"""`manage.py check` warns when the PDF would show tofu boxes or take seconds instead of a few tenths."""
import ctypes.util
import shutil
import subprocess

from django.core.checks import Warning, register

from .fonts import DOCUMENT_FONTS, font_path

CJK_FAMILIES = ("Noto Serif CJK SC", "Noto Sans CJK SC", "FangSong", "仿宋_GB2312", "SimSun", "Source Han Serif SC")


def installed_cjk_families() -> set[str]:
    if not shutil.which("fc-list"):
        return set()
    output = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout
    return {name.strip() for line in output.splitlines() for name in line.split(",")}


@register()
def report_fonts(app_configs, **kwargs):
    problems = []
    if not installed_cjk_families() & set(CJK_FAMILIES):
        problems.append(Warning(
            "No Chinese font is installed: PDF reports would show empty boxes (□) instead of characters.",
            hint="apt-get install fonts-noto-cjk fonts-noto-cjk-extra (make setup does it).", id="reports.W001",
        ))
    if not ctypes.util.find_library("harfbuzz-subset"):
        problems.append(Warning(
            "libharfbuzz-subset is missing: writing a report PDF takes seconds instead of a tenth of one.",
            hint="apt-get install libharfbuzz-subset0 (make setup does it).", id="reports.W002",
        ))
    if not all(map(font_path, DOCUMENT_FONTS)):
        problems.append(Warning(
            "The cut-down PDF fonts are not built: every report PDF embeds the full Debian fonts, about 100 ms slower.",
            hint="manage.py build_document_fonts (make setup does it).", id="reports.W003",
        ))
    return problems
