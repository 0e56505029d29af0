"""township_figures against values computed by hand.

Each test compares every field of one part of the figures, so a figure added later without a
test fails here rather than going unchecked. A second township of the same county holds records
of every kind, to show that none of them leaks into the first township's figures.
"""
import datetime
from dataclasses import fields
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from unions.figures import Ratio
from django.forms.models import model_to_dict

from unions.models import GrassrootsUnionYear, Member
from unions.selectors import as_of_date, default_report_year, rates_over_years, township_figures, years_before

from .factories import (
    ActivityFactory,
    AnnualFundingFactory,
    AssistanceRecordFactory,
    GrassrootsUnionFactory,
    HonourFactory,
    MemberFactory,
    RightsCaseFactory,
    TownshipFactory,
    TownshipUnionFactory,
    record_township_facts,
    record_union_figures,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def as_dict(figures) -> dict:
    return {f.name: getattr(figures, f.name) for f in fields(figures)}


def figures_of(union, year: int) -> dict:
    """The fields of a union's figures of `year`, as `record_union_figures` takes them."""
    row = GrassrootsUnionYear.objects.get(union=union, year=year)
    return model_to_dict(row, exclude=["id", "township", "union", "year"])


def rows(breakdown) -> list[tuple]:
    """A breakdown as plain tuples (key, label, count, people, amount, extra)."""
    return [(row.key, str(row.label), row.count, row.people, row.amount, row.extra) for row in breakdown]


@pytest.fixture
def neighbour():
    """Another township of the same county with records of every kind, all in 2025."""
    neighbour = TownshipFactory(enterprises=50, eligible_employers=40)
    TownshipUnionFactory(township=neighbour, full_time_staff=9)
    union = GrassrootsUnionFactory(
        township=neighbour, name="邻镇工会", employee_count=999, women_count=500, migrant_count=300,
        legal_person=True, has_audit_committee=True, has_women_committee=True, has_mediation_committee=True,
        has_workers_home=True, last_election_on=D(2024, 1, 1), contract_signed_on=D(2025, 1, 1),
        contract_expires_on=D(2027, 1, 1), contract_workers_covered=900, wage_agreement=True,
        women_special_contract=True, workers_congress_last_held_on=D(2025, 3, 1), affairs_disclosure=True,
        chair_trained_on=D(2025, 3, 1),
    )
    MemberFactory.create_batch(3, union=union, gender=Member.Gender.FEMALE, is_migrant_worker=True)
    poor = MemberFactory(union=union, hardship_reason="illness", hardship_filed_on=D(2024, 1, 1))
    AssistanceRecordFactory(township=neighbour, member=poor, recipient_name="", amount=Decimal("4444"))
    RightsCaseFactory(township=neighbour, received_on=D(2025, 9, 1), status="closed", closed_on=D(2025, 9, 2),
                      amount_claimed=Decimal("7777"), amount_recovered=Decimal("7777"), workers_involved=7)
    ActivityFactory(township=neighbour, participants=70)
    ActivityFactory(township=neighbour, kind="employment_service", jobs_placed=70)
    HonourFactory(township=neighbour, level="national")
    AnnualFundingFactory(township=neighbour, year=2025, amount=Decimal("999999"), audited=True)
    return neighbour


@pytest.fixture
def township(neighbour):
    """10 employers should unionise; 4 unions (2+1+1+0 employers covered), flags chosen so every
    rate has a distinct, hand-countable value. Their 2025 figures, and the 2024 ones as that year's
    年报 recorded them."""
    township = TownshipFactory(county=neighbour.county, enterprises=12, eligible_employers=10)
    TownshipUnionFactory(township=township, full_time_staff=2)
    common = dict(township=township, employee_count=50, women_count=20, migrant_count=10)
    a = GrassrootsUnionFactory(
        **common, name="甲", employers_covered=2, legal_person=True, has_audit_committee=True, has_women_committee=True,
        has_mediation_committee=True, has_workers_home=True, last_election_on=D(2023, 5, 1), term_years=3,
        contract_signed_on=D(2024, 1, 1), contract_expires_on=D(2026, 12, 31), contract_workers_covered=45,
        wage_agreement=True, women_special_contract=True, workers_congress_last_held_on=D(2025, 4, 1),
        affairs_disclosure=True, chair_trained_on=D(2025, 6, 1),
    )
    b = GrassrootsUnionFactory(
        **common, name="乙", kind="village", employers_covered=1, legal_person=True, has_audit_committee=True,
        has_women_committee=False, last_election_on=D(2022, 12, 1), term_years=3,  # term ended 2025-12-01
        contract_signed_on=D(2022, 1, 1), contract_expires_on=D(2024, 12, 31), contract_workers_covered=40,  # expired
        wage_agreement=True, workers_congress_last_held_on=D(2024, 4, 1),
    )
    c = GrassrootsUnionFactory(
        **common, name="丙", employers_covered=1, last_election_on=D(2021, 6, 1), term_years=5,
        contract_signed_on=D(2025, 3, 1), contract_expires_on=D(2028, 2, 28), contract_workers_covered=30,
        has_workers_home=True,
    )
    d = GrassrootsUnionFactory(**common, name="丁", kind="industry", employers_covered=0)
    # 2024: the same, but c had not yet signed its contract, and a held its congress and trained its
    # chair only in 2025.
    record_township_facts(township, 2024, enterprises=12, eligible_employers=10)
    for union, changes in ((a, dict(workers_congress_last_held_on=None, chair_trained_on=None)), (b, {}),
                           (c, dict(contract_signed_on=None, contract_expires_on=None, contract_workers_covered=0)),
                           (d, {})):
        record_union_figures(union, 2024, **{**figures_of(union, 2025), **changes})
    # Members: 5 active in a, 2 active in b (one woman, one migrant), 1 who left, 1 who joins next year.
    for _ in range(5):
        MemberFactory(union=a)
    MemberFactory(union=b, gender=Member.Gender.FEMALE)
    MemberFactory(union=b, is_migrant_worker=True)
    MemberFactory(union=c, joined_on=D(2019, 1, 1), left_on=D(2025, 3, 1))
    MemberFactory(union=c, joined_on=D(2026, 1, 5))
    return township


UNION_KINDS_2025 = [
    ("enterprise", "企业工会", 2, 0, Decimal("0"), 0),
    ("village", "村级工会联合会", 1, 0, Decimal("0"), 0),
    ("industry", "行业工会联合会", 1, 0, Decimal("0"), 0),
    ("institution", "机关事业单位工会", 0, 0, Decimal("0"), 0),
    ("community", "社区工会", 0, 0, Decimal("0"), 0),
]


def test_organisation_figures(township):
    org = township_figures(township, 2025).organisation
    figures = as_dict(org)
    figures["unions_by_kind"] = rows(org.unions_by_kind)
    assert figures == {
        "enterprises": 12,
        "eligible_employers": 10,
        "unions_without_figures": 0,
        "unions_total": 4,
        "unions_founded": 0,  # none was founded in 2025
        "unions_by_kind": UNION_KINDS_2025,
        "employers_covered": 4,
        "formation_rate": Ratio(4, 10),
        "employees": 200,
        "women_employees": 80,
        "migrant_employees": 40,
        "members_active": 7,  # the leaver and next year's joiner are not counted
        "members_women": 1,
        "members_migrant": 1,
        "membership_rate": Ratio(7, 200),
        "members_with_id": 9,
        "member_records": 9,
        "member_records_complete_rate": Ratio(9, 9),
        "contracts_valid": 2,  # a and c; b expired at the end of 2024
        "contract_workers_covered": 75,
        "collective_contract_rate": Ratio(2, 4),
        "wage_agreement_rate": Ratio(2, 4),
        "women_contract_rate": Ratio(1, 4),
        "workers_congress_rate": Ratio(1, 4),  # b held its congress in 2024
        "affairs_disclosure_rate": Ratio(1, 4),
        "legal_person_rate": Ratio(2, 4),
        "committees_rate": Ratio(1, 4),  # b has an audit committee but no women's committee
        "mediation_rate": Ratio(1, 4),
        "re_election_rate": Ratio(2, 4),  # a (2023, 3 years) and c (2021, 5 years); b's term ran out; d never elected
        "workers_home_rate": Ratio(2, 4),
        "chairs_trained_rate": Ratio(1, 4),
    }
    assert str(org.formation_rate) == "40%"
    assert str(org.membership_rate) == "3.5%"


def test_state_figures_are_taken_at_the_end_of_the_year(township):
    assert as_of_date(2024) == D(2024, 12, 31)
    org = township_figures(township, 2024).organisation
    assert (org.members_active, org.members_women, org.members_migrant) == (8, 1, 1)  # the March 2025 leaver counts
    assert org.membership_rate == Ratio(8, 200)
    assert (org.contracts_valid, org.contract_workers_covered) == (2, 85)  # a and b on 2024-12-31; c not yet signed
    assert (org.employees, org.unions_total, org.unions_without_figures) == (200, 4, 0)  # 2024's own figures
    assert org.re_election_rate == Ratio(3, 4)  # b's 3-year term from 2022-12 still runs on 2024-12-31
    assert org.workers_congress_rate == Ratio(1, 4)  # b, in 2024
    assert org.chairs_trained_rate == Ratio(0, 4)
    assert str(org.chairs_trained_rate) == "0%"


def test_the_current_year_is_taken_as_of_today(township):
    today = timezone.localdate()
    assert as_of_date(today.year) == today
    figures = township_figures(township, today.year)
    assert figures.as_of == today
    # The January 2026 joiner is a member now; the 2025 leaver is not.
    assert figures.organisation.members_active == 8


def test_years_before_handles_29_february():
    assert years_before(D(2025, 12, 31), 3) == D(2022, 12, 31)
    assert years_before(D(2024, 2, 29), 1) == D(2023, 2, 28)
    assert years_before(D(2024, 2, 29), 4) == D(2020, 2, 29)


def test_rights_figures(township):
    RightsCaseFactory(township=township, received_on=D(2025, 2, 1), workers_involved=19, migrant_workers_involved=19,
                      amount_claimed=Decimal("31463"), amount_recovered=Decimal("31463"), status="closed",
                      closed_on=D(2025, 3, 1))
    RightsCaseFactory(township=township, case_type="work_injury", received_on=D(2025, 5, 1), workers_involved=1,
                      amount_claimed=Decimal("20000"), amount_recovered=Decimal("5000"), status="transferred",
                      closed_on=D(2025, 6, 1))
    RightsCaseFactory(township=township, received_on=D(2025, 9, 1), workers_involved=3, status="mediating",
                      amount_claimed=Decimal("9000"))
    RightsCaseFactory(township=township, received_on=D(2024, 9, 1), amount_claimed=Decimal("1"))  # another year
    rights = township_figures(township, 2025).rights
    figures = as_dict(rights)
    figures["by_type"] = rows(rights.by_type)
    assert figures == {
        "received": 3,
        "concluded": 2,  # closed and transferred
        "conclusion_rate": Ratio(2, 3),
        "amount_claimed": Decimal("60463"),
        "amount_recovered": Decimal("36463"),
        "workers_helped": 23,
        "migrant_workers_helped": 19,
        # only the types that occurred, in the order of the choices
        "by_type": [
            ("wage_arrears", "欠薪", 2, 22, Decimal("31463"), 19),
            ("work_injury", "工伤", 1, 1, Decimal("5000"), 0),
        ],
    }
    assert str(rights.conclusion_rate) == "66.7%"
    assert township_figures(township, 2024).rights.received == 1


def test_assistance_figures(township):
    union = township.grassroots_unions.get(name="甲")
    poor = MemberFactory(union=union, hardship_reason="illness", hardship_filed_on=D(2024, 1, 1))
    helped_last_year = MemberFactory(union=union, hardship_reason="disaster", hardship_filed_on=D(2024, 1, 1))
    MemberFactory(union=union, hardship_reason="illness", hardship_filed_on=D(2020, 1, 1), hardship_lifted_on=D(2023, 1, 1))
    filed_next_year = MemberFactory(union=union, hardship_reason="unemployment", hardship_filed_on=D(2026, 2, 1))
    # poor is helped twice in 2025 and counts once
    AssistanceRecordFactory(township=township, member=poor, recipient_name="", amount=Decimal("800"))
    AssistanceRecordFactory(township=township, member=poor, recipient_name="", amount=Decimal("200"),
                            category="autumn_schooling", given_on=D(2025, 8, 1))
    AssistanceRecordFactory(township=township, category="summer_cooling", people=120, amount=Decimal("6000"),
                            given_on=D(2025, 7, 1))
    AssistanceRecordFactory(township=township, member=filed_next_year, recipient_name="", category="visit",
                            given_on=D(2025, 12, 20), amount=Decimal("300"))
    AssistanceRecordFactory(township=township, member=helped_last_year, recipient_name="", given_on=D(2024, 1, 10),
                            amount=Decimal("999"))  # another year
    aid = township_figures(township, 2025).assistance
    figures = as_dict(aid)
    figures["by_category"] = rows(aid.by_category)
    zero = Decimal("0")
    assert figures == {
        "records": 4,
        "people": 123,
        "amount": Decimal("7300"),
        "by_category": [
            ("spring_jobs", "春送岗位", 0, 0, zero, 0),
            ("summer_cooling", "夏送清凉", 1, 120, Decimal("6000"), 0),
            ("autumn_schooling", "金秋助学", 1, 1, Decimal("200"), 0),
            ("winter_warmth", "冬送温暖", 1, 1, Decimal("800"), 0),
            ("medical", "医疗救助", 0, 0, zero, 0),
            ("employment", "就业帮扶", 0, 0, zero, 0),
            ("visit", "四必访慰问", 1, 1, Decimal("300"), 0),
            ("other", "其他", 0, 0, zero, 0),
        ],
        # open files on 2025-12-31: poor and helped_last_year (the lifted one and next year's are not)
        "hardship_members": 2,
        "hardship_members_assisted": 1,
        "hardship_coverage_rate": Ratio(1, 2),
    }
    last_year = township_figures(township, 2024).assistance
    assert (last_year.records, last_year.amount) == (1, Decimal("999"))
    assert (last_year.hardship_members, last_year.hardship_members_assisted) == (2, 1)  # helped_last_year


def test_activity_and_support_figures(township):
    ActivityFactory.create_batch(2, township=township, participants=40)
    ActivityFactory(township=township, kind="party_hearing", participants=12)
    ActivityFactory(township=township, kind="party_hearing", held_on=D(2024, 3, 1))  # another year
    ActivityFactory(township=township, kind="employment_service", jobs_placed=97, participants=200)
    ActivityFactory(township=township, kind="guidance_visit", participants=3)
    AnnualFundingFactory(township=township, year=2025, amount=Decimal("150000"), audited=True)
    AnnualFundingFactory(township=township, year=2025, source="higher_union", amount=Decimal("20000"), audited=False)
    AnnualFundingFactory(township=township, year=2024, amount=Decimal("80000"), audited=True)
    HonourFactory(township=township, level="municipal")
    HonourFactory(township=township, level="county", title="县级模范职工之家")
    figures = township_figures(township, 2025)

    acts = figures.activities
    activity_figures = as_dict(acts)
    activity_figures["by_kind"] = [row for row in rows(acts.by_kind) if row[2]]
    assert activity_figures == {
        "total": 5,
        "by_kind": [
            ("training", "培训", 2, 80, Decimal("0"), 0),
            ("party_hearing", "党委听取汇报", 1, 12, Decimal("0"), 0),
            ("guidance_visit", "走访指导", 1, 3, Decimal("0"), 0),
            ("employment_service", "就业服务", 1, 200, Decimal("0"), 97),
        ],
        "trainings": 2,
        "people_trained": 80,
        "party_hearings": 1,
        "guidance_visits": 1,
        "jobs_placed": 97,
    }
    assert len(acts.by_kind) == 12 and sum(row.count for row in acts.by_kind) == 5

    top = as_dict(figures)
    del top["organisation"], top["rights"], top["assistance"], top["activities"]
    top["honours_by_level"] = [(row.key, row.count) for row in figures.honours_by_level]
    assert top == {
        "township": township,
        "year": 2025,
        "as_of": D(2025, 12, 31),
        "union": township.union,
        "facts": township.years.get(year=2025),
        "funding_amount": Decimal("170000"),
        "funding_audited": False,  # the 20 000 from the higher union is not audited
        "honours_by_level": [("national", 0), ("provincial", 0), ("municipal", 1), ("county", 1)],
    }
    assert figures.facts.full_time_staff == 2
    last_year = township_figures(township, 2024)
    assert (last_year.funding_amount, last_year.funding_audited) == (Decimal("80000"), True)
    assert (last_year.activities.total, last_year.activities.party_hearings) == (1, 1)


def test_neighbour_counts_only_its_own_records(township, neighbour):
    """The mirror image: the fixture's township does not leak into its neighbour either."""
    figures = township_figures(neighbour, 2025)
    org = figures.organisation
    assert (org.unions_total, org.employees, org.members_active, org.members_women) == (1, 999, 4, 3)
    assert org.formation_rate == Ratio(1, 40)
    assert (figures.rights.received, figures.rights.amount_recovered) == (1, Decimal("7777"))
    assert (figures.assistance.records, figures.assistance.amount) == (1, Decimal("4444"))
    assert figures.assistance.hardship_coverage_rate == Ratio(1, 1)
    assert (figures.activities.total, figures.activities.jobs_placed) == (2, 70)
    assert (figures.funding_amount, figures.funding_audited) == (Decimal("999999"), True)
    assert figures.facts.full_time_staff == 9


def test_empty_township_has_no_applicable_ratio():
    township = TownshipFactory(eligible_employers=0, enterprises=0)
    figures = township_figures(township, 2025)
    org = figures.organisation
    ratios = [value for value in as_dict(org).values() if isinstance(value, Ratio)]
    ratios += [figures.rights.conclusion_rate, figures.assistance.hardship_coverage_rate]
    assert len(ratios) == 16
    for ratio in ratios:
        assert ratio.applicable is False
        assert ratio.value is None and ratio.percent is None
        assert str(ratio) == "不适用"
    assert (org.unions_total, org.employees, org.members_active, org.member_records) == (0, 0, 0, 0)
    assert [row.count for row in org.unions_by_kind] == [0] * 5
    assert figures.union is None
    assert (figures.funding_amount, figures.funding_audited) == (Decimal("0"), False)
    assert (figures.rights.received, figures.rights.amount_recovered, figures.rights.by_type) == (0, Decimal("0"), [])
    assert (figures.assistance.records, figures.assistance.amount) == (0, Decimal("0"))
    assert all(row.count == 0 for row in figures.assistance.by_category)
    assert figures.activities.total == 0
    assert all(row.count == 0 for row in figures.honours_by_level)


def test_zero_eligible_employers_is_not_applicable_even_with_unions():
    township = TownshipFactory(eligible_employers=0)
    GrassrootsUnionFactory(township=township)
    org = township_figures(township, 2025).organisation
    assert str(org.formation_rate) == "不适用"
    assert org.legal_person_rate == Ratio(0, 1) and str(org.legal_person_rate) == "0%"


def count_queries(township, year=2025) -> int:
    with CaptureQueriesContext(connection) as queries:
        township_figures(township, year)
    return len(queries)


def test_queries_do_not_grow_with_rows(township, django_assert_max_num_queries):
    few = count_queries(township)
    union = township.grassroots_unions.first()
    GrassrootsUnionFactory.create_batch(5, township=township)
    MemberFactory.create_batch(40, union=union)
    MemberFactory.create_batch(5, union=union, hardship_reason="illness", hardship_filed_on=D(2025, 1, 1))
    RightsCaseFactory.create_batch(10, township=township)
    RightsCaseFactory.create_batch(3, township=township, case_type="work_injury")
    AssistanceRecordFactory.create_batch(10, township=township)
    ActivityFactory.create_batch(10, township=township)
    HonourFactory.create_batch(3, township=township)
    AnnualFundingFactory(township=township, year=2025)
    assert count_queries(township) == few
    with django_assert_max_num_queries(11):
        township_figures(township, 2025)


def test_default_report_year_is_the_latest_recorded():
    township = TownshipFactory(facts_year=None)
    assert default_report_year(township) == timezone.localdate().year
    record_township_facts(township, 2023)
    assert default_report_year(township) == 2023  # the latest year with facts
    ActivityFactory(township=township, held_on=D(2024, 5, 1))
    assert default_report_year(township) == 2024
    RightsCaseFactory(township=township, received_on=D(2025, 1, 2))
    assert default_report_year(township) == 2025
    AssistanceRecordFactory(given_on=D(2026, 1, 2))  # another township's record
    assert default_report_year(township) == 2025
    AssistanceRecordFactory(township=township, given_on=D(2026, 1, 2))
    assert default_report_year(township) == 2026


def test_rates_over_years_agree_with_the_figures_of_each_year(township):
    history = rates_over_years(township, [2024, 2025, 2026])
    for year in (2024, 2025, 2026):
        org = township_figures(township, year).organisation
        assert history[year] == (org.formation_rate, org.membership_rate), year
