"""The township's figures (DESIGN §3), each computed once, in SQL, for a chosen year.

The dashboard, the report and the review all read `township_figures`; nothing else computes a
figure. Counts that describe a state (members, contracts, terms of office) are taken "as of" the
end of the year, or today for the current year; counts of events (cases, assistance, activities)
are those dated within the year.
"""
import datetime
import functools
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.cache import cache
from django.db.models import Count, Max, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from liuhao.digests import source_digest

from .figures import Ratio
from .models import (
    Activity,
    AnnualFunding,
    AssistanceRecord,
    GrassrootsUnion,
    Honour,
    Member,
    RightsCase,
    Township,
    TownshipUnion,
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
    unions_total: int
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
    union: TownshipUnion | None
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
    funding = AnnualFunding.objects.filter(township=township, year=year).aggregate(
        amount=Coalesce(Sum("amount"), ZERO), records=Count("id"), audited=Count("id", filter=Q(audited=True))
    )
    return TownshipFigures(
        township=township,
        year=year,
        as_of=as_of,
        union=union,
        funding_amount=funding["amount"],
        funding_audited=funding["records"] > 0 and funding["audited"] == funding["records"],
        organisation=_organisation_figures(township, year, as_of),
        rights=_rights_figures(township, year),
        assistance=_assistance_figures(township, year, as_of),
        activities=_activity_figures(township, year),
        honours_by_level=_honours_by_level(township),
    )


# Every record type whose rows feed a figure; each save stamps its `updated_at`.
RECORD_TYPES = (TownshipUnion, AnnualFunding, GrassrootsUnion, Member, RightsCase, AssistanceRecord, Activity, Honour)


def change_stamp(queryset, label: str):
    """One row (label, row count, latest change) of a record type, for `data_fingerprint`."""
    return (queryset.order_by().values("township").annotate(kind=Value(label), n=Count("pk"), last=Max("updated_at"))
            .values_list("kind", "n", "last"))


def data_fingerprint(township: Township, *more_stamps) -> str:
    """What the township's figures are made of, in one query: per record type the row count and the
    latest change, the township and its county. It changes whenever any figure may change, so
    figures, reports and PDFs are cached on it instead of being computed again."""
    stamps = [change_stamp(model.objects.filter(township=township), model._meta.label) for model in RECORD_TYPES]
    stamps += more_stamps
    parts = [township.pk, township.updated_at, township.county.updated_at,
             sorted(stamps[0].union(*stamps[1:], all=True), key=lambda row: row[0])]
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


def active_on(day: datetime.date) -> Q:
    """Members on the roll on `day`: joined by then and not yet left."""
    return Q(joined_on__lte=day) & (Q(left_on__isnull=True) | Q(left_on__gt=day))


def rates_over_years(township: Township, years: list[int]) -> dict[int, tuple[Ratio, Ratio]]:
    """组建率 and 入会率 at the end of each year, in two queries (for trend charts)."""
    unions = GrassrootsUnion.objects.filter(township=township).aggregate(
        employers_covered=Coalesce(Sum("employers_covered"), 0), employees=Coalesce(Sum("employee_count"), 0)
    )
    active = Member.objects.filter(township=township).aggregate(
        **{f"y{year}": Count("id", filter=active_on(as_of_date(year))) for year in years}
    )
    return {
        year: (Ratio(unions["employers_covered"], township.eligible_employers), Ratio(active[f"y{year}"], unions["employees"]))
        for year in years
    }


def _organisation_figures(township: Township, year: int, as_of: datetime.date) -> OrganisationFigures:
    unions = GrassrootsUnion.objects.filter(township=township)
    in_term = Q(term_years=3, last_election_on__gt=years_before(as_of, 3)) | Q(
        term_years=5, last_election_on__gt=years_before(as_of, 5)
    )
    totals = unions.aggregate(
        unions_total=Count("id"),
        employers_covered=Coalesce(Sum("employers_covered"), 0),
        employees=Coalesce(Sum("employee_count"), 0),
        women=Coalesce(Sum("women_count"), 0),
        migrants=Coalesce(Sum("migrant_count"), 0),
        contracts_valid=Count("id", filter=Q(contract_signed_on__lte=as_of, contract_expires_on__gte=as_of)),
        contract_workers=Coalesce(
            Sum("contract_workers_covered", filter=Q(contract_signed_on__lte=as_of, contract_expires_on__gte=as_of)), 0
        ),
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
    by_kind = _breakdown(GrassrootsUnion.Kind, unions.values("kind").annotate(n=Count("id")), "kind")

    active = active_on(as_of)
    members = Member.objects.filter(township=township).aggregate(
        records=Count("id"),
        active=Count("id", filter=active),
        women=Count("id", filter=active & Q(gender=Member.Gender.FEMALE)),
        migrants=Count("id", filter=active & Q(is_migrant_worker=True)),
        with_id=Count("id", filter=~Q(id_number="")),
    )
    n = totals["unions_total"]
    return OrganisationFigures(
        enterprises=township.enterprises,
        eligible_employers=township.eligible_employers,
        unions_total=n,
        unions_by_kind=by_kind,
        employers_covered=totals["employers_covered"],
        formation_rate=Ratio(totals["employers_covered"], township.eligible_employers),
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
        collective_contract_rate=Ratio(totals["contracts_valid"], n),
        wage_agreement_rate=Ratio(totals["wage"], n),
        women_contract_rate=Ratio(totals["women_contract"], n),
        workers_congress_rate=Ratio(totals["congress"], n),
        affairs_disclosure_rate=Ratio(totals["disclosure"], n),
        legal_person_rate=Ratio(totals["legal"], n),
        committees_rate=Ratio(totals["committees"], n),
        mediation_rate=Ratio(totals["mediation"], n),
        re_election_rate=Ratio(totals["in_term"], n),
        workers_home_rate=Ratio(totals["workers_home"], n),
        chairs_trained_rate=Ratio(totals["chairs_trained"], n),
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


def _assistance_figures(township: Township, year: int, as_of: datetime.date) -> AssistanceFigures:
    records = AssistanceRecord.objects.filter(township=township, given_on__year=year)
    rows = records.values("category").annotate(
        n=Count("id"), people=Coalesce(Sum("people"), 0), amount=Coalesce(Sum("amount"), ZERO)
    )
    open_file = Q(hardship_filed_on__lte=as_of) & (Q(hardship_lifted_on__isnull=True) | Q(hardship_lifted_on__gt=as_of))
    hardship = Member.objects.filter(township=township).filter(open_file).aggregate(
        # distinct: the join to assistance records repeats a member once per record
        members=Count("id", distinct=True),
        assisted=Count(
            "assistance_records__member", distinct=True,
            filter=Q(assistance_records__given_on__year=year, assistance_records__township=township),
        ),
    )
    return AssistanceFigures(
        records=sum(row["n"] for row in rows),
        people=sum(row["people"] for row in rows),
        amount=sum((row["amount"] for row in rows), ZERO),
        by_category=_breakdown(AssistanceRecord.Category, rows, "category"),
        hardship_members=hardship["members"],
        hardship_members_assisted=hardship["assisted"],
        hardship_coverage_rate=Ratio(hardship["assisted"], hardship["members"]),
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


def default_report_year(township: Township) -> int:
    """The latest year in which the township recorded cases, assistance or activities: the year a
    report is usually written about. The current year when nothing is recorded yet."""
    latest = [
        RightsCase.objects.filter(township=township).aggregate(latest=Max("received_on"))["latest"],
        AssistanceRecord.objects.filter(township=township).aggregate(latest=Max("given_on"))["latest"],
        Activity.objects.filter(township=township).aggregate(latest=Max("held_on"))["latest"],
    ]
    dates = [day for day in latest if day is not None]
    return max(dates).year if dates else timezone.localdate().year
