from django.core.management.base import BaseCommand

from liuhao import icons


class Command(BaseCommand):
    help = "只保留用到的 Bootstrap Icons 图标：写出 static/vendor/bootstrap-icons/liuhao-icons.css 和 fonts/liuhao-icons.woff2。"

    def handle(self, *args, **options):
        names = icons.build()
        self.stdout.write(f"{len(names)} icons: {icons.SUBSET_FONT.stat().st_size} bytes of font, "
                          f"{icons.SUBSET_CSS.stat().st_size} bytes of CSS")
