"""Builds the demo counties, townships, records and accounts from the seed reports.

Each township gets five years (2021–2025): its 镇情 and 六有 per year, grassroots unions founded
(and a few dissolved) over the years with their figures of every year they existed, members who
joined over the years, and each year's cases, assistance and activities. The main year holds the
seed report's figures; the years before lead up to them.

The 评选 are then taken where demo_data.REVIEWING says, through the services the pages call
(reviews/services.py) and recorded in the audit trail as the people's own: 新郑市's under review,
the other counties' open for applications.

Without options it loads only into an empty database (no county, township or account) and
otherwise says so and changes nothing, so `make setup` can always call it and the demo's ids and
edits stay put. `--reset` rebuilds the same demo (fixed random seed): the demo townships — with
everything in them — and the demo accounts are deleted and created again inside one transaction;
other townships, even in the demo counties, are left alone. After loading, the figures are checked
against the seed reports through `township_figures`; a mismatch rolls the whole load back.
"""
import datetime
import math
import random
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count, ProtectedError, Q
from django.http import HttpRequest
from django.utils import timezone
from simple_history.models import HistoricalRecords

from liuhao import demo_data
from reviews import services
from reviews.models import Application, Assignment, BonusScore, Review, Round, Rubric, Score, Submission, VetoFlag
from reviews.scoring import RubricParts, suggested_bonus, suggested_points
from unions.figures import Ratio, format_people, format_yuan
from unions.models import (
    Activity,
    AnnualFunding,
    AssistanceRecord,
    County,
    GrassrootsUnion,
    GrassrootsUnionYear,
    Honour,
    Member,
    RightsCase,
    Township,
    TownshipUnion,
    TownshipYear,
    UserRole,
)
from unions.selectors import rates_over_years, township_figures
from unions.validators import id_check_char

YEAR = demo_data.MAIN_YEAR
YEARS = demo_data.YEARS
FIRST = YEARS[0]
PREVIOUS = YEAR - 1
# How much of the main year's casework, assistance and activities each earlier year had.
EARLIER_SHARE = {2021: 0.55, 2022: 0.65, 2023: 0.75, 2024: 0.85}
assert tuple(EARLIER_SHARE) == YEARS[:-1]
MEMBER_BATCH = 2000
LEAVER_SHARE = 0.01  # members who left in the last two years, on top of the active members
TOWNSHIP_FACTS = (
    "administrative_villages", "communities", "natural_villages", "villager_groups", "households", "population",
    "enterprises", "eligible_employers", "gdp_text", "fiscal_revenue_text",
)
HARDSHIP_REASON_WEIGHTS = {
    "illness": 35, "disability": 15, "schooling": 20, "single_parent": 10, "unemployment": 10, "disaster": 5, "other": 5,
}


RESET_HINT = "要删除演示数据后重建：python manage.py load_demo --reset（或 make demo-reset）。"


class Command(BaseCommand):
    help = (
        "建立演示数据：种子汇报材料中的乡镇、基层工会、会员、案件、帮扶、活动、评选和演示账号。"
        "只加载到空数据库中；数据库已有数据时说明情况，不作任何改动。"
    )

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group()
        action.add_argument(
            "--reset", action="store_true",
            help="先删除演示乡镇（含其全部数据）和演示账号，再按固定随机种子重建；同县的其他乡镇和其他数据不受影响。"
            "演示数据的编号会变，对演示数据的修改会丢失。",
        )
        action.add_argument(
            "--remove", action="store_true",
            help="只删除演示乡镇（含其全部数据）、演示县（其中没有其他乡镇时）和演示账号，不再重建。",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["remove"]:
            # The demo accounts have a published password: never on a production server.
            raise CommandError("DEBUG=False：生产环境不能加载演示数据（演示账号的密码是公开的）。")
        if options["remove"]:
            with transaction.atomic():
                remove_demo()
            self.stdout.write("已删除演示数据和演示账号。")
            return
        if not options["reset"] and (found := what_is_there()):
            self.stdout.write(found)
            return
        with transaction.atomic():
            remove_demo()
            counties = {spec["key"]: create_county(spec) for spec in demo_data.COUNTIES}
            generator = DemoGenerator(random.Random(demo_data.RANDOM_SEED))
            townships = [generator.township(spec, counties[spec["county"]]) for spec in demo_data.TOWNSHIPS]
            accounts = create_accounts(counties, townships)
            open_rounds(counties)
            skipped = start_review(counties, townships)
            problems = [problem for spec, township in zip(demo_data.TOWNSHIPS, townships)
                        for problem in check_figures(spec, township)]
            if problems:
                raise CommandError("演示数据与种子汇报材料不符，已回滚：\n" + "\n".join(problems))
        self.print_summary(townships, accounts, counties, skipped)

    def print_summary(self, townships, accounts, counties, skipped):
        self.stdout.write(f"演示数据（{YEAR}年度，另有{FIRST}—{PREVIOUS}年度数据供对比）：")
        for township in townships:
            figures = township_figures(township, YEAR)
            org, rights, aid, acts = figures.organisation, figures.rights, figures.assistance, figures.activities
            self.stdout.write(
                f"  {township.county.name}{township.name}：基层工会{org.unions_total}家（"
                + "、".join(f"{k.label}{k.count}" for k in org.unions_by_kind if k.count)
                + f"），会员{format_people(org.members_active)}（农民工{org.members_migrant}），"
                f"组建率{org.formation_rate}，入会率{org.membership_rate}，集体合同覆盖率{org.collective_contract_rate}；"
                f"维权案件{rights.received}件、办结率{rights.conclusion_rate}、挽回{format_yuan(rights.amount_recovered)}"
                f"（农民工{rights.migrant_workers_helped}人）；帮扶{aid.records}次{format_yuan(aid.amount)}，"
                f"困难职工帮扶{aid.hardship_members_assisted}人；培训{acts.trainings}期{acts.people_trained}人，"
                f"安置就业{acts.jobs_placed}人"
            )
            rates = rates_over_years(township, list(YEARS))
            self.stdout.write(
                f"    {FIRST}—{YEAR}年 组建率 " + "→".join(str(rates[year][0]) for year in YEARS)
                + "，入会率 " + "→".join(str(rates[year][1]) for year in YEARS)
            )
        self.stdout.write(f"\n{YEAR}年评选：")
        for line in round_lines(counties.values()):
            self.stdout.write(f"  {line}")
        if skipped:
            self.stdout.write(f"  {skipped}")
        self.stdout.write(f"\n演示账号（密码均为 {demo_data.DEMO_PASSWORD}；各账号可以试什么，见 README 的演示账号表）：")
        for username, display_name, description in accounts:
            self.stdout.write(f"  {username:<22} {pad(display_name, 12)} {description}")
        self.stdout.write("\n再次运行本命令不会改动已有数据；" + RESET_HINT)


def what_is_there() -> str:
    """Why the command without options leaves the database as it is; "" when it is empty. The demo
    goes into an empty database only, so that `make run` never moves its ids or undoes edits."""
    User = get_user_model()
    if demo_townships().exists() or User.objects.filter(username__in=demo_usernames()).exists():
        return "演示数据已存在，未作任何改动。" + RESET_HINT
    found = {"个县（市、区）": County.objects.count(), "个乡镇（街道）": Township.objects.count(), "个账号": User.objects.count()}
    if any(found.values()):
        return ("数据库中已有数据（" + "、".join(f"{count}{label}" for label, count in found.items() if count)
                + "），未加载演示数据。要加入演示数据：python manage.py load_demo --reset"
                "（只删除并重建演示乡镇和演示账号，其他数据不受影响）。")
    return ""


@contextmanager
def acting_as(user):
    """Changes recorded in the audit trail as the user's, as HistoryRequestMiddleware records a page's."""
    request = HttpRequest()
    request.user = user
    HistoricalRecords.context.request = request
    try:
        yield
    finally:
        del HistoricalRecords.context.request


def demo_user(username: str):
    return get_user_model().objects.get(username=username)


def open_rounds(counties: dict[str, County]):
    """Each demo county's admin opens its 2025 评选 with the default rubric, so staff can apply at
    once (a county kept from an earlier load, because it holds other townships, keeps its round)."""
    rubric = Rubric.objects.order_by("pk").first()
    if rubric is None:
        return
    for key, county in counties.items():
        if Round.objects.filter(county=county, year=YEAR).exists():
            continue
        extra = {"min_reviews": demo_data.REVIEWING["min_reviews"]} if key == demo_data.REVIEWING["county"] else {}
        with acting_as(demo_user(f"admin_{key}")):
            saved(Round(county=county, year=YEAR, deadline=timezone.localdate() + datetime.timedelta(days=60),
                        rubric=rubric, **extra))


def start_review(counties: dict[str, County], townships: list[Township]) -> str:
    """Takes the county of demo_data.REVIEWING to 评审中 as its people would on the pages, through
    the same services: the townships' staff apply and submit, the county admin closes applications
    and assigns every reviewer the rules allow, the reviewers score. "" when done, else why not."""
    plan = demo_data.REVIEWING
    county = counties[plan["county"]]
    round_ = Round.objects.filter(county=county, year=YEAR).select_related("rubric").first()
    if round_ is None:
        return f"没有考核标准，{county.name}未建立评选。"
    if round_.status != Round.Status.OPEN:  # a county kept for other townships whose round has moved on
        return f"{county.name}{YEAR}年评选已是“{round_.get_status_display()}”，未建立演示申报。"
    by_key = {spec["key"]: township for spec, township in zip(demo_data.TOWNSHIPS, townships)}
    try:
        for key in plan["applications"]:
            staff = demo_user(f"staff_{key}")
            with acting_as(staff):
                services.submit_application(services.create_application(round_, by_key[key]), staff)
        with acting_as(demo_user(f"admin_{plan['county']}")):
            services.advance_round(round_, Round.Status.REVIEWING)
            applications = {application.township_id: application for application in Application.objects.filter(
                round=round_, township__in=[by_key[key] for key in plan["applications"]]).select_related("round")}
            for application in applications.values():
                for role in services.county_reviewers(county.pk):
                    if services.may_review(role, application):
                        services.assign_reviewer(application, role.user)
        parts = RubricParts.load(round_.rubric)
        for username, work in plan["reviews"].items():
            reviewer = demo_user(username)
            for key, state in work.items():
                application = applications[by_key[key].pk]
                complete = state == "submitted"
                scores, bonus = demo_scores(parts, application.submissions.first().evidence, complete=complete)
                with acting_as(reviewer):
                    services.save_review(application, reviewer, scores=scores, bonus=bonus, vetoes={},
                                         overall_comment=plan["overall_comment"] if complete else "", submit=complete)
    except services.ProcessError as error:
        raise CommandError("演示评选未能建立，已回滚：" + "；".join(map(str, error.args))) from error
    return ""


def demo_scores(parts: RubricParts, evidence: dict, *, complete: bool):
    """A reviewer's scores: the suggested score where the figures give one, else a judgement a little
    under full marks, with its reason; a draft has the first 考核项目 only and no bonus yet."""
    scores = {}
    for indicator in parts.indicators:
        if not complete and indicator.dimension_id != parts.dimensions[0].pk:
            continue
        suggested = suggested_points(indicator, evidence)
        if suggested is None:  # 90 % of the points, down to the half point
            judged = (indicator.points * Decimal("1.8")).to_integral_value(ROUND_FLOOR) / 2
            scores[indicator.pk] = services.ScoreInput(judged, demo_data.REVIEWING["judged_comment"])
        else:
            scores[indicator.pk] = services.ScoreInput(suggested)
    bonus = {}
    if complete:
        for item in parts.bonus_items:
            if (suggested := suggested_bonus(item, evidence)) is not None:
                bonus[item.pk] = services.ScoreInput(suggested)
    return scores, bonus


def round_lines(counties) -> list[str]:
    """Where each demo county's 评选 stands, application by application, for the summary."""
    lines = []
    for round_ in Round.objects.filter(county__in=counties, year=YEAR).select_related("county").order_by("county__pk"):
        applications = list(round_.applications.select_related("township").order_by("pk"))
        head = f"{round_.county.name}：{round_.get_status_display()}"
        if round_.status == Round.Status.OPEN:
            head += f"，申报截止{round_.deadline:%Y-%m-%d}"
        lines.append(head + f"，至少{round_.min_reviews}位评审提交评分后决定" + ("" if applications else "，尚无申报"))
        for application in applications:
            latest = application.submissions.first()
            reviews = {review.reviewer_id: review for review in Review.objects.filter(submission=latest).annotate(
                scored=Count("scores"))} if latest else {}
            states = []
            for assignment in application.assignments.select_related("reviewer").order_by("pk"):
                review = reviews.get(assignment.reviewer_id)
                state = ("已提交评分" if review.is_submitted else f"已评{review.scored}项，未提交") if review else "尚未评分"
                states.append(f"{assignment.reviewer.first_name}（{assignment.reviewer.username}）{state}")
            lines.append(f"  {application.township.name} {application.get_status_display()}"
                         + ("：" + "；".join(states) if states else ""))
    return lines


def pad(text: str, width: int) -> str:
    """`text` padded to `width` columns, a Chinese character taking two."""
    columns = sum(2 if ord(char) > 0x2E7F else 1 for char in text)
    return text + " " * max(0, width - columns)


# --- removing and checking -----------------------------------------------------------------------


def demo_townships():
    county_names = {spec["key"]: spec["name"] for spec in demo_data.COUNTIES}
    demo = Q()
    for spec in demo_data.TOWNSHIPS:
        demo |= Q(county__name=county_names[spec["county"]], name=spec["name"])
    return Township.objects.filter(demo)


def remove_demo():
    """Deletes the demo townships with everything in them (their applications and reviews too), the
    demo counties unless they hold other townships, the demo year's round of a kept demo county
    unless another township applied to it, and the demo accounts. Other townships are kept."""
    county_names = [spec["name"] for spec in demo_data.COUNTIES]
    townships = demo_townships()
    demo_ids = list(townships.values_list("pk", flat=True))
    # ids read from the audit trail itself, so that the history of what an earlier load left goes too
    application_ids = set(Application.history.filter(township_id__in=demo_ids).values_list("id", flat=True))
    submission_ids = list(Submission.objects.filter(application_id__in=application_ids).values_list("pk", flat=True))
    review_ids = set(Review.history.filter(submission_id__in=submission_ids).values_list("id", flat=True))
    round_ids = set(Round.history.filter(county__name__in=county_names, year=YEAR).values_list("id", flat=True))
    User = get_user_model()
    users = User.objects.filter(username__in=demo_usernames())
    user_ids = set(User.history.filter(username__in=demo_usernames()).values_list("id", flat=True))
    AssistanceRecord.objects.filter(township__in=townships).delete()
    Member.objects.filter(township__in=townships).delete()  # union → member is PROTECT
    townships.delete()
    County.objects.filter(name__in=county_names, townships__isnull=True).delete()
    Round.objects.filter(county__name__in=county_names, year=YEAR, applications__isnull=True).delete()
    try:
        users.delete()
    except ProtectedError as error:
        raise CommandError("演示账号在非演示乡镇的申报中留有提交、评分或决定记录，不能删除："
                           + "、".join(sorted({str(obj) for obj in error.protected_objects})[:5])) from error
    # The demo's audit trail goes with it (deleting records writes their "deleted" entries), or every
    # reload would leave a thousand entries about townships that no longer exist.
    for model in (TownshipYear, GrassrootsUnion, GrassrootsUnionYear):
        model.history.filter(township_id__in=demo_ids).delete()
    Township.history.filter(id__in=demo_ids).delete()
    User.history.filter(id__in=user_ids).delete()
    UserRole.history.filter(user_id__in=user_ids).delete()
    Application.history.filter(id__in=application_ids).delete()
    Assignment.history.filter(application_id__in=application_ids).delete()
    Review.history.filter(id__in=review_ids).delete()
    for model in (Score, BonusScore, VetoFlag):
        model.history.filter(review_id__in=review_ids).delete()
    Round.history.filter(id__in=round_ids - set(Round.objects.values_list("pk", flat=True))).delete()


def demo_usernames() -> list[str]:
    names = ["siteadmin"]
    names += [f"staff_{spec['key']}" for spec in demo_data.TOWNSHIPS]
    for spec in demo_data.COUNTIES:
        names += [f"reviewer_{spec['key']}", f"admin_{spec['key']}"]
        if second := spec.get("second_reviewer"):
            names.append(second["key"])
    return names


def check_figures(spec, township) -> list[str]:
    """What the seed report states against what `township_figures` computes; [] when they agree."""
    figures = township_figures(township, YEAR)
    org, rights, aid = figures.organisation, figures.rights, figures.assistance
    problems = []

    def expect(label, actual, wanted):
        if actual != wanted:
            problems.append(f"{township.name} {label}：应为{wanted}，实为{actual}")

    kinds = {kind.key: kind.count for kind in org.unions_by_kind}
    for kind, count, *_rest in spec["unions"]:
        expect(f"{kind}工会数", kinds[kind], count)
    expect("会员数", org.members_active, sum(members for _kind, _count, members, *_rest in spec["unions"]))
    expect("维权案件数", rights.received, spec["cases"]["count"])
    expect("挽回金额", rights.amount_recovered, spec["cases"]["recovered"])
    expect("帮扶金额", aid.amount, spec["assistance"]["total"])
    expect("帮扶困难职工数", aid.hardship_members_assisted, spec["assistance"]["hardship_helped"])
    for year in YEARS:
        year_figures = township_figures(township, year)
        if year_figures.facts is None:
            problems.append(f"{township.name} 缺少{year}年度情况")
        expect(f"{year}年缺少年度数据的基层工会数", year_figures.organisation.unions_without_figures, 0)
        for group in (year_figures.organisation, year_figures.rights, year_figures.assistance):
            for name, value in vars(group).items():
                if isinstance(value, Ratio) and value.applicable and value.value > 1:
                    problems.append(f"{township.name} {year} {name} = {value}，超过100%")
    return problems


# --- building ------------------------------------------------------------------------------------


def create_county(spec) -> County:
    """The demo county; one that stayed because it holds other townships is used as it is."""
    existing = County.objects.filter(name=spec["name"]).first()
    return existing or saved(County(
        name=spec["name"], city=spec["city"], province=spec["province"], federation_name=f"{spec['name']}总工会"
    ))


def saved(obj):
    obj.full_clean()
    obj.save()
    return obj


def saved_all(objects: list) -> list:
    """Every object through the model's rules, then inserted in one statement per model."""
    for obj in objects:
        validate(obj)
    if objects:
        type(objects[0]).objects.bulk_create(objects)
    return objects


def validate(obj):
    """full_clean(), except for asking the database whether the related rows the object was built
    with exist: they were created a moment ago in this transaction (one query per key saved)."""
    known = [
        field.name for field in obj._meta.concrete_fields
        if field.is_relation and field.is_cached(obj) and getattr(obj, field.name) is not None
        and getattr(obj, field.name).pk is not None
    ]
    obj.clean_fields(exclude=known)
    obj.clean()
    obj.validate_unique()
    obj.validate_constraints()


def split_total(total: int, parts: int, rng: random.Random, minimum: int = 1) -> list[int]:
    """`total` split into `parts` uneven whole numbers, each at least `minimum`, adding up exactly."""
    if parts == 0:
        return []
    weights = [rng.uniform(0.3, 1.7) for _ in range(parts)]
    spare = total - minimum * parts
    if spare < 0:
        raise ValueError(f"cannot split {total} into {parts} parts of at least {minimum}")
    shares = [minimum + math.floor(spare * w / sum(weights)) for w in weights]
    shares[-1] += total - sum(shares)
    return shares


def random_date(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def latest(days: list[datetime.date], until: datetime.date) -> datetime.date | None:
    """The latest of `days` (in order) on or before `until`; None when there is none."""
    found = None
    for day in days:
        if day > until:
            break
        found = day
    return found


# A 职代会 title names its session ("第三届一次会议"): the years before get the title without it.
SESSION = re.compile(r"第[一二三四五六七八九十]+届[一二三四五六七八九十]+次会议$")


@dataclass
class UnionPlan:
    """A grassroots union as the demo builds it, before its yearly rows are written.

    `members`: its members at the end of its last year (the main year, or the year before it was
    dissolved). `facts`: its figures of each year it existed but the head counts, which are settled
    once the members are drawn (`active`, `women`, `migrants`: members on the roll at each year's end).
    """

    union: GrassrootsUnion
    members: int
    years: list[int]
    employees: dict[int, int]
    women_share: float
    migrant_share: float
    facts: dict[int, dict]
    active: dict[int, int] = field(default_factory=dict)
    women: dict[int, int] = field(default_factory=dict)
    migrants: dict[int, int] = field(default_factory=dict)

    @property
    def last_year(self) -> int:
        return self.years[-1]


def existing(plans: list[UnionPlan], year: int, kind: str | None = None, on: datetime.date | None = None) -> list[GrassrootsUnion]:
    """The unions that count in `year` (and were founded by `on`), of `kind` if there are any of it."""
    unions = [plan.union for plan in plans if plan.union.exists_in(year) and (on is None or plan.union.founded_on <= on)]
    if not unions:  # `on` before every founding of the year
        unions = [plan.union for plan in plans if plan.union.exists_in(year)]
    of_kind = [union for union in unions if union.kind == kind]
    return of_kind or unions


def membership_scale(plans: list[UnionPlan], first_rate: float) -> dict[int, float]:
    """Each year's 入会率 as a share of the main year's, rising in a straight line from `first_rate` in 2021."""
    current = [plan for plan in plans if plan.last_year == YEAR]
    rate = sum(plan.members for plan in current) / sum(plan.employees[YEAR] for plan in current)
    first_rate = min(first_rate, rate)
    return {year: (first_rate + (rate - first_rate) * (year - FIRST) / (YEAR - FIRST)) / rate for year in YEARS}


class DemoGenerator:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.id_numbers: set[str] = set()

    # --- people ------------------------------------------------------------------------------

    def person_name(self, female: bool) -> str:
        given = demo_data.GIVEN_FEMALE if female else demo_data.GIVEN_MALE
        length = self.rng.choice((1, 2, 2))
        return self.rng.choice(demo_data.SURNAMES) + "".join(self.rng.choice(given) for _ in range(length))

    def id_number(self, region: int, birth: datetime.date, female: bool) -> str:
        """A unique 居民身份证号: region, birth date, a sequence whose parity gives the gender
        (odd for men, GB 11643), and the check character."""
        while True:
            sequence = self.rng.randrange(0, 1000)
            if (sequence % 2 == 0) != female:
                sequence = (sequence + 1) % 1000
            first17 = f"{region:06d}{birth:%Y%m%d}{sequence:03d}"
            number = first17 + id_check_char(first17)
            if number not in self.id_numbers:
                self.id_numbers.add(number)
                return number

    # --- a township --------------------------------------------------------------------------

    def township(self, spec, county: County) -> Township:
        township = saved(Township(
            county=county, name=spec["name"], kind=spec["kind"], area_km2=spec["area_km2"], overview=spec["overview"],
        ))
        years = self.township_years(township, spec)
        region = next(c["region_code"] for c in demo_data.COUNTIES if c["key"] == spec["county"])
        plans = self.grassroots_unions(township, spec)
        helped, files, others = self.members(township, plans, spec, region)
        self.union_years(township, plans)
        self.rights_cases(township, plans, spec, years)
        self.assistance(township, helped, files, others, spec)
        self.activities(township, plans, spec)
        for title, level, year in spec["honours"]:
            awarded_by = {"county": county.federation_name, "municipal": f"{county.city}总工会",
                          "provincial": f"{county.province}总工会"}.get(level, "中华全国总工会")
            saved(Honour(township=township, title=title, level=level, year=year, awarded_by=awarded_by))
        return township

    def township_years(self, township, spec) -> dict[int, TownshipYear]:
        """The township union, its funding, and the 镇情 and 六有 of every year, all confirmed: the
        spec's values in the main year, its `earlier` ones before."""
        facts = dict(spec["union"])
        funding = facts.pop("funding")
        saved(TownshipUnion(township=township, name=facts.pop("name"), form=facts.pop("form")))
        for year, amount, source in funding:
            saved(AnnualFunding(township=township, year=year, amount=amount, source=source, audited=True,
                                note="列入镇财政预算" if source == "fiscal" else ""))
        rules = spec["rules"]
        main = {key: spec.get(key) for key in TOWNSHIP_FACTS} | dict(
            chair_elected=True, has_audit_committee=True, has_women_committee=True, legal_person_certified=True,
            has_seal=True, has_nameplate=True,
        ) | facts
        cert_number = f"工法证字第{self.rng.randint(10000, 99999)}号"
        rows = {}
        for index, year in enumerate(YEARS):
            values = dict(main)
            if year != YEAR:
                for name, earlier in spec.get("earlier", {}).items():
                    if earlier[index] is not None:
                        values[name] = earlier[index]
            values["rules"] = "\n".join(rules[: max(3, len(rules) - (YEAR - year + 1) // 2)])  # one more every other year
            values["has_workers_home"] = values["workers_home_area_m2"] > 0
            values["legal_person_cert_number"] = cert_number if values["legal_person_certified"] else ""
            values["funding_in_budget"] = any(y == year and source == "fiscal" for y, _amount, source in funding)
            rows[year] = saved(TownshipYear(township=township, year=year, carried_forward=False, **values))
        return rows

    def union_name(self, township, kind, index, spec) -> str:
        place = township.name.removesuffix("街道").removesuffix("镇").removesuffix("乡")
        if kind == "industry":
            return spec["industry_name"]
        if kind == "village":  # random: the caller draws again on a clash
            return f"{self.rng.choice(demo_data.SURNAMES)}{self.rng.choice(demo_data.VILLAGE_SUFFIXES)}村工会联合会"
        if kind == "institution":
            return f"{township.name}{('机关', '中心学校', '卫生院', '农业服务中心')[index % 4]}工会"
        if kind == "community":
            return f"{place}{'东西南北中新'[index % 6]}城社区工会"
        words = demo_data.ENTERPRISE_WORDS
        brand = "宏兴华裕顺达金丰鑫源"[index // len(words) % 10]
        return f"{place}{brand}{words[index % len(words)]}有限公司工会"

    def grassroots_unions(self, township, spec) -> list[UnionPlan]:
        """The main year's unions (the kind's last ones founded since 2021, as `founded` says) and
        the dissolved ones, saved; their yearly figures wait for the members."""
        rng, quality = self.rng, spec["quality"]
        plans, names = [], set()

        def unique_name(kind, index):
            name = self.union_name(township, kind, index, spec)
            while name in names:
                name = self.union_name(township, kind, index, spec)
            names.add(name)
            return name

        for kind, count, members_total, employees_per_member, covers in spec["unions"]:
            new = [year for year, founded in zip(YEARS, spec.get("founded", {}).get(kind, ())) for _ in range(founded)]
            founding_years = [None] * (count - len(new)) + new  # the earliest founded first
            for index, members in enumerate(split_total(members_total, count, rng, minimum=3)):
                if kind == "industry" and spec.get("industry_founded"):
                    founded = spec["industry_founded"]
                elif year := founding_years[index]:
                    founded = random_date(rng, datetime.date(year, 1, 10), datetime.date(year, 9, 30))
                else:
                    founded = random_date(rng, datetime.date(2005, 1, 1), datetime.date(FIRST - 1, 12, 31))
                plans.append(self.union_plan(township, unique_name(kind, index), kind, founded, members,
                                             employees_per_member, covers, quality))
        kinds = {kind: (count, employees_per_member, covers) for kind, count, _m, employees_per_member, covers in spec["unions"]}
        for number, (kind, members, dissolution, dissolved_on) in enumerate(spec.get("dissolved", ())):
            count, employees_per_member, covers = kinds[kind]
            founded = random_date(rng, datetime.date(2008, 1, 1), datetime.date(2018, 12, 31))
            plans.append(self.union_plan(township, unique_name(kind, count + number), kind, founded, members,
                                         employees_per_member, covers, quality, dissolution, dissolved_on))
        saved_all([plan.union for plan in plans])
        return plans

    def union_plan(self, township, name, kind, founded, members, employees_per_member, covers, quality,
                   dissolution="", dissolved_on=None) -> UnionPlan:
        """A union and its figures of each year it existed from 2021 on: employees growing a few per
        cent a year; committees, 职工之家 and 厂务公开 in place from some year; an election each term;
        three-year collective contracts; a 职代会 and a chair's training in most years."""
        rng = self.rng
        union = GrassrootsUnion(
            township=township, name=name, kind=kind, founded_on=founded, dissolution=dissolution, dissolved_on=dissolved_on,
            employer=name.removesuffix("工会") if kind in ("enterprise", "institution") else "",
        )
        years = [year for year in YEARS if union.exists_in(year)]
        last_employees, growth = math.ceil(members * employees_per_member), rng.uniform(0.01, 0.05)
        employees = {year: max(1, round(last_employees / (1 + growth) ** (years[-1] - year))) for year in years}
        term = rng.choice((3, 5))
        elections = self.elections(founded, term, quality)
        chairs = [self.person_name(rng.random() < 0.3)]
        for _ in elections[1:]:
            chairs.append(chairs[-1] if rng.random() < 0.65 else self.person_name(rng.random() < 0.3))
        trainings = self.yearly_dates(founded, quality, 0.05, (3, 1), (11, 30))
        congresses = self.yearly_dates(founded, quality, 0.04, (1, 10), (10, 31))
        contracts = self.contracts(founded, quality)
        since = {name: self.since(years[0], chance) for name, chance in (
            ("legal_person", quality + 0.08), ("has_audit_committee", quality + 0.08),
            ("has_women_committee", quality + 0.08), ("has_mediation_committee", quality - 0.1),
            ("has_workers_home", quality - 0.05), ("affairs_disclosure", quality + 0.05),
        )}
        wage_agreement, women_contract = rng.random() < quality, rng.random() < quality + 0.05
        facts = {}
        for year in years:
            end = year_end(year)
            election = sum(1 for day in elections if day <= end) - 1
            contract = next((c for c in reversed(contracts) if c[0] <= end), None)
            valid = contract is not None and contract[1] >= end
            facts[year] = dict(
                employers_covered=covers, chair_name=chairs[election], chair_trained_on=latest(trainings, end),
                last_election_on=elections[election], term_years=term,
                contract_signed_on=contract[0] if contract else None, contract_expires_on=contract[1] if contract else None,
                wage_agreement=valid and wage_agreement, women_special_contract=valid and women_contract,
                workers_congress_last_held_on=latest(congresses, end),
                **{name: held is not None and year >= held for name, held in since.items()},
            )
        return UnionPlan(union=union, members=members, years=years, employees=employees,
                         women_share=rng.uniform(0.25, 0.5), migrant_share=0.7 if kind in ("village", "industry") else 0.45,
                         facts=facts)

    def elections(self, founded, term, quality) -> list[datetime.date]:
        """The committee's elections: at the founding, then every term, a little early. Some unions
        (more in weaker townships) stopped holding them years ago and are overdue."""
        rng = self.rng
        stop = year_end(YEAR)
        if rng.random() >= quality:
            stop = random_date(rng, datetime.date(2012, 1, 1), year_end(YEAR - term - 1))
        held = [founded]
        while (due := years_after(held[-1], term) - datetime.timedelta(days=rng.randint(0, 90))) <= stop:
            held.append(due)
        return held

    def yearly_dates(self, founded, quality, decline, first_day, last_day) -> list[datetime.date]:
        """A date in each year since 2019 (or the founding) in which something happened (a 职代会, a
        chair's training): the chance is `quality` in the main year, `decline` less each year before."""
        rng, days = self.rng, []
        for year in range(max(founded.year, FIRST - 2), YEAR + 1):
            start, end = max(founded, datetime.date(year, *first_day)), datetime.date(year, *last_day)
            if start <= end and rng.random() < quality - decline * (YEAR - year):
                days.append(random_date(rng, start, end))
        return days

    def contracts(self, founded, quality) -> list[tuple[datetime.date, datetime.date]]:
        """Three-year collective contracts, each signed the day after the last one ends. Most unions
        have one valid through the main year (signed in one of the two years before), often after
        earlier ones; some had one that lapsed; the others never signed."""
        rng = self.rng
        earliest = (founded + datetime.timedelta(days=90)).replace(day=1)
        if rng.random() < quality:
            signed = max(datetime.date(rng.choice((YEAR - 2, PREVIOUS)), rng.randint(1, 12), 1), earliest)
            signed_on = [signed] if signed <= datetime.date(YEAR, 10, 1) else []
            while signed_on and rng.random() < 0.7 and (before := years_after(signed_on[0], -3)) >= earliest:
                signed_on.insert(0, before)
        elif rng.random() < 0.4 and earliest <= datetime.date(FIRST, 12, 1):
            signed_on = [max(datetime.date(rng.choice((FIRST - 1, FIRST)), rng.randint(1, 12), 1), earliest)]
        else:
            signed_on = []
        return [(day, years_after(day, 3) - datetime.timedelta(days=1)) for day in signed_on]

    def since(self, first_year, chance) -> int | None:
        """The year from which a yes/no fact held (most from the union's first year here, others
        from a later one), or None when it did not hold by the main year."""
        if self.rng.random() >= chance:
            return None
        return first_year if self.rng.random() < 0.6 else self.rng.randint(first_year, YEAR)

    def members(self, township, plans, spec, region) -> tuple[list[Member], list[Member], list[tuple[int, datetime.date]]]:
        """Every union's members, bulk-inserted. They joined over the years so that each union's
        入会率 rises like the township's, from the spec's 2021 rate to the main year's; 1 % more left
        in the last two years; a dissolved union's members left on its dissolution.

        Returns the hardship members the township helps in the main year (those with an open file and
        the year's assistance), every member with a hardship file, and (id, joined on) of the other
        active members (for 四必访 visits).
        """
        rng, batch = self.rng, []
        scale = membership_scale(plans, spec["membership_2021"])
        for plan in plans:
            union, count, last = plan.union, plan.members, plan.last_year
            ends = {year: year_end(year) for year in plan.years}
            target = {year: min(count, math.floor(count * scale[year] / scale[last] * plan.employees[year] / plan.employees[last]))
                      for year in plan.years} | {last: count}
            earliest = max(union.founded_on, datetime.date(2010, 1, 1))
            leavers = []
            if union.dissolved_on is None:
                for _ in range(math.floor(count * LEAVER_SHARE)):
                    left = random_date(rng, max(union.founded_on + datetime.timedelta(days=60), datetime.date(PREVIOUS, 1, 1)),
                                       datetime.date(YEAR, 10, 31))
                    leavers.append((random_date(rng, earliest, min(left, ends[plan.years[0]])), left))
            # those who stay, joined by each year's end: the year's target less the leavers still on the roll
            joined_by, running = {}, count
            for year in reversed(plan.years):
                on_roll = sum(1 for joined, left in leavers if joined <= ends[year] < left)
                running = min(running, max(0, target[year] - on_roll))
                joined_by[year] = running
            people, before = [], 0
            for year in plan.years:
                start = earliest if year == plan.years[0] else max(union.founded_on, datetime.date(year, 1, 1))
                end = datetime.date(YEAR, 10, 31) if year == YEAR else ends[year]
                people += [(random_date(rng, start, end), union.dissolved_on) for _ in range(joined_by[year] - before)]
                before = joined_by[year]
            people += leavers

            women_left = math.ceil(plan.employees[last] * plan.women_share)
            migrants_left = math.ceil(plan.employees[last] * plan.migrant_share)
            plan.active, plan.women, plan.migrants = ({year: 0 for year in plan.years} for _ in range(3))
            first = len(batch)
            for joined, left in people:
                female = women_left > 0 and rng.random() < plan.women_share
                migrant = migrants_left > 0 and rng.random() < plan.migrant_share * 0.95
                women_left -= female
                migrants_left -= migrant
                birth = random_date(rng, datetime.date(1966, 1, 1), min(datetime.date(2004, 12, 31), years_after(joined, -18)))
                batch.append(Member(
                    township=township, union=union, name=self.person_name(female), gender="F" if female else "M",
                    id_number=self.id_number(region, birth, female), phone=f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
                    joined_on=joined, left_on=left, is_migrant_worker=migrant,
                ))
                for year, end in ends.items():
                    if joined <= end and (left is None or left > end):
                        plan.active[year] += 1
                        plan.women[year] += female
                        plan.migrants[year] += migrant
            batch[first].full_clean()  # one member of each union through every model rule

        active = [m for m in batch if m.left_on is None]
        aid = spec["assistance"]
        open_files = aid["hardship_helped"] + (0 if spec["quality"] >= 0.9 else 3)
        lifted = 2 + round(len(active) / 5000)
        chosen = rng.sample(range(len(active)), open_files + lifted)
        reasons, weights = list(HARDSHIP_REASON_WEIGHTS), list(HARDSHIP_REASON_WEIGHTS.values())
        hardship = []
        for number, index in enumerate(chosen):
            member = active[index]
            member.hardship_reason = rng.choices(reasons, weights)[0]
            if number < open_files:
                # filed since 2019, most by early 2024, so that the earlier years have hardship files too
                member.hardship_filed_on = random_date(rng, max(member.joined_on, datetime.date(FIRST - 2, 1, 1)),
                                                       datetime.date(YEAR, 9, 30) if number % 4 == 0 else datetime.date(PREVIOUS, 1, 10))
                hardship.append(member)
            else:  # out of hardship this year
                member.hardship_filed_on = random_date(rng, member.joined_on, max(member.joined_on, datetime.date(2023, 6, 30)))
                member.hardship_lifted_on = random_date(
                    rng, max(member.hardship_filed_on + datetime.timedelta(days=60), datetime.date(YEAR, 2, 1)),
                    datetime.date(YEAR, 10, 31),
                )
            validate(member)
        self.avoid_existing_id_numbers(batch, region)
        for start in range(0, len(batch), MEMBER_BATCH):
            Member.objects.bulk_create(batch[start:start + MEMBER_BATCH])

        helped_ids = {m.id_number for m in hardship[: aid["hardship_helped"]]}
        helped = list(Member.objects.filter(township=township, id_number__in=helped_ids).order_by("id"))
        files = list(Member.objects.filter(township=township).exclude(hardship_reason="").order_by("id"))
        others = list(Member.objects.filter(township=township, left_on__isnull=True, hardship_reason="")
                      .order_by("id").values_list("id", "joined_on"))
        return helped, files, others

    def avoid_existing_id_numbers(self, members, region):
        """A member of a non-demo township may already hold a generated number: draw it again."""
        for start in range(0, len(members), MEMBER_BATCH):
            chunk = members[start:start + MEMBER_BATCH]
            taken = set(Member.objects.filter(id_number__in=[m.id_number for m in chunk]).values_list("id_number", flat=True))
            for member in chunk:
                if member.id_number in taken:
                    birth = datetime.date(int(member.id_number[6:10]), int(member.id_number[10:12]), int(member.id_number[12:14]))
                    while member.id_number in taken:
                        member.id_number = self.id_number(region, birth, member.gender == "F")
                        taken |= set(Member.objects.filter(id_number=member.id_number).values_list("id_number", flat=True))

    def union_years(self, township, plans):
        """Each union's row of every year it existed. The head counts follow the members: never
        fewer employees, women or migrant workers than members on the roll at the year's end."""
        rows = []
        for plan in plans:
            for year in plan.years:
                facts = plan.facts[year]
                employees = max(plan.employees[year], plan.active[year])
                rows.append(GrassrootsUnionYear(
                    township=township, union=plan.union, year=year, employee_count=employees,
                    women_count=min(employees, max(math.ceil(employees * plan.women_share), plan.women[year])),
                    migrant_count=min(employees, max(math.ceil(employees * plan.migrant_share), plan.migrants[year])),
                    contract_workers_covered=math.floor(employees * 0.95) if facts["contract_signed_on"] else 0,
                    **facts,
                ))
        saved_all(rows)

    def rights_cases(self, township, plans, spec, years):
        rng, plan = self.rng, spec["cases"]
        handler = years[YEAR].chair_name
        cases = [dict(case, status="closed", is_typical=True) for case in plan["notable"]]  # told in the report
        remaining = plan["recovered"] - sum(case["amount_recovered"] for case in cases)
        kinds = ["wage_arrears", "wage_arrears", "wage_arrears", "work_injury", "labour_contract", "social_insurance", "other"]
        generated = []
        for _ in range(plan["count"] - len(cases)):
            received = random_date(rng, datetime.date(YEAR, 1, 5), datetime.date(YEAR, 11, 20))
            chance = rng.random()
            status = "closed" if chance < spec["quality"] + 0.05 else "transferred" if chance < spec["quality"] + 0.15 else "mediating"
            workers = rng.randint(1, 8)
            union = rng.choice(existing(plans, YEAR, "enterprise", on=received)) if rng.random() < 0.8 else None
            generated.append(dict(
                case_type=rng.choice(kinds), source=rng.choice(["visit", "visit", "phone", "hotline", "online", "referred"]),
                received_on=received, workers_involved=workers, migrant_workers_involved=rng.randint(0, workers),
                parties=union.employer if union else rng.choice(demo_data.CASE_PARTY_FALLBACKS), union=union, status=status,
                closed_on=min(received + datetime.timedelta(days=rng.randint(5, 40)), datetime.date(YEAR, 12, 31))
                if status != "mediating" else None,
            ))
        closed = [case for case in generated if case["status"] == "closed"]
        if remaining and not closed:
            closed = generated[:1]
            closed[0].update(status="closed", closed_on=closed[0]["received_on"] + datetime.timedelta(days=20))
        amounts = split_total(int(remaining), len(closed), rng, minimum=min(500, int(remaining) // max(1, len(closed))))
        for case, amount in zip(closed, amounts):
            case["amount_recovered"] = Decimal(amount)
            case["amount_claimed"] = Decimal(amount) * Decimal(rng.choice(("1", "1", "1.1", "1.25")))
            case["summary"] = "经工会协调，用人单位足额支付，依法维护了职工合法权益。"
        for case in generated:
            if case["status"] != "closed":
                case["amount_claimed"] = Decimal(rng.randrange(2000, 60000, 100))
                case["amount_recovered"] = Decimal("0")
                case["summary"] = ("已移交劳动人事争议仲裁委员会处理。" if case["status"] == "transferred"
                                   else "正在组织劳资双方调解。")
        rows = [RightsCase(township=township, handler=handler, **case) for case in cases + generated]

        # the years before: fewer, smaller cases, all concluded, handled by that year's chair; the
        # money in line with the main year's ordinary cases (the notable ones left aside)
        ordinary = int(remaining) // max(1, plan["count"] - len(plan["notable"])) or 8000
        for year, share in EARLIER_SHARE.items():
            for _ in range(max(1, round(plan["count"] * share))):
                received = random_date(rng, datetime.date(year, 1, 5), datetime.date(year, 11, 30))
                union = rng.choice(existing(plans, year, "enterprise", on=received))
                workers = rng.randint(1, 6)
                amount = Decimal(max(500, round(ordinary * share * rng.uniform(0.5, 1.2), -2)))
                rows.append(RightsCase(
                    township=township, union=union, case_type=rng.choice(kinds), source=rng.choice(["visit", "phone", "hotline"]),
                    received_on=received, workers_involved=workers, migrant_workers_involved=rng.randint(0, workers),
                    amount_claimed=amount, amount_recovered=amount, parties=union.employer or union.name, status="closed",
                    closed_on=received + datetime.timedelta(days=rng.randint(7, 30)), handler=years[year].chair_name,
                    summary="经工会协调，用人单位足额支付。",
                ))
        saved_all(rows)

    def assistance(self, township, helped, files, others, spec):
        rng, plan = self.rng, spec["assistance"]
        source = plan["funds_source"]
        records = []
        # named categories first: 金秋助学 for the children of helped families (子女就学 first),
        # 医疗救助 for the ill and disabled, 四必访 visits to other members, 夏送清凉 for front-line workers
        by_schooling = sorted(helped, key=lambda m: m.hardship_reason != "schooling")
        count, each = plan["schooling"]
        for index in range(count):
            records.append(dict(category="autumn_schooling", given_on=datetime.date(YEAR, 8, 25),
                                member=by_schooling[index % len(by_schooling)], people=1, amount=each,
                                funds_source=source, note="困难职工子女就学"))
        count, total = plan["medical"]
        ill = sorted(helped, key=lambda m: m.hardship_reason not in ("illness", "disability"))
        for member, amount in zip(ill, split_total(int(total), count, rng, minimum=1000)):
            records.append(dict(category="medical", given_on=random_date(rng, datetime.date(YEAR, 2, 1), datetime.date(YEAR, 11, 15)),
                                member=member, people=1, amount=Decimal(amount), funds_source=source, note="大病医疗救助"))
        count, each = plan["visits"]
        occasions = ["生病住院", "子女考上大学", "重大节日", "办红白事"]
        for member_id, _joined in rng.sample(others, min(count, len(others))):
            records.append(dict(category="visit", given_on=random_date(rng, datetime.date(YEAR, 1, 10), datetime.date(YEAR, 11, 20)),
                                member_id=member_id, people=1, amount=each, funds_source="union_funds",
                                note=f"四必访：{rng.choice(occasions)}"))
        people, amount = plan["summer"]
        records.append(dict(category="summer_cooling", given_on=datetime.date(YEAR, 7, 15), recipient_name="高温一线职工",
                            people=people, amount=amount, funds_source="higher_union", note="送防暑降温物品"))
        records.append(dict(category="spring_jobs", given_on=datetime.date(YEAR, 2, 20), recipient_name="返乡农民工",
                            people=rng.randint(30, 200), amount=Decimal("0"), funds_source="union_funds", note="春风行动招聘会"))
        for category, given_on, name, people, amount, funds, note in plan["others"]:
            records.append(dict(category=category, given_on=given_on, recipient_name=name, people=people, amount=amount,
                                funds_source=funds, note=note))
        # 冬送温暖 for every helped hardship member: whatever the total leaves
        rest = plan["total"] - sum(record["amount"] for record in records)
        for member, amount in zip(helped, split_total(int(rest), len(helped), rng, minimum=200)):
            records.append(dict(category="winter_warmth", given_on=datetime.date(YEAR, 1, 18), member=member,
                                people=1, amount=Decimal(amount), funds_source=source, note="春节送温暖"))
        rows = [AssistanceRecord(township=township, **record) for record in records]

        # the years before: 冬送温暖 for most files open at the new year, some 金秋助学 and 四必访, 夏送清凉, 春风行动
        for year, share in EARLIER_SHARE.items():
            new_year = datetime.date(year, 1, 20)
            open_files = [m for m in files if m.hardship_filed_on <= new_year
                          and (m.hardship_lifted_on is None or m.hardship_lifted_on > new_year)]
            for member in open_files[: math.ceil(len(open_files) * 0.8)]:
                rows.append(AssistanceRecord(
                    township=township, category="winter_warmth", given_on=datetime.date(year, 1, 25), member=member,
                    people=1, amount=Decimal(rng.randrange(500, 3000, 100)), funds_source=source, note="春节送温暖",
                ))
            schooling = sorted(open_files, key=lambda m: m.hardship_reason != "schooling")
            for member in schooling[: round(plan["schooling"][0] * share)]:
                rows.append(AssistanceRecord(
                    township=township, category="autumn_schooling", given_on=datetime.date(year, 8, 28), member=member,
                    people=1, amount=Decimal("800"), funds_source=source, note="困难职工子女就学",
                ))
            members_then = [member_id for member_id, joined in others if joined < datetime.date(year, 1, 1)]
            for member_id in rng.sample(members_then, min(len(members_then), round(plan["visits"][0] * share * 0.6))):
                rows.append(AssistanceRecord(
                    township=township, category="visit", given_on=random_date(rng, datetime.date(year, 1, 10), datetime.date(year, 11, 20)),
                    member_id=member_id, people=1, amount=plan["visits"][1], funds_source="union_funds", note="四必访",
                ))
            rows.append(AssistanceRecord(
                township=township, category="summer_cooling", given_on=datetime.date(year, 7, 12),
                recipient_name="高温一线职工", people=max(20, round(plan["summer"][0] * share)),
                amount=(plan["summer"][1] * Decimal(str(share))).quantize(Decimal("1")), funds_source="higher_union",
            ))
            rows.append(AssistanceRecord(
                township=township, category="spring_jobs", given_on=datetime.date(year, 2, 22), recipient_name="返乡农民工",
                people=rng.randint(20, 150), amount=Decimal("0"), funds_source="union_funds", note="春风行动招聘会",
            ))
        saved_all(rows)

    def activities(self, township, plans, spec):
        rng, plan = self.rng, spec["activities"]
        rows = []
        for index, (title, people) in enumerate(plan["trainings"]):
            rows.append(dict(kind="training", held_on=random_date(rng, datetime.date(YEAR, 3, 1), datetime.date(YEAR, 10, 31)),
                             title=f"{YEAR}年{title}" + (f"（第{index + 1}期）" if len(plan["trainings"]) > 2 else ""),
                             participants=people, outcome=f"培训{people}人"))
        for kind, (month, day), title, participants, jobs, outcome in plan["events"]:
            rows.append(dict(kind=kind, held_on=datetime.date(YEAR, month, day), title=title, participants=participants,
                             jobs_placed=jobs, outcome=outcome))
        party = "党工委" if township.kind == "subdistrict" else "乡党委" if township.kind == "township" else "镇党委"
        for i in range(plan["party_hearings"]):
            rows.append(dict(kind="party_hearing", held_on=datetime.date(YEAR, 3 + 6 * i, 12),
                             title=f"{party}听取工会工作汇报", participants=rng.randint(9, 15),
                             outcome=spec["hearing_outcome"]))
        unions = existing(plans, YEAR)
        for i in range(plan["guidance_visits"]):
            union = unions[i % len(unions)]
            held = random_date(rng, max(union.founded_on, datetime.date(YEAR, 2, 1)), datetime.date(YEAR, 11, 20))
            rows.append(dict(kind="guidance_visit", held_on=held, title=f"走访指导{union.name}", union=union,
                             participants=rng.randint(2, 4)))

        # the years before: the same kinds of work, less of it the further back
        for year, share in EARLIER_SHARE.items():
            for title, people in plan["trainings"][: max(1, round(len(plan["trainings"]) * share))]:
                rows.append(dict(kind="training", held_on=random_date(rng, datetime.date(year, 3, 1), datetime.date(year, 10, 31)),
                                 title=f"{year}年{title}", participants=round(people * share * rng.uniform(0.9, 1.1))))
            for kind, (month, day), title, participants, jobs, _outcome in plan["events"]:
                if kind in ("ankang_cup", "workers_congress", "employment_service", "culture_sports"):
                    rows.append(dict(kind=kind, held_on=datetime.date(year, month, day), title=f"{year}年{SESSION.sub('', title)}",
                                     participants=round(participants * share * rng.uniform(0.95, 1.1)),
                                     jobs_placed=round(jobs * share * rng.uniform(0.9, 1.1))))
            rows.append(dict(kind="party_hearing", held_on=datetime.date(year, 4, 10), title=f"{party}听取工会工作汇报",
                             participants=rng.randint(9, 15)))
            for _ in range(math.ceil(plan["guidance_visits"] * share * 0.7)):
                held = random_date(rng, datetime.date(year, 2, 1), datetime.date(year, 11, 20))
                union = rng.choice(existing(plans, year, on=held))
                rows.append(dict(kind="guidance_visit", held_on=held, title=f"走访指导{union.name}", union=union,
                                 participants=rng.randint(2, 4)))
        saved_all([Activity(township=township, **row) for row in rows])


# --- accounts ------------------------------------------------------------------------------------


def create_accounts(counties, townships) -> list[tuple[str, str, str]]:
    """One staff per township, one reviewer and one admin per county, one site admin.

    The password is hashed once and shared: hashing it for every account would take most of the load.
    """
    User = get_user_model()
    password = make_password(demo_data.DEMO_PASSWORD)
    accounts = []

    def account(username, first_name, description, superuser=False, **role):
        user = User(username=username, first_name=first_name, password=password,
                    is_staff=superuser, is_superuser=superuser)
        saved(user)
        if role:
            saved(UserRole(user=user, **role))
        accounts.append((username, first_name, description))

    for spec, township in zip(demo_data.TOWNSHIPS, townships):
        account(f"staff_{spec['key']}", spec["staff_name"], f"{township.county.name}{township.name} 工会工作人员",
                role=UserRole.Role.TOWNSHIP_STAFF, township=township)
    for spec in demo_data.COUNTIES:
        county = counties[spec["key"]]
        account(f"reviewer_{spec['key']}", spec["reviewer_name"], f"{county.federation_name} 评审",
                role=UserRole.Role.COUNTY_REVIEWER, county=county)
        account(f"admin_{spec['key']}", spec["admin_name"], f"{county.federation_name} 管理员",
                role=UserRole.Role.COUNTY_ADMIN, county=county)
        if second := spec.get("second_reviewer"):
            home = next(t for t in townships if t.county_id == county.pk and t.name == second["home_township"])
            account(second["key"], second["name"], f"{county.federation_name} 评审（{home.name}，回避）",
                    role=UserRole.Role.COUNTY_REVIEWER, county=county, home_township=home)
    account("siteadmin", "系统管理员", "系统管理员（全部数据、Django 管理后台）", superuser=True)
    return accounts
