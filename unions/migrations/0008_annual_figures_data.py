"""The facts that had one current value become the facts of the township's latest year.

The latest year is the latest one with a case, an assistance record, an activity or funding (the
year the township's report was being written about), or the current year when there is none.
Nothing is lost: every moved field is copied before 0009 removes it.
"""
import datetime

from django.db import migrations
from django.db.models import Max

TOWNSHIP_FACTS = (
    "administrative_villages", "communities", "natural_villages", "population", "enterprises", "eligible_employers",
    "gdp_text", "fiscal_revenue_text",
)
UNION_FACTS = (
    "chair_name", "chair_elected", "chair_full_time", "vice_chairs", "committee_members", "has_audit_committee",
    "has_women_committee", "has_mediation_committee", "full_time_staff", "part_time_staff", "legal_person_certified",
    "legal_person_cert_number", "has_seal", "has_nameplate", "office_area_m2", "has_workers_home",
    "workers_home_area_m2", "facilities", "rules",
)
GRASSROOTS_FACTS = (
    "employers_covered", "chair_name", "chair_trained_on", "employee_count", "women_count", "migrant_count",
    "legal_person", "has_audit_committee", "has_women_committee", "has_mediation_committee", "has_workers_home",
    "last_election_on", "term_years", "contract_signed_on", "contract_expires_on", "contract_workers_covered",
    "wage_agreement", "women_special_contract", "workers_congress_last_held_on", "affairs_disclosure",
)


def latest_year(apps, township) -> int:
    dated = (("RightsCase", "received_on"), ("AssistanceRecord", "given_on"), ("Activity", "held_on"))
    years = []
    for model_name, date_field in dated:
        day = apps.get_model("unions", model_name).objects.filter(township=township).aggregate(last=Max(date_field))["last"]
        if day:
            years.append(day.year)
    funded = apps.get_model("unions", "AnnualFunding").objects.filter(township=township).aggregate(last=Max("year"))["last"]
    if funded:
        years.append(funded)
    return max(years) if years else datetime.date.today().year


def forwards(apps, schema_editor):
    Township = apps.get_model("unions", "Township")
    TownshipUnion = apps.get_model("unions", "TownshipUnion")
    TownshipYear = apps.get_model("unions", "TownshipYear")
    GrassrootsUnion = apps.get_model("unions", "GrassrootsUnion")
    GrassrootsUnionYear = apps.get_model("unions", "GrassrootsUnionYear")
    for township in Township.objects.all():
        year = latest_year(apps, township)
        facts = {name: getattr(township, name) for name in TOWNSHIP_FACTS}
        union = TownshipUnion.objects.filter(township=township).first()
        if union is not None:
            facts.update({name: getattr(union, name) for name in UNION_FACTS})
        TownshipYear.objects.create(township=township, year=year, **facts)
        GrassrootsUnionYear.objects.bulk_create(
            GrassrootsUnionYear(township=township, union=grassroots, year=year,
                                **{name: getattr(grassroots, name) for name in GRASSROOTS_FACTS})
            for grassroots in GrassrootsUnion.objects.filter(township=township)
        )


def backwards(apps, schema_editor):
    """The latest year's facts go back to the single current values."""
    TownshipYear = apps.get_model("unions", "TownshipYear")
    TownshipUnion = apps.get_model("unions", "TownshipUnion")
    GrassrootsUnionYear = apps.get_model("unions", "GrassrootsUnionYear")
    for facts in _latest_per(TownshipYear.objects.order_by("township", "-year"), "township_id"):
        township = facts.township
        for name in TOWNSHIP_FACTS:
            setattr(township, name, getattr(facts, name))
        township.save()
        TownshipUnion.objects.filter(township=township).update(**{name: getattr(facts, name) for name in UNION_FACTS})
    for row in _latest_per(GrassrootsUnionYear.objects.order_by("union", "-year"), "union_id"):
        union = row.union
        for name in GRASSROOTS_FACTS:
            setattr(union, name, getattr(row, name))
        union.save()


def _latest_per(rows, key: str):
    seen = set()
    for row in rows:
        if getattr(row, key) not in seen:
            seen.add(getattr(row, key))
            yield row


class Migration(migrations.Migration):

    dependencies = [
        ("unions", "0007_annual_figures"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
