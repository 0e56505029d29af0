"""The migration to annual figures: the single current values become the facts of the township's
latest year, and nothing is lost."""
import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("unions", "0006_year_validators")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_current_facts_become_the_latest_year():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        apps = migrate(BEFORE)
        County, Township = apps.get_model("unions", "County"), apps.get_model("unions", "Township")
        county = County.objects.create(name="迁移县")
        township = Township.objects.create(
            county=county, name="迁移镇", administrative_villages=8, communities=1, population=19200, enterprises=18,
            eligible_employers=19, gdp_text="3亿元", overview="镇情")
        apps.get_model("unions", "TownshipUnion").objects.create(
            township=township, name="迁移镇总工会", chair_name="李明", committee_members=9, full_time_staff=2,
            has_workers_home=True, workers_home_area_m2=Decimal("120.5"), rules="职代会制度")
        union = apps.get_model("unions", "GrassrootsUnion").objects.create(
            township=township, name="金耐克塑料包装厂工会", employee_count=120, women_count=40, migrant_count=60,
            legal_person=True, contract_signed_on=datetime.date(2023, 1, 1), contract_expires_on=datetime.date(2025, 12, 31),
            contract_workers_covered=110, founded_on=datetime.date(2012, 3, 1))
        apps.get_model("unions", "RightsCase").objects.create(
            township=township, case_type="work_injury", received_on=datetime.date(2024, 8, 9), parties="金耐克")
        empty = Township.objects.create(county=county, name="空镇", enterprises=3)

        apps = migrate(latest)
        TownshipYear = apps.get_model("unions", "TownshipYear")
        facts = TownshipYear.objects.get(township_id=township.pk)
        assert facts.year == 2024  # the latest year with records
        assert (facts.administrative_villages, facts.population, facts.enterprises, facts.eligible_employers, facts.gdp_text) == (
            8, 19200, 18, 19, "3亿元")
        assert (facts.chair_name, facts.committee_members, facts.workers_home_area_m2, facts.rules) == (
            "李明", 9, Decimal("120.5"), "职代会制度")
        assert not facts.carried_forward
        row = apps.get_model("unions", "GrassrootsUnionYear").objects.get(union_id=union.pk)
        assert (row.year, row.township_id, row.employee_count, row.women_count, row.contract_workers_covered, row.legal_person) == (
            2024, township.pk, 120, 40, 110, True)
        assert apps.get_model("unions", "GrassrootsUnion").objects.get(pk=union.pk).founded_on == datetime.date(2012, 3, 1)
        assert TownshipYear.objects.get(township_id=empty.pk).year == datetime.date.today().year  # no records: this year
    finally:
        migrate(latest)
