"""The demo reproduces the seed reports' figures, has five years of history leading up to them,
keeps the models' rules and can be loaded again without change."""
import datetime
from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.test import RequestFactory
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q

from liuhao.demo_data import COUNTIES, DEMO_PASSWORD, MAIN_YEAR, TOWNSHIPS, YEARS
from unions.figures import Ratio
from unions.models import (
    Activity,
    AnnualFunding,
    AssistanceRecord,
    County,
    GrassrootsUnion,
    GrassrootsUnionYear,
    Member,
    RightsCase,
    Township,
    TownshipYear,
    UserRole,
)
from unions.selectors import active_on, existing_in, rates_over_years, township_figures
from unions.validators import id_check_char

pytestmark = pytest.mark.django_db

MODELS = (County, Township, TownshipYear, AnnualFunding, GrassrootsUnion, GrassrootsUnionYear, Member, RightsCase,
          AssistanceRecord, Activity, UserRole)



@pytest.fixture(autouse=True)
def development_server(settings):
    """The demo loads only where DEBUG is on; pytest-django runs tests with DEBUG off."""
    settings.DEBUG = True

def load(*args) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS} | {"User": get_user_model().objects.count()}


def test_seed_one_figures_model_rules_and_accounts():
    output = load()

    # Seed 1: 106 enterprises, 92 enterprise unions, 1 industry and 29 village federations,
    # 1.8万 members, 22 cases with 15.8万元 recovered (19 migrant workers, 31 463 元 back wages),
    # 36万元 of assistance, 43 hardship workers helped, 23 children in school, 3 trainings for 387 people.
    township = Township.objects.get(name="具茨山镇")
    figures = township_figures(township, MAIN_YEAR)
    org, rights, aid, acts = figures.organisation, figures.rights, figures.assistance, figures.activities
    kinds = {kind.key: kind.count for kind in org.unions_by_kind}
    assert (kinds["enterprise"], kinds["industry"], kinds["village"]) == (92, 1, 29)
    assert org.enterprises == 106
    assert str(org.formation_rate) == "86.8%"
    assert org.members_active == 18_000
    assert (rights.received, rights.amount_recovered) == (22, Decimal("158000"))
    headline = RightsCase.objects.get(township=township, migrant_workers_involved=19)
    assert (headline.case_type, headline.amount_recovered) == ("wage_arrears", Decimal("31463"))
    assert aid.amount == Decimal("360000")
    assert aid.hardship_members_assisted == 43
    assert {c.key: c.count for c in aid.by_category}["autumn_schooling"] == 23
    assert (acts.trainings, acts.people_trained, acts.jobs_placed) == (3, 387, 497)
    assert figures.facts.workers_home_area_m2 == Decimal("658")
    assert (figures.facts.committee_members, figures.facts.full_time_staff) == (11, 3)
    assert GrassrootsUnion.objects.get(township=township, kind="industry").members.filter(left_on=None).count() == 8756
    assert "具茨山镇" in output and "15.8万元" in output and "liuhao-demo-2026" in output

    # every township: no rate above 100 % in any of the five years; the earlier years have data too
    # (every union of the year has its figures), fewer members the further back
    for township in Township.objects.all():
        members = []
        for year in YEARS:
            year_figures = township_figures(township, year)
            for group in (year_figures.organisation, year_figures.rights, year_figures.assistance):
                for name, value in vars(group).items():
                    if isinstance(value, Ratio) and value.applicable:
                        assert value.value <= 1, (township.name, year, name)
            assert year_figures.organisation.unions_without_figures == 0, (township.name, year)
            assert year_figures.rights.received > 0 and year_figures.activities.total > 0, (township.name, year)
            assert year_figures.assistance.records > 0, (township.name, year)
            members.append(year_figures.organisation.members_active)
        assert 0 < members[0] and members == sorted(members) and members[-2] < members[-1], township.name
    assert len(TOWNSHIPS) == Township.objects.count() == 5
    assert not Township.objects.filter(Q(name__contains="*") | Q(name__contains="xx") | Q(name__contains="X")).exists()

    # members: valid and unique ID numbers of their county, gender matching the sequence digit,
    # joined after their union was founded (and 18); in no year a union with more members (women,
    # migrant workers) on the roll than employees
    regions = {c["name"]: str(c["region_code"]) for c in COUNTIES}
    assert Member.objects.values("id_number").distinct().count() == Member.objects.count()
    for number, gender, county in Member.objects.values_list("id_number", "gender", "township__county__name").iterator():
        assert number[17] == id_check_char(number[:17]) and number[:6] == regions[county]
        assert (int(number[16]) % 2 == 0) == (gender == "F")
    assert not Member.objects.filter(joined_on__lt=F("union__founded_on")).exists()
    on_roll = Counter()
    for union, joined, left, gender, migrant in Member.objects.values_list(
            "union", "joined_on", "left_on", "gender", "is_migrant_worker").iterator():
        for year in YEARS:
            end = datetime.date(year, 12, 31)
            if joined <= end and (left is None or left > end):
                on_roll[union, year, "n"] += 1
                on_roll[union, year, "women"] += gender == "F"
                on_roll[union, year, "migrants"] += migrant
    rows = {(row.union_id, row.year): row for row in GrassrootsUnionYear.objects.select_related("union")}
    for (union, year, what), count in on_roll.items():
        if (union, year) in rows:
            row = rows[union, year]
            assert count <= {"n": row.employee_count, "women": row.women_count, "migrants": row.migrant_count}[what]
        else:  # the union did not count that year: dissolved within it (its members left that day)
            assert not GrassrootsUnion.objects.get(pk=union).exists_in(year)
    assert Member.objects.exclude(hardship_reason="").exists() and Member.objects.filter(is_migrant_worker=True).exists()
    for union in GrassrootsUnion.objects.all():
        union.full_clean()
    for row in rows.values():
        row.full_clean()
    for record in (*RightsCase.objects.all(), *AssistanceRecord.objects.all()[:100], *Member.objects.order_by("?")[:200]):
        record.full_clean()
    today = datetime.date(2026, 11, 25)
    assert not RightsCase.objects.filter(Q(received_on__gt=today) | Q(closed_on__gt=today)).exists()
    assert not Member.objects.filter(joined_on__gt=today).exists()

    # accounts: one staff per township, one reviewer and one admin per county, one site admin
    login = RequestFactory().post("/accounts/login/")  # django-axes checks logins per request
    staff = authenticate(request=login, username="staff_jucishan", password=DEMO_PASSWORD)
    assert staff.liuhao_role.role == UserRole.Role.TOWNSHIP_STAFF
    assert staff.liuhao_role.township.name == "具茨山镇"
    assert staff.first_name == "李红梅"
    users = get_user_model().objects.select_related("liuhao_role__county")
    for spec in COUNTIES:
        for prefix, role in (("reviewer", UserRole.Role.COUNTY_REVIEWER), ("admin", UserRole.Role.COUNTY_ADMIN)):
            user = users.get(username=f"{prefix}_{spec['key']}")
            assert (user.liuhao_role.role, user.liuhao_role.county.name) == (role, spec["name"])
            assert user.password == staff.password  # the same demo password (one hash, checked once above)
            assert user.first_name and not user.first_name.isascii()
    assert UserRole.objects.filter(role=UserRole.Role.TOWNSHIP_STAFF).count() == 5
    siteadmin = users.get(username="siteadmin")
    assert siteadmin.is_superuser and siteadmin.is_staff and siteadmin.password == staff.password
    assert not hasattr(siteadmin, "liuhao_role") or siteadmin.liuhao_role is None


def test_five_years_of_history():
    load()
    townships = {spec["key"]: Township.objects.get(name=spec["name"]) for spec in TOWNSHIPS}

    # every township has its confirmed 镇情 and 六有 of 2021–2025, growing toward the seed's figures
    for key, township in townships.items():
        facts = {row.year: row for row in TownshipYear.objects.filter(township=township)}
        assert sorted(facts) == list(YEARS), key
        assert not any(row.carried_forward for row in facts.values())
        assert facts[YEARS[0]].enterprises <= facts[MAIN_YEAR].enterprises
        assert facts[YEARS[0]].eligible_employers <= facts[MAIN_YEAR].eligible_employers
    jinchengwan = TownshipYear.objects.filter(township=townships["jinchengwan"])
    assert set(jinchengwan.values_list("chair_concurrent_post", flat=True)) == {"党委副书记"}  # 由党委副书记兼任
    jucishan = townships["jucishan"]
    homes = dict(TownshipYear.objects.filter(township=jucishan).values_list("year", "has_workers_home"))
    assert not homes[YEARS[0]] and homes[MAIN_YEAR]  # the 职工之家 was built in between

    # 具茨山镇 grew: more unions, a higher 组建率 and 入会率 each year
    first, main = township_figures(jucishan, YEARS[0]), township_figures(jucishan, MAIN_YEAR)
    assert first.organisation.unions_total < main.organisation.unions_total
    assert first.organisation.membership_rate.value < main.organisation.membership_rate.value
    rates = rates_over_years(jucishan, list(YEARS))
    for earlier, later in zip(YEARS, YEARS[1:]):
        assert rates[earlier][0].value < rates[later][0].value and rates[earlier][1].value < rates[later][1].value
    assert rates[YEARS[0]][1].value < Decimal("0.85")
    assert (rates[MAIN_YEAR][0], rates[MAIN_YEAR][1]) == (main.organisation.formation_rate, main.organisation.membership_rate)

    # a dissolved union counts (with its members) in the year before its dissolution, not in the main year
    dissolved = GrassrootsUnion.objects.filter(township=jucishan).exclude(dissolution="")
    assert dissolved.count() >= 1
    for union in dissolved:
        before = union.dissolved_on.year - 1
        assert union.dissolution in ("revoked", "deregistered") and union.dissolved_on.year < MAIN_YEAR
        assert union.exists_in(before) and not union.exists_in(MAIN_YEAR)
        assert GrassrootsUnion.objects.filter(existing_in(before), pk=union.pk).exists()
        assert not GrassrootsUnion.objects.filter(existing_in(MAIN_YEAR), pk=union.pk).exists()
        assert max(union.years.values_list("year", flat=True)) == before
        assert union.members.filter(active_on(datetime.date(before, 12, 31))).count() == union.members.count() > 0
        assert not union.members.filter(active_on(datetime.date(MAIN_YEAR, 12, 31))).exists()
        assert set(union.members.values_list("left_on", flat=True)) == {union.dissolved_on}
    kinds = {kind.key: kind.count for kind in main.organisation.unions_by_kind}
    assert kinds["enterprise"] == 92  # the dissolved ones are not in the seed's count

    # each union's rows tell one history: employees growing modestly, the latest election, contract
    # and 职代会 up to the year (never later), a contract valid over a realistic window
    for union in GrassrootsUnion.objects.filter(township__in=townships.values()).prefetch_related("years"):
        rows = sorted(union.years.all(), key=lambda row: row.year)
        assert [row.year for row in rows] == [year for year in YEARS if union.exists_in(year)]
        for row in rows:
            end = datetime.date(row.year, 12, 31)
            for day in (row.last_election_on, row.contract_signed_on, row.workers_congress_last_held_on, row.chair_trained_on):
                assert day is None or day <= end
            assert union.founded_on <= row.last_election_on
            if row.contract_signed_on:
                assert union.founded_on < row.contract_signed_on
                assert (row.contract_expires_on - row.contract_signed_on).days in range(1090, 1097)
            assert not row.wage_agreement or row.contract_signed_on <= end <= row.contract_expires_on
        for earlier, later in zip(rows, rows[1:]):
            assert earlier.employee_count <= later.employee_count <= earlier.employee_count * 1.1 + 1
            assert earlier.last_election_on <= later.last_election_on
            for name in ("contract_signed_on", "workers_congress_last_held_on", "chair_trained_on"):
                assert getattr(earlier, name) is None or getattr(earlier, name) <= getattr(later, name)

    # the years before have lighter casework, assistance and funding of their own
    for year in YEARS[:-1]:
        assert RightsCase.objects.filter(township=jucishan, received_on__year=year).count() < 22
        assert AssistanceRecord.objects.filter(township=jucishan, given_on__year=year, category="winter_warmth").exists()
        assert Activity.objects.filter(township=jucishan, held_on__year=year, kind="workers_congress").exists()
        assert AnnualFunding.objects.filter(township=jucishan, year=year).exists()
    congress_titles = set(Activity.objects.filter(township=jucishan, kind="workers_congress").values_list("title", flat=True))
    assert "2024年具茨山镇职工代表大会" in congress_titles  # the session number is the main year's only


def test_loading_twice_gives_the_same_demo_and_keeps_other_data():
    other = Township.objects.create(county=County.objects.create(name="其他县"), name="其他镇")
    xinzheng = County.objects.create(name="新郑市", city="郑州市", province="河南省", federation_name="新郑市总工会")
    neighbour = Township.objects.create(county=xinzheng, name="龙湖镇")  # not a demo township, in a demo county
    load()
    first_counts = counts()
    first_members = set(Member.objects.values_list("id_number", "name", "union__name"))
    first_cases = sorted(RightsCase.objects.values_list("township__name", "received_on", "amount_recovered"))
    assert Township.objects.get(name="具茨山镇").county == xinzheng

    load()
    assert counts() == first_counts
    assert set(Member.objects.values_list("id_number", "name", "union__name")) == first_members
    assert sorted(RightsCase.objects.values_list("township__name", "received_on", "amount_recovered")) == first_cases

    load("--remove")
    assert set(Township.objects.values_list("name", flat=True)) == {"其他镇", "龙湖镇"}
    assert set(County.objects.values_list("name", flat=True)) == {"其他县", "新郑市"}
    assert Township.objects.filter(pk__in=[other.pk, neighbour.pk]).count() == 2
    assert not Member.objects.exists() and not UserRole.objects.exists()
    assert not get_user_model().objects.filter(username__in=["siteadmin", "staff_jucishan"]).exists()


def test_refused_on_a_production_server(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="生产环境不能加载演示数据"):
        load()
    assert not Township.objects.exists()
