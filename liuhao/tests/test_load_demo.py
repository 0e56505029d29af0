"""The demo reproduces the seed reports' figures, has five years of history leading up to them,
keeps the models' rules, leaves every role work to do (新郑市 under review, the other counties open
for applications), loads only into an empty database and is rebuilt the same by --reset."""
import datetime
from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F, Q
from django.test import RequestFactory, override_settings
from django.urls import reverse

from liuhao.demo_data import COUNTIES, DEMO_PASSWORD, MAIN_YEAR, TOWNSHIPS, YEARS
from reviews.models import Application, Assignment, Review, Round, Score, Submission
from reviews.scoring import RubricParts
from reviews.selectors import application_result, reviewers_missing
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
          AssistanceRecord, Activity, UserRole, Round, Application, Submission, Assignment, Review, Score)


@pytest.fixture(autouse=True)
def development_server(settings):
    """The demo loads only where DEBUG is on; pytest-django runs tests with DEBUG off."""
    settings.DEBUG = True


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for the module (a load takes about 20 s), in a transaction rolled back
    at the end; each test runs in a savepoint inside it, so what a test changes is undone. The
    command's output is the fixture's value."""
    with django_db_blocker.unblock(), override_settings(DEBUG=True), transaction.atomic():
        yield load()
        transaction.set_rollback(True)


def load(*args) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS} | {"User": get_user_model().objects.count()}


def history_counts() -> dict[str, int]:
    """Rows of every audit trail: what a reload leaves behind of the demo it replaced."""
    return {model.__name__: model.objects.count() for model in apps.get_models() if model.__name__.startswith("Historical")}


def review_state() -> set[tuple]:
    """The demo's 评选 by names: round, application, reviewer, scores and whether submitted."""
    rounds = {(r.county.name, r.year, r.status, r.min_reviews, r.applications.count()) for r in Round.objects.select_related("county")}
    assignments = {(a.application.township.name, a.application.status, a.reviewer.username)
                   for a in Assignment.objects.select_related("application__township", "reviewer")}
    reviews = {(r.submission.application.township.name, r.reviewer.username, r.is_submitted,
                tuple(sorted(r.scores.values_list("indicator__code", "value"))))
               for r in Review.objects.select_related("submission__application__township", "reviewer")}
    return rounds | assignments | reviews


def log_in(client, username):
    """Through the login page with the demo password, as someone trying the demo does."""
    response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, username


def test_seed_one_figures_model_rules_and_accounts(demo):
    output = demo

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


def test_five_years_of_history(demo):
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


def test_xinzheng_is_under_review_and_the_other_counties_are_open(client, demo):
    xinzheng = County.objects.get(name="新郑市")
    round_ = Round.objects.get(county=xinzheng, year=MAIN_YEAR)
    assert round_.status == Round.Status.REVIEWING and round_.min_reviews == 1
    applications = {a.township.name: a for a in round_.applications.select_related("township", "round")}
    assert set(applications) == {"具茨山镇", "溱洧镇"}
    for application in applications.values():
        assert application.status == Application.Status.SUBMITTED
        assert list(application.submissions.values_list("version", flat=True)) == [1]
    jucishan, zhenwei = applications["具茨山镇"], applications["溱洧镇"]

    # every reviewer the rules allow: 孙丽华 works in 溱洧镇 and is not assigned its application
    assigned = {name: set(a.assignments.values_list("reviewer__username", flat=True)) for name, a in applications.items()}
    assert assigned == {"具茨山镇": {"reviewer_xinzheng", "reviewer2_xinzheng"}, "溱洧镇": {"reviewer_xinzheng"}}

    # 具茨山镇: 赵文斌 has submitted every line, 孙丽华 has saved the first 考核项目 and not submitted;
    # 溱洧镇 is not scored yet
    indicators = len(RubricParts.load(round_.rubric).indicators)
    done = Review.objects.get(submission__application=jucishan, reviewer__username="reviewer_xinzheng")
    draft = Review.objects.get(submission__application=jucishan, reviewer__username="reviewer2_xinzheng")
    assert done.is_submitted and done.scores.count() == indicators and done.overall_comment
    assert not draft.is_submitted and 0 < draft.scores.count() < indicators
    assert not Review.objects.filter(submission__application=zhenwei).exists()
    result = application_result(jucishan)
    assert result.aggregate.reviews == 1 and result.aggregate.total > 0
    assert [reviewer.username for reviewer in reviewers_missing(result)] == ["reviewer2_xinzheng"]

    # the audit trail says who did each step, as if they had clicked
    def who(records) -> set[str]:
        return set(records.values_list("history_user__username", flat=True))

    assert who(Application.history.filter(id=jucishan.pk)) == {"staff_jucishan"}
    assert who(Application.history.filter(id=zhenwei.pk)) == {"staff_zhenwei"}
    assert who(Assignment.history.filter(application_id__in=[jucishan.pk, zhenwei.pk])) == {"admin_xinzheng"}
    assert who(Round.history.filter(id=round_.pk)) == {"admin_xinzheng"}
    assert who(Review.history.filter(id=done.pk)) | who(Score.history.filter(review_id=done.pk)) == {"reviewer_xinzheng"}
    assert who(Score.history.filter(review_id=draft.pk)) == {"reviewer2_xinzheng"}

    # the admin can decide 具茨山镇 now (one submitted review is enough), told who has not submitted
    log_in(client, "admin_xinzheng")
    page = client.get(reverse("reviews:decide", args=[jucishan.pk])).content.decode()
    assert "尚未提交评分" in page and "孙丽华" in page and "目前只有" not in page

    # the other counties' rounds are open for applications, with none yet
    others = Round.objects.exclude(county=xinzheng)
    assert set(others.values_list("county__name", flat=True)) == {"皋兰县", "湘乡市", "桑植县"}
    assert set(others.values_list("status", flat=True)) == {Round.Status.OPEN}
    assert not Application.objects.exclude(round=round_).exists()
    assert all(round_.deadline > datetime.date.today() for round_ in others)


def test_every_reviewer_of_xinzheng_has_work_right_after_loading(client, demo):
    log_in(client, "reviewer_xinzheng")
    page = client.get(reverse("reviews:queue")).content.decode()
    assert "目前没有分配给您的申报" not in page
    zhenwei = Application.objects.get(township__name="溱洧镇")
    assert "溱洧镇" in page and f'href="{reverse("reviews:review", args=[zhenwei.pk])}">评分<' in page
    assert "具茨山镇" in page and "已提交评分" in page

    client.logout()
    log_in(client, "reviewer2_xinzheng")
    page = client.get(reverse("reviews:queue")).content.decode()
    draft = Review.objects.get(reviewer__username="reviewer2_xinzheng")
    indicators = len(RubricParts.load(draft.submission.application.round.rubric).indicators)
    assert "具茨山镇" in page and "溱洧镇" not in page and f"{draft.scores.count()}/{indicators}" in page


def test_the_open_county_takes_an_application(client, demo):
    township = Township.objects.get(name="金城湾镇")
    round_ = Round.objects.get(county=township.county)
    log_in(client, "staff_jinchengwan")
    page = client.get(reverse("reviews:township_applications", args=[township.pk])).content.decode()
    assert f'value="{round_.pk}"' in page
    response = client.post(reverse("reviews:township_applications", args=[township.pk]), {"round": round_.pk})
    application = Application.objects.get(round=round_, township=township)
    assert response.url == reverse("reviews:application_detail", args=[application.pk])
    client.post(reverse("reviews:application_submit", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED and application.submissions.count() == 1


def test_loading_again_changes_nothing_and_reset_rebuilds_the_same_demo(demo):
    def pks():
        return {model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in MODELS}

    first_pks, first_counts, first_history, first_reviews = pks(), counts(), history_counts(), review_state()
    first_members = set(Member.objects.values_list("id_number", "name", "union__name"))
    first_cases = sorted(RightsCase.objects.values_list("township__name", "received_on", "amount_recovered"))
    member = Member.objects.filter(township__name="具茨山镇").order_by("pk").first()
    Member.objects.filter(pk=member.pk).update(name="改过的名字")

    output = load()  # what `make run` does every time
    assert "演示数据已存在，未作任何改动" in output and "--reset" in output
    assert pks() == first_pks and history_counts() == first_history
    assert Member.objects.get(pk=member.pk).name == "改过的名字"

    output = load("--reset")
    assert "新郑市：评审中" in output
    assert counts() == first_counts and review_state() == first_reviews
    assert set(Member.objects.values_list("id_number", "name", "union__name")) == first_members
    assert sorted(RightsCase.objects.values_list("township__name", "received_on", "amount_recovered")) == first_cases
    assert not Member.objects.filter(name="改过的名字").exists()
    assert history_counts() == first_history  # the replaced demo's audit trail went with it


def test_loads_only_into_an_empty_database_and_keeps_other_data(demo):
    load("--remove")
    assert counts() == dict.fromkeys(counts(), 0)
    other = Township.objects.create(county=County.objects.create(name="其他县"), name="其他镇")
    xinzheng = County.objects.create(name="新郑市", city="郑州市", province="河南省", federation_name="新郑市总工会")
    neighbour = Township.objects.create(county=xinzheng, name="龙湖镇")  # not a demo township, in a demo county

    output = load()
    assert "数据库中已有数据（2个县（市、区）、2个乡镇（街道）），未加载演示数据" in output
    assert Township.objects.count() == 2 and not get_user_model().objects.exists()

    load("--reset")
    assert Township.objects.get(name="具茨山镇").county == xinzheng
    assert Round.objects.get(county=xinzheng).status == Round.Status.REVIEWING
    assert Application.objects.filter(round__county=xinzheng).count() == 2

    load("--remove")
    assert set(Township.objects.values_list("name", flat=True)) == {"其他镇", "龙湖镇"}
    assert set(County.objects.values_list("name", flat=True)) == {"其他县", "新郑市"}
    assert Township.objects.filter(pk__in=[other.pk, neighbour.pk]).count() == 2
    assert not Member.objects.exists() and not UserRole.objects.exists()
    assert not Round.objects.exists() and not Application.objects.exists()  # the demo's round went with its applications
    assert not get_user_model().objects.filter(username__in=["siteadmin", "staff_jucishan"]).exists()


def test_refused_on_a_production_server(settings):
    settings.DEBUG = False
    before = counts()
    for args in ((), ("--reset",)):
        with pytest.raises(CommandError, match="生产环境不能加载演示数据"):
            load(*args)
    assert counts() == before
