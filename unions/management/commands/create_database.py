"""Creates the PostgreSQL database named in DATABASE_URL when it does not exist yet (a fresh
server), so that `make serve` can migrate it; SQLite files are created by Django itself."""
import psycopg2
from django.conf import settings
from django.core.management.base import BaseCommand
from psycopg2 import sql


class Command(BaseCommand):
    help = "在 PostgreSQL 中创建 DATABASE_URL 指定的数据库（已存在则不动）。"

    def handle(self, *args, **options):
        config = settings.DATABASES["default"]
        if config["ENGINE"] != "django.db.backends.postgresql":
            return
        server = psycopg2.connect(dbname="postgres", user=config["USER"], password=config["PASSWORD"] or None,
                                  host=config["HOST"] or None, port=config["PORT"] or None)
        server.autocommit = True
        with server.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
                self.stdout.write(f"已创建数据库 {config['NAME']}")
        server.close()
