"""Checks an installation the way an operator would: database, migrations, fonts for the PDFs,
static files, cache table. Prints one line per check and exits 1 when any fails."""
import ctypes.util

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from reports.checks import CJK_FAMILIES, installed_cjk_families
from reports.fonts import DOCUMENT_FONTS, font_dir, font_path


class Command(BaseCommand):
    help = "检查安装：数据库、迁移、中文字体、静态文件、缓存表。"

    def handle(self, *args, **options):
        results = [self.database(), self.migrations(), self.fonts(), self.document_fonts(), self.harfbuzz(), self.static_files(), self.cache_table()]
        for ok, label, detail in results:
            self.stdout.write(f"{'✓' if ok else '✗'} {label}{'：' + detail if detail else ''}")
        if not all(ok for ok, _label, _detail in results):
            raise CommandError("安装检查未通过。")

    def database(self):
        try:
            connections[DEFAULT_DB_ALIAS].ensure_connection()
        except Exception as error:  # noqa: BLE001 — any driver error means "not reachable"
            return False, "数据库可连接", str(error).splitlines()[0]
        return True, "数据库可连接", connections[DEFAULT_DB_ALIAS].vendor

    def migrations(self):
        try:
            executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
            pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        except Exception as error:  # noqa: BLE001
            return False, "数据库迁移已执行", str(error).splitlines()[0]
        return not pending, "数据库迁移已执行", f"还有 {len(pending)} 个未执行，请运行 manage.py migrate" if pending else ""

    def fonts(self):
        found = sorted(installed_cjk_families() & set(CJK_FAMILIES))
        return bool(found), "中文字体（PDF 用）", "、".join(found) if found else "请安装 fonts-noto-cjk"

    def document_fonts(self):
        missing = [font.family for font in DOCUMENT_FONTS if not font_path(font)]
        return not missing, "PDF 精简字体", f"缺少 {'、'.join(missing)}，请运行 manage.py build_document_fonts" if missing else str(font_dir())

    def harfbuzz(self):
        ok = bool(ctypes.util.find_library("harfbuzz-subset"))
        return ok, "HarfBuzz 字体子集化（PDF 速度）", "" if ok else "请安装 libharfbuzz-subset0"

    def static_files(self):
        if settings.DEBUG:
            return True, "静态文件", "开发模式，直接从 static/ 提供"
        try:
            staticfiles_storage.url("css/liuhao.css")
        except ValueError:
            return False, "静态文件已收集", "请运行 manage.py collectstatic"
        return True, "静态文件已收集", str(settings.STATIC_ROOT)

    def cache_table(self):
        cache = settings.CACHES["default"]
        if not cache["BACKEND"].endswith("DatabaseCache"):
            return True, "缓存", cache["BACKEND"].rsplit(".", 1)[-1]
        exists = cache["LOCATION"] in connections[DEFAULT_DB_ALIAS].introspection.table_names()
        return exists, "缓存表", "" if exists else "请运行 manage.py migrate"
