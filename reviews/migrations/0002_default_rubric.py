"""Installs the default 六好 rubric (fixtures/rubric_default.json) so that a new installation can
open a round at once; counties edit it, or add their own, in admin."""
import json
from pathlib import Path

from django.db import migrations

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "rubric_default.json"


def install_default_rubric(apps, schema_editor):
    objects = json.loads(FIXTURE.read_text(encoding="utf-8"))
    Rubric = apps.get_model("reviews", "Rubric")
    if Rubric.objects.filter(code=objects[0]["fields"]["code"]).exists():
        return
    created = {}  # (model, fixture pk) → object; new rows take the database's own keys
    for entry in objects:
        model = apps.get_model(*entry["model"].split("."))
        fields = {}
        for name, value in entry["fields"].items():
            field = model._meta.get_field(name)
            if field.is_relation:
                fields[name] = created[(field.related_model._meta.label_lower, value)]
            else:
                fields[name] = value
        created[(entry["model"], entry["pk"])] = model.objects.create(**fields)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]

    operations = [migrations.RunPython(install_default_rubric, migrations.RunPython.noop)]
