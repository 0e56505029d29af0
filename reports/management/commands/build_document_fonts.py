"""Cuts the Debian CJK fonts down to GB 2312 for the PDFs (see reports/fonts.py); idempotent."""
from django.core.management.base import BaseCommand, CommandError

from reports.fonts import build_document_fonts, font_dir


class Command(BaseCommand):
    help = "为 PDF 生成精简字体（GB 2312 字符集），已有的跳过。"
    requires_system_checks = []  # the checks would warn that the fonts it is about to build are missing

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="重新生成已有的字体")

    def handle(self, *args, force=False, **options):
        missing = []
        for font, path, glyphs, seconds in build_document_fonts(force=force):
            if path is None:
                missing.append(f"{font.source_family} {font.source_style}")
            else:  # printed whatever the verbosity: building takes half a minute
                self.stdout.write(f"{font.family}: {glyphs} 个字形，{seconds:.1f} 秒 → {path}")
        if missing:
            raise CommandError(f"找不到源字体：{'、'.join(missing)}（请安装 fonts-noto-cjk、fonts-wqy-zenhei、fonts-arphic-gkai00mp）")
        if options["verbosity"] > 0:
            self.stdout.write(f"PDF 字体齐全：{font_dir()}")
