"""The database cache table (rendered reports and PDFs, shared by app servers and the task worker)
is created by `migrate`, so no installation can miss it."""
from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=False)]
