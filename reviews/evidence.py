"""The figures a rubric indicator can be scored on, by key: each reads one number from
`township_figures` (DESIGN §3). Percentages are 0–100; None means "not applicable" (a zero
denominator, or no township union recorded), which the rubric decides how to score.

A rubric names these keys as data (Indicator.evidence), so counties re-weight and re-threshold
indicators in admin without code; adding a new kind of evidence is a line here.
"""
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from unions.figures import Ratio
from unions.models import Activity, AssistanceRecord, Honour
from unions.selectors import TownshipFigures

HUNDRED = Decimal("100")
SEASONS = (AssistanceRecord.Category.SPRING_JOBS, AssistanceRecord.Category.SUMMER_COOLING,
           AssistanceRecord.Category.AUTUMN_SCHOOLING, AssistanceRecord.Category.WINTER_WARMTH)
COMPETITIONS = (Activity.Kind.SKILLS_COMPETITION, Activity.Kind.LABOUR_COMPETITION, Activity.Kind.RATIONALISATION)
SAFETY = (Activity.Kind.ANKANG_CUP, Activity.Kind.SAFETY_INSPECTION)
COUNTY_OR_HIGHER = (Honour.Level.COUNTY, Honour.Level.MUNICIPAL, Honour.Level.PROVINCIAL, Honour.Level.NATIONAL)


@dataclass(frozen=True)
class Evidence:
    label: str
    unit: str  # "%" for rates, otherwise what is counted
    read: Callable[[TownshipFigures], Decimal | int | None]


def _rate(pick: Callable[[TownshipFigures], Ratio]) -> Callable[[TownshipFigures], Decimal | None]:
    return lambda figures: pick(figures).percent


def _share_of_union_facts(figures: TownshipFigures) -> Decimal | None:
    """六有之班子、章子、牌子: the share of the six facts of the township union that hold."""
    union = figures.facts
    if union is None:
        return None
    facts = (union.chair_elected, union.has_audit_committee, union.has_women_committee,
             union.legal_person_certified, union.has_seal, union.has_nameplate)
    return (Decimal(sum(facts)) / len(facts) * HUNDRED).quantize(Decimal("0.1"))


def _premises(figures: TownshipFigures) -> int | None:
    """房子: an office of its own and a 职工之家, one point each."""
    union = figures.facts
    if union is None:
        return None
    return int(bool(union.office_area_m2)) + int(union.has_workers_home)


def _funding(figures: TownshipFigures) -> int:
    """经费: funded in the year, and the funds audited by the 经审会, one point each."""
    return int(figures.funding_amount > 0) + int(figures.funding_amount > 0 and figures.funding_audited)


def _special_contract_kinds(figures: TownshipFigures) -> int:
    """Kinds of special contract (工资专项, 女职工专项) signed by at least 80 % of the unions that have a contract."""
    org = figures.organisation
    return sum(1 for ratio in (org.wage_agreement_rate, org.women_contract_rate)
               if ratio.applicable and ratio.percent >= 80)


def _count_of(kinds, rows_of: Callable[[TownshipFigures], list]) -> Callable[[TownshipFigures], int]:
    return lambda figures: sum(row.count for row in rows_of(figures) if row.key in kinds)


def _kinds_present(kinds, rows_of: Callable[[TownshipFigures], list]) -> Callable[[TownshipFigures], int]:
    return lambda figures: sum(1 for row in rows_of(figures) if row.key in kinds and row.count)


def _guidance_per_union(figures: TownshipFigures) -> Decimal | None:
    return Ratio(figures.activities.guidance_visits, figures.organisation.unions_total).percent


EVIDENCE: dict[str, Evidence] = {
    "party_hearings": Evidence(_("党委听取工会工作汇报次数"), _("次"), lambda f: f.activities.party_hearings),
    "union_facts": Evidence(_("六有之班子、章子、牌子齐备程度"), "%", _share_of_union_facts),
    "premises": Evidence(_("办公场所与职工之家（项）"), _("项"), _premises),
    "full_time_staff": Evidence(_("专职工会工作人员"), _("人"), lambda f: f.facts.full_time_staff if f.facts else None),
    "funding": Evidence(_("经费到位与经审审查（项）"), _("项"), _funding),
    "formation_rate": Evidence(_("基层工会组建率"), "%", _rate(lambda f: f.organisation.formation_rate)),
    "membership_rate": Evidence(_("职工入会率"), "%", _rate(lambda f: f.organisation.membership_rate)),
    "legal_person_rate": Evidence(_("法人资格登记率"), "%", _rate(lambda f: f.organisation.legal_person_rate)),
    "committees_rate": Evidence(_("经审、女职委同步组建率"), "%", _rate(lambda f: f.organisation.committees_rate)),
    "member_records_rate": Evidence(_("会员实名制台账完整率"), "%",
                                    _rate(lambda f: f.organisation.member_records_complete_rate)),
    "collective_contract_rate": Evidence(_("集体合同覆盖率"), "%", _rate(lambda f: f.organisation.collective_contract_rate)),
    "special_contract_kinds": Evidence(_("专项集体合同种类（工资、女职工）"), _("种"), _special_contract_kinds),
    "workers_congress_rate": Evidence(_("职代会建制率"), "%", _rate(lambda f: f.organisation.workers_congress_rate)),
    "conclusion_rate": Evidence(_("维权案件办结率"), "%", _rate(lambda f: f.rights.conclusion_rate)),
    "mediation_rate": Evidence(_("劳动争议调解组织建立率"), "%", _rate(lambda f: f.organisation.mediation_rate)),
    "re_election_rate": Evidence(_("按期换届率"), "%", _rate(lambda f: f.organisation.re_election_rate)),
    "trainings": Evidence(_("基层工会干部培训期数"), _("期"), lambda f: f.activities.trainings),
    "chairs_trained_rate": Evidence(_("基层工会主席培训覆盖率"), "%", _rate(lambda f: f.organisation.chairs_trained_rate)),
    "workers_home_rate": Evidence(_("职工之家建家率"), "%", _rate(lambda f: f.organisation.workers_home_rate)),
    "guidance_per_union": Evidence(_("走访指导次数与基层工会数之比"), "%", _guidance_per_union),
    "hardship_members": Evidence(_("困难职工建档人数"), _("人"), lambda f: f.assistance.hardship_members),
    "hardship_coverage_rate": Evidence(_("困难职工帮扶覆盖率"), "%", _rate(lambda f: f.assistance.hardship_coverage_rate)),
    "season_kinds": Evidence(_("开展的四季送温暖活动（种）"), _("种"), _kinds_present(SEASONS, lambda f: f.assistance.by_category)),
    "assistance_records": Evidence(_("帮扶台账记录"), _("条"), lambda f: f.assistance.records),
    "competitions": Evidence(_("劳动竞赛、技能比武、合理化建议活动"), _("次"), _count_of(COMPETITIONS, lambda f: f.activities.by_kind)),
    "safety_activities": Evidence(_("安康杯、安全检查活动"), _("次"), _count_of(SAFETY, lambda f: f.activities.by_kind)),
    "county_honours": Evidence(_("县级以上工会表彰"), _("项"), _count_of(COUNTY_OR_HIGHER, lambda f: f.honours_by_level)),
}
EVIDENCE_CHOICES = [(key, evidence.label) for key, evidence in EVIDENCE.items()]


def read_evidence(figures: TownshipFigures) -> dict[str, str | None]:
    """Every evidence value as text (JSON-safe, exact decimals), for a submission's snapshot."""
    values = {}
    for key, evidence in EVIDENCE.items():
        value = evidence.read(figures)
        values[key] = None if value is None else str(value)
    return values
