"""The demo reproduces the seed reports' figures, keeps the models' rules and can be loaded again without change."""
import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.test import RequestFactory
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q

from unions.demo_data import COUNTIES, DEMO_PASSWORD, MAIN_YEAR, TOWNSHIPS
from unions.figures import Ratio
from unions.models import (
    Activity,
    AssistanceRecord,
    County,
    GrassrootsUnion,
    Member,
    RightsCase,
    Township,
    UserRole,
)
from unions.selectors import township_figures
from unions.validators import id_check_char

pytestmark = pytest.mark.django_db

MODELS = (County, Township, GrassrootsUnion, Member, RightsCase, AssistanceRecord, Activity, UserRole)



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
    assert figures.union.workers_home_area_m2 == Decimal("658")
    assert (figures.union.committee_members, figures.union.full_time_staff) == (11, 3)
    assert GrassrootsUnion.objects.get(township=township, kind="industry").members.filter(left_on=None).count() == 8756
    assert "具茨山镇" in output and "15.8万元" in output and "liuhao-demo-2026" in output

    # every township: no rate above 100 %, in the main year and the year before, which has data too
    for township in Township.objects.all():
        for year in (MAIN_YEAR - 1, MAIN_YEAR):
            year_figures = township_figures(township, year)
            for group in (year_figures.organisation, year_figures.rights, year_figures.assistance):
                for name, value in vars(group).items():
                    if isinstance(value, Ratio) and value.applicable:
                        assert value.value <= 1, (township.name, year, name)
        previous = township_figures(township, MAIN_YEAR - 1)
        assert previous.rights.received > 0 and previous.activities.total > 0 and previous.assistance.records > 0
        assert 0 < previous.organisation.members_active < township_figures(township, MAIN_YEAR).organisation.members_active
    assert len(TOWNSHIPS) == Township.objects.count() == 5
    assert not Township.objects.filter(Q(name__contains="*") | Q(name__contains="xx") | Q(name__contains="X")).exists()

    # members: valid and unique ID numbers of their county, gender matching the sequence digit,
    # no union with more members (women, migrant workers) than employees
    regions = {c["name"]: str(c["region_code"]) for c in COUNTIES}
    assert Member.objects.values("id_number").distinct().count() == Member.objects.count()
    for number, gender, county in Member.objects.values_list("id_number", "gender", "township__county__name").iterator():
        assert number[17] == id_check_char(number[:17]) and number[:6] == regions[county]
        assert (int(number[16]) % 2 == 0) == (gender == "F")
    active = Q(members__left_on__isnull=True)
    over = GrassrootsUnion.objects.annotate(
        n=Count("members", filter=active),
        women=Count("members", filter=active & Q(members__gender="F")),
        migrants=Count("members", filter=active & Q(members__is_migrant_worker=True)),
    ).filter(Q(n__gt=F("employee_count")) | Q(women__gt=F("women_count")) | Q(migrants__gt=F("migrant_count")))
    assert not over.exists()
    assert Member.objects.exclude(hardship_reason="").exists() and Member.objects.filter(is_migrant_worker=True).exists()
    for union in GrassrootsUnion.objects.all():
        union.full_clean()
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
