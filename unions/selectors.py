"""The township's figures (DESIGN §3), each computed once, in SQL, for a chosen year.

The dashboard, the report and the review all read `township_figures`; nothing else computes a
figure. Year Y reads year Y only: the township's facts and its union's 六有 from Y's `TownshipYear`,
each grassroots union's figures from its Y `GrassrootsUnionYear` (unions founded by the end of Y
and not dissolved by then), members on the roll at the end of Y (today for the current year), and
cases, assistance and activities dated within Y. A year without a row has no data: its rates are
"not applicable", never a made-up 0 %.
"""
import datetime
import functools
import hashlib
import operator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.cache import cache
from django.db.models import Count, F, Max, Q, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from core.digests import source_digest

from .figures import Ratio
from .models import (
    Activity,
    AnnualFunding,
    AssistanceRecord,
    GrassrootsUnion,
    GrassrootsUnionYear,
    Honour,
    Member,
    RightsCase,
    Township,
    TownshipUnion,
    TownshipYear,
)

ZERO = Decimal("0")
FIGURES_CACHE_SECONDS = 24 * 3600


def as_of_date(year: int) -> datetime.date:
    return min(datetime.date(year, 12, 31), timezone.localdate())


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class KindTotal:
    """One line of a breakdown (a union kind, a case type, an assistance category, an activity kind)."""

    key: str
    label: str
    count: int
    people: int = 0
    amount: Decimal = ZERO
    extra: int = 0


@dataclass(frozen=True)
class OrganisationFigures:
    enterprises: int
    eligible_employers: int
    unions_without_figures: int  # unions of the year with no figures recorded for it
    unions_total: int
    unions_founded: int  # founded within the year (新建)
    unions_by_kind: list[KindTotal]
    employers_covered: int
    formation_rate: Ratio  # 组建率
    employees: int
    women_employees: int
    migrant_employees: int
    members_active: int
    members_women: int
    members_migrant: int  # 农民工入会
    membership_rate: Ratio  # 入会率
    members_with_id: int
    member_records: int
    member_records_complete_rate: Ratio  # 实名制台账
    contracts_valid: int
    contract_workers_covered: int
    collective_contract_rate: Ratio  # 集体合同覆盖率
    wage_agreement_rate: Ratio  # 工资集体协商
    women_contract_rate: Ratio  # 女职工专项集体合同
    workers_congress_rate: Ratio  # 职代会建制率 (held within the year)
    affairs_disclosure_rate: Ratio  # 厂务公开
    legal_person_rate: Ratio  # 法人登记率
    committees_rate: Ratio  # 经审/女职委同步组建率
    mediation_rate: Ratio  # 劳动争议调解组织
    re_election_rate: Ratio  # 按期换届率
    workers_home_rate: Ratio  # 建家率
    chairs_trained_rate: Ratio  # 主席培训覆盖率


@dataclass(frozen=True)
class RightsFigures:
    received: int
    concluded: int
    conclusion_rate: Ratio  # 办结率
    amount_claimed: Decimal
    amount_recovered: Decimal
    workers_helped: int
    migrant_workers_helped: int
    by_type: list[KindTotal]


@dataclass(frozen=True)
class AssistanceFigures:
    records: int
    people: int
    amount: Decimal
    by_category: list[KindTotal]
    hardship_members: int  # 困难职工建档 (open files as of the date)
    hardship_members_assisted: int
    hardship_coverage_rate: Ratio  # 困难职工帮扶覆盖率


@dataclass(frozen=True)
class ActivityFigures:
    total: int
    by_kind: list[KindTotal]
    trainings: int
    people_trained: int
    party_hearings: int
    guidance_visits: int
    jobs_placed: int


@dataclass(frozen=True)
class TownshipFigures:
    township: Township
    year: int
    as_of: datetime.date
    union: TownshipUnion | None  # the township union's name and form
    facts: TownshipYear | None  # the year's 镇情 and 六有; None: nothing recorded for the year
    funding_amount: Decimal
    funding_audited: bool
    organisation: OrganisationFigures
    rights: RightsFigures
    assistance: AssistanceFigures
    activities: ActivityFigures
    honours_by_level: list[KindTotal] = field(default_factory=list)


def _breakdown(choices, rows, key_field: str, *, only_present: bool = False) -> list[KindTotal]:
    """One KindTotal per choice, in the choices' order, from rows annotated n/people/amount/extra."""
    by_key = {row[key_field]: row for row in rows}
    return [
        KindTotal(
            key=choice.value, label=choice.label, count=row.get("n", 0), people=row.get("people", 0),
            amount=row.get("amount", ZERO), extra=row.get("extra", 0),
        )
        for choice in choices
        if (row := by_key.get(choice.value, {})) or not only_present
    ]


def township_figures(township: Township, year: int) -> TownshipFigures:
    as_of = as_of_date(year)
    union = TownshipUnion.objects.filter(township=township).first()
    facts = TownshipYear.objects.filter(township=township, year=year).first()
    funding = AnnualFunding.objects.filter(township=township, year=year).aggregate(
        amount=Coalesce(Sum("amount"), ZERO), records=Count("id"), audited=Count("id", filter=Q(audited=True))
    )
    return TownshipFigures(
        township=township,
        year=year,
        as_of=as_of,
        union=union,
        facts=facts,
        funding_amount=funding["amount"],
        funding_audited=funding["records"] > 0 and funding["audited"] == funding["records"],
        organisation=_organisation_figures(township, facts, year, as_of),
        rights=_rights_figures(township, year),
        assistance=_assistance_figures(township, year),
        activities=_activity_figures(township, year),
        honours_by_level=_honours_by_level(township),
    )


# Every record type whose rows feed a figure; each save stamps its `updated_at`.
RECORD_TYPES = (TownshipUnion, TownshipYear, AnnualFunding, GrassrootsUnion, GrassrootsUnionYear, Member, RightsCase,
                AssistanceRecord, Activity, Honour)


def change_stamp(queryset, label: str):
    """One row (label, row count, latest change) of a record type, for `data_fingerprint`."""
    return (queryset.order_by().values("township").annotate(kind=Value(label), n=Count("pk"), last=Max("updated_at"))
            .values_list("kind", "n", "last"))


def _stamps(township: Township, more_stamps) -> list:
    stamps = [change_stamp(model.objects.filter(township=township), model._meta.label) for model in RECORD_TYPES]
    stamps += more_stamps
    return sorted(stamps[0].union(*stamps[1:], all=True), key=lambda row: row[0])


def last_change(township: Township, *more_stamps) -> datetime.datetime | None:
    """When the township's data (and `more_stamps`) last changed, in one query: a report is dated so."""
    return max((last for _kind, _n, last in _stamps(township, more_stamps) if last is not None), default=None)


def data_fingerprint(township: Township, *more_stamps) -> str:
    """What the township's figures are made of, in one query: per record type the row count and the
    latest change, the township and its county. It changes whenever any figure may change, so
    figures, reports and PDFs are cached on it instead of being computed again."""
    parts = [township.pk, township.updated_at, township.county.updated_at, _stamps(township, more_stamps)]
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


@functools.cache
def figures_version() -> str:
    """The code that computes figures."""
    return source_digest(Path(__file__).parent / name for name in ("selectors.py", "figures.py"))


def cached_township_figures(township: Township, year: int) -> TownshipFigures:
    """`township_figures` from the shared cache while the township's data is unchanged (the dashboard:
    one query instead of eleven)."""
    key = f"figures:{figures_version()}:{data_fingerprint(township)}:{year}:{timezone.localdate()}"
    return cache.get_or_set(key, lambda: township_figures(township, year), FIGURES_CACHE_SECONDS)


def previous_year_figures(township: Township, year: int) -> TownshipFigures | None:
    """The year before's figures for "比上年" comparisons; None when that year has no facts recorded."""
    if not TownshipYear.objects.filter(township=township, year=year - 1).exists():
        return None
    return township_figures(township, year - 1)


def active_on(day: datetime.date) -> Q:
    """Members on the roll on `day`: joined by then, not yet left, and their union not dissolved."""
    return (Q(joined_on__lte=day) & (Q(left_on__isnull=True) | Q(left_on__gt=day))
            & (Q(union__dissolved_on__isnull=True) | Q(union__dissolved_on__gt=day)))


def existing_in(year, prefix: str = "") -> Q:
    """Grassroots unions that count in `year` (a number, or an expression such as F("year") for a
    yearly row): founded by its end, not dissolved within or before it (the SQL twin of
    `GrassrootsUnion.exists_in`)."""
    return (Q(**{f"{prefix}founded_on__isnull": True}) | Q(**{f"{prefix}founded_on__year__lte": year})) & (
        Q(**{f"{prefix}dissolved_on__isnull": True}) | Q(**{f"{prefix}dissolved_on__year__gt": year}))


def valid_contract_on(day: datetime.date) -> Q:
    """Union years whose collective contract is in force on `day` (signed by then, not yet expired)."""
    return Q(contract_signed_on__lte=day, contract_expires_on__gte=day)


def hardship_file_open_on(day: datetime.date, prefix: str = "") -> Q:
    """Members with a hardship file (困难职工档案) open on `day`: filed by then and not lifted."""
    return Q(**{f"{prefix}hardship_filed_on__lte": day}) & (
        Q(**{f"{prefix}hardship_lifted_on__isnull": True}) | Q(**{f"{prefix}hardship_lifted_on__gt": day}))


def assisted_by_township_in(year: int, prefix: str = "") -> Q:
    """Assistance records (`prefix` leading from a member to them) given in `year` by the member's
    own township: what makes a hardship member 帮扶到."""
    return Q(**{f"{prefix}given_on__year": year, f"{prefix}township": F("township" if prefix else "member__township")})


def union_years_of(township: Township, year: int):
    """The year's figures of the unions that count in it."""
    return GrassrootsUnionYear.objects.filter(township=township, year=year).filter(existing_in(year, "union__"))


def rates_over_years(township: Township, years: list[int]) -> dict[int, tuple[Ratio, Ratio]]:
    """组建率 and 入会率 at the end of each year, in three queries (for trend charts and 比上年)."""
    ids = [township.pk]
    eligible, unions = _eligible_employers(ids, years), _union_year_totals(ids, years)
    members = _member_counts(ids, years, hardship=False)
    rates = {}
    for year in years:
        union, key = unions.get((township.pk, year), {}), (township.pk, year)
        rates[year] = (Ratio(union.get("covered") or 0, eligible.get(key, 0)),
                       Ratio(members.get(key, {}).get("active", 0), union.get("employees") or 0))
    return rates


@dataclass(frozen=True)
class ComparedFigures:
    """What a county compares its townships on, for one township and year: the same values as
    `township_figures` gives for them, computed for many townships and years at once."""

    unions_total: int  # grassroots unions that count in the year
    formation_rate: Ratio  # 组建率
    membership_rate: Ratio  # 入会率
    collective_contract_rate: Ratio  # 集体合同覆盖率
    conclusion_rate: Ratio  # 维权案件办结率
    hardship_coverage_rate: Ratio  # 困难职工帮扶覆盖率
    workers_home_rate: Ratio  # 职工之家建家率
    funding_amount: Decimal  # 本年工会经费
    funding_recorded: bool  # any funding record for the year
    funding_audited: bool


def compared_figures(township_ids, years: list[int]) -> dict[tuple[int, int], ComparedFigures]:
    """(township id, year) → its `ComparedFigures`, for every township and year asked, in seven
    queries however many townships and years: each query groups by township (and year) instead of
    being run once per township. The county overview, its trends and a dashboard's county median
    read these; a test holds them equal to `township_figures`."""
    township_ids, years = list(township_ids), list(years)
    if not township_ids or not years:
        return {}
    eligible, unions = _eligible_employers(township_ids, years), _union_year_totals(township_ids, years)
    members = _member_counts(township_ids, years, hardship=True)
    cases = {(row["township_id"], row["case_year"]): row for row in (
        RightsCase.objects.filter(township_id__in=township_ids, received_on__year__in=years)
        .annotate(case_year=ExtractYear("received_on")).values("township_id", "case_year")
        .annotate(received=Count("id"), concluded=Count("id", filter=Q(status__in=RightsCase.CONCLUDED))).order_by())}
    funding = {(row["township_id"], row["year"]): row for row in (
        AnnualFunding.objects.filter(township_id__in=township_ids, year__in=years).values("township_id", "year")
        .annotate(amount=Coalesce(Sum("amount"), ZERO), records=Count("id"), audited=Count("id", filter=Q(audited=True)))
        .order_by())}
    counted = {row["township_id"]: row for row in (
        GrassrootsUnion.objects.filter(township_id__in=township_ids).values("township_id")
        .annotate(**{f"y{year}": Count("id", filter=existing_in(year)) for year in years}).order_by())}
    result = {}
    for township_id in township_ids:
        for year in years:
            key = (township_id, year)
            union, case, money, member = unions.get(key, {}), cases.get(key, {}), funding.get(key, {}), members.get(key, {})
            reported = union.get("with_figures", 0)
            result[key] = ComparedFigures(
                unions_total=counted.get(township_id, {}).get(f"y{year}", 0),
                formation_rate=Ratio(union.get("covered") or 0, eligible.get(key, 0)),
                membership_rate=Ratio(member.get("active", 0), union.get("employees") or 0),
                collective_contract_rate=Ratio(union.get("contracts_valid", 0), reported),
                conclusion_rate=Ratio(case.get("concluded", 0), case.get("received", 0)),
                hardship_coverage_rate=Ratio(member.get("assisted", 0), member.get("files", 0)),
                workers_home_rate=Ratio(union.get("workers_home", 0), reported),
                funding_amount=money.get("amount", ZERO),
                funding_recorded=money.get("records", 0) > 0,
                funding_audited=money.get("records", 0) > 0 and money["audited"] == money["records"],
            )
    return result


def _eligible_employers(township_ids, years) -> dict[tuple[int, int], int]:
    """(township id, year) → 应建会单位数 of the year's facts."""
    return {(township_id, year): eligible for township_id, year, eligible in TownshipYear.objects.filter(
        township_id__in=township_ids, year__in=years).values_list("township_id", "year", "eligible_employers")}


def _union_year_totals(township_ids, years) -> dict[tuple[int, int], dict]:
    """(township id, year) → sums over the figures of the unions that count in the year."""
    if not years:
        return {}
    in_force = functools.reduce(operator.or_, (Q(year=year) & valid_contract_on(as_of_date(year)) for year in years))
    rows = (GrassrootsUnionYear.objects.filter(township_id__in=township_ids, year__in=years)
            .filter(existing_in(F("year"), "union__")).values("township_id", "year")
            .annotate(with_figures=Count("id"), covered=Sum("employers_covered"), employees=Sum("employee_count"),
                      contracts_valid=Count("id", filter=in_force), workers_home=Count("id", filter=Q(has_workers_home=True)))
            .order_by())
    return {(row["township_id"], row["year"]): row for row in rows}


def _member_counts(township_ids, years, *, hardship: bool) -> dict[tuple[int, int], dict]:
    """(township id, year) → members on the roll at the end of the year (`active`) and, with
    `hardship`, those with a hardship file open then (`files`) and of them the ones their township
    assisted within the year (`assisted`). One pass over the members, the costliest read of a
    county (600 000 rows for 30 townships), and one over the assistance records."""
    if not years:
        return {}
    aggregates = {}
    for year in years:
        aggregates[f"active_{year}"] = Count("id", filter=active_on(as_of_date(year)))
        if hardship:
            aggregates[f"files_{year}"] = Count("id", filter=hardship_file_open_on(as_of_date(year)))
    rows = Member.objects.filter(township_id__in=township_ids).values("township_id").annotate(**aggregates).order_by()
    counts = {(row["township_id"], year): {name.rsplit("_", 1)[0]: value for name, value in row.items()
                                           if name.endswith(f"_{year}")}
              for row in rows for year in years}
    if hardship:
        # from the assistance side: a join of every member to its records would multiply the pass above
        in_year = functools.reduce(operator.or_, (
            assisted_by_township_in(year) & hardship_file_open_on(as_of_date(year), "member__") for year in years))
        for row in (AssistanceRecord.objects.filter(township_id__in=township_ids).filter(in_year)
                    .annotate(record_year=ExtractYear("given_on")).values("township_id", "record_year")
                    .annotate(n=Count("member", distinct=True)).order_by()):
            counts.setdefault((row["township_id"], row["record_year"]), {})["assisted"] = row["n"]
    return counts


def _organisation_figures(township: Township, facts: TownshipYear | None, year: int, as_of: datetime.date) -> OrganisationFigures:
    unions = GrassrootsUnion.objects.filter(township=township).filter(existing_in(year))
    in_term = Q(term_years=3, last_election_on__gt=years_before(as_of, 3)) | Q(
        term_years=5, last_election_on__gt=years_before(as_of, 5)
    )
    valid_contract = valid_contract_on(as_of)
    totals = union_years_of(township, year).aggregate(
        with_figures=Count("id"),
        employers_covered=Coalesce(Sum("employers_covered"), 0),
        employees=Coalesce(Sum("employee_count"), 0),
        women=Coalesce(Sum("women_count"), 0),
        migrants=Coalesce(Sum("migrant_count"), 0),
        contracts_valid=Count("id", filter=valid_contract),
        contract_workers=Coalesce(Sum("contract_workers_covered", filter=valid_contract), 0),
        wage=Count("id", filter=Q(wage_agreement=True)),
        women_contract=Count("id", filter=Q(women_special_contract=True)),
        congress=Count("id", filter=Q(workers_congress_last_held_on__year=year)),
        disclosure=Count("id", filter=Q(affairs_disclosure=True)),
        legal=Count("id", filter=Q(legal_person=True)),
        committees=Count("id", filter=Q(has_audit_committee=True, has_women_committee=True)),
        mediation=Count("id", filter=Q(has_mediation_committee=True)),
        in_term=Count("id", filter=Q(last_election_on__lte=as_of) & in_term),
        workers_home=Count("id", filter=Q(has_workers_home=True)),
        chairs_trained=Count("id", filter=Q(chair_trained_on__year=year)),
    )
    by_kind = _breakdown(GrassrootsUnion.Kind, unions.values("kind").annotate(
        n=Count("id"), extra=Count("id", filter=Q(founded_on__year=year))).order_by(), "kind")

    active = active_on(as_of)
    members = Member.objects.filter(township=township).aggregate(
        records=Count("id"),
        active=Count("id", filter=active),
        women=Count("id", filter=active & Q(gender=Member.Gender.FEMALE)),
        migrants=Count("id", filter=active & Q(is_migrant_worker=True)),
        with_id=Count("id", filter=~Q(id_number="")),
    )
    n = sum(row.count for row in by_kind)
    # Rates over the unions are rates over those with figures for the year: a union without them
    # is reported by the pre-flight check, not counted as having no contract.
    reported = totals["with_figures"]
    eligible = facts.eligible_employers if facts else 0
    return OrganisationFigures(
        enterprises=facts.enterprises if facts else 0,
        eligible_employers=eligible,
        unions_without_figures=n - reported,
        unions_total=n,
        unions_founded=sum(row.extra for row in by_kind),
        unions_by_kind=by_kind,
        employers_covered=totals["employers_covered"],
        formation_rate=Ratio(totals["employers_covered"], eligible),
        employees=totals["employees"],
        women_employees=totals["women"],
        migrant_employees=totals["migrants"],
        members_active=members["active"],
        members_women=members["women"],
        members_migrant=members["migrants"],
        membership_rate=Ratio(members["active"], totals["employees"]),
        members_with_id=members["with_id"],
        member_records=members["records"],
        member_records_complete_rate=Ratio(members["with_id"], members["records"]),
        contracts_valid=totals["contracts_valid"],
        contract_workers_covered=totals["contract_workers"],
        collective_contract_rate=Ratio(totals["contracts_valid"], reported),
        wage_agreement_rate=Ratio(totals["wage"], reported),
        women_contract_rate=Ratio(totals["women_contract"], reported),
        workers_congress_rate=Ratio(totals["congress"], reported),
        affairs_disclosure_rate=Ratio(totals["disclosure"], reported),
        legal_person_rate=Ratio(totals["legal"], reported),
        committees_rate=Ratio(totals["committees"], reported),
        mediation_rate=Ratio(totals["mediation"], reported),
        re_election_rate=Ratio(totals["in_term"], reported),
        workers_home_rate=Ratio(totals["workers_home"], reported),
        chairs_trained_rate=Ratio(totals["chairs_trained"], reported),
    )


def _rights_figures(township: Township, year: int) -> RightsFigures:
    cases = RightsCase.objects.filter(township=township, received_on__year=year)
    rows = cases.values("case_type").annotate(
        n=Count("id"),
        concluded=Count("id", filter=Q(status__in=RightsCase.CONCLUDED)),
        claimed=Coalesce(Sum("amount_claimed"), ZERO),
        amount=Coalesce(Sum("amount_recovered"), ZERO),
        people=Coalesce(Sum("workers_involved"), 0),
        extra=Coalesce(Sum("migrant_workers_involved"), 0),
    )
    received = sum(row["n"] for row in rows)
    concluded = sum(row["concluded"] for row in rows)
    return RightsFigures(
        received=received,
        concluded=concluded,
        conclusion_rate=Ratio(concluded, received),
        amount_claimed=sum((row["claimed"] for row in rows), ZERO),
        amount_recovered=sum((row["amount"] for row in rows), ZERO),
        workers_helped=sum(row["people"] for row in rows),
        migrant_workers_helped=sum(row["extra"] for row in rows),
        by_type=_breakdown(RightsCase.CaseType, rows, "case_type", only_present=True),
    )


def _assistance_figures(township: Township, year: int) -> AssistanceFigures:
    records = AssistanceRecord.objects.filter(township=township, given_on__year=year)
    rows = records.values("category").annotate(
        n=Count("id"), people=Coalesce(Sum("people"), 0), amount=Coalesce(Sum("amount"), ZERO)
    )
    hardship = Member.objects.filter(township=township).filter(hardship_file_open_on(as_of_date(year))).aggregate(
        # distinct: the join to assistance records repeats a member once per record
        files=Count("id", distinct=True),
        assisted=Count("assistance_records__member", distinct=True,
                       filter=assisted_by_township_in(year, "assistance_records__")),
    )
    return AssistanceFigures(
        records=sum(row["n"] for row in rows),
        people=sum(row["people"] for row in rows),
        amount=sum((row["amount"] for row in rows), ZERO),
        by_category=_breakdown(AssistanceRecord.Category, rows, "category"),
        hardship_members=hardship["files"],
        hardship_members_assisted=hardship["assisted"],
        hardship_coverage_rate=Ratio(hardship["assisted"], hardship["files"]),
    )


def _activity_figures(township: Township, year: int) -> ActivityFigures:
    rows = (
        Activity.objects.filter(township=township, held_on__year=year)
        .values("kind")
        .annotate(n=Count("id"), people=Coalesce(Sum("participants"), 0), extra=Coalesce(Sum("jobs_placed"), 0))
    )
    by_kind = _breakdown(Activity.Kind, rows, "kind")
    kinds = {row.key: row for row in by_kind}
    return ActivityFigures(
        total=sum(row.count for row in by_kind),
        by_kind=by_kind,
        trainings=kinds[Activity.Kind.TRAINING].count,
        people_trained=kinds[Activity.Kind.TRAINING].people,
        party_hearings=kinds[Activity.Kind.PARTY_HEARING].count,
        guidance_visits=kinds[Activity.Kind.GUIDANCE_VISIT].count,
        jobs_placed=sum(row.extra for row in by_kind),
    )


def _honours_by_level(township: Township) -> list[KindTotal]:
    return _breakdown(Honour.Level, Honour.objects.filter(township=township).values("level").annotate(n=Count("id")), "level")


def data_years(township: Township) -> list[int]:
    """The years with data, latest first: a year's facts, or a case, assistance or activity dated in it."""
    return years_with_data([township.pk])


def years_with_data(township_ids) -> list[int]:
    """`data_years` of several townships together (a county's), in one query."""
    dated = [model.objects.filter(township_id__in=township_ids).annotate(y=ExtractYear(date_field)).values_list("y").order_by()
             for model, date_field in ((RightsCase, "received_on"), (AssistanceRecord, "given_on"), (Activity, "held_on"))]
    facts = TownshipYear.objects.filter(township_id__in=township_ids).values_list("year").order_by()
    # int(): PostgreSQL's EXTRACT gives numeric, so the union's years come back as Decimal there
    return sorted({int(row[0]) for row in facts.union(*dated)}, reverse=True)


def chosen_year(township: Township, raw) -> int:
    """The year a page was asked for when the year picker offers it, else the usual report year."""
    try:
        year = int(raw)
    except (TypeError, ValueError):
        return default_report_year(township)
    return year if year in year_choices(township) else default_report_year(township)


def year_choices(township: Township) -> list[int]:
    """What a year picker offers: every year with data and the one after the latest (up to this year).
    Kept on the township object: a page asks for it from its view, its filters and its links."""
    if "_year_choices" not in township.__dict__:
        township.__dict__["_year_choices"] = picker_years(data_years(township))
    return township.__dict__["_year_choices"]


def picker_years(years: list[int]) -> list[int]:
    """The years with data (latest first) and the one after the latest, up to this year."""
    this_year = timezone.localdate().year
    following = (years[0] + 1) if years else this_year
    return sorted(set(years) | ({following} if following <= this_year else set()), reverse=True)


def default_report_year(township: Township) -> int:
    """The latest year in which the township recorded cases, assistance or activities: the year a
    report is usually written about; else the latest year with facts; else the current year."""
    latest = [
        RightsCase.objects.filter(township=township).aggregate(latest=Max("received_on"))["latest"],
        AssistanceRecord.objects.filter(township=township).aggregate(latest=Max("given_on"))["latest"],
        Activity.objects.filter(township=township).aggregate(latest=Max("held_on"))["latest"],
    ]
    dates = [day for day in latest if day is not None]
    if dates:
        return max(dates).year
    facts_year = TownshipYear.objects.filter(township=township).aggregate(latest=Max("year"))["latest"]
    return facts_year or timezone.localdate().year
