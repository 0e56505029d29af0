"""township_figures against values computed by hand."""
import datetime
from decimal import Decimal

import pytest

from unions.figures import Ratio
from unions.models import Member
from unions.selectors import as_of_date, default_report_year, township_figures

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
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def township():
    """10 employers should unionise; 4 unions (2+1+1+0 employers covered), flags chosen so every
    rate has a distinct, hand-countable value."""
    township = TownshipFactory(enterprises=12, eligible_employers=10)
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
    GrassrootsUnionFactory(**common, name="丁", kind="industry", employers_covered=0)
    # Members: 5 active in a, 2 active in b (one woman, one migrant), 1 who left, 1 who joins next year.
    for _ in range(5):
        MemberFactory(union=a)
    MemberFactory(union=b, gender=Member.Gender.FEMALE)
    MemberFactory(union=b, is_migrant_worker=True)
    MemberFactory(union=c, joined_on=D(2019, 1, 1), left_on=D(2025, 3, 1))
    MemberFactory(union=c, joined_on=D(2026, 1, 5))
    return township


def test_organisation_figures(township):
    org = township_figures(township, 2025).organisation
    assert (org.enterprises, org.eligible_employers, org.unions_total, org.employers_covered) == (12, 10, 4, 4)
    assert {k.key: k.count for k in org.unions_by_kind} == {
        "enterprise": 2, "village": 1, "industry": 1, "institution": 0, "community": 0,
    }
    assert org.formation_rate == Ratio(4, 10)
    assert (org.employees, org.women_employees, org.migrant_employees) == (200, 80, 40)
    assert (org.members_active, org.members_women, org.members_migrant) == (7, 1, 1)
    assert org.membership_rate == Ratio(7, 200)
    assert org.member_records_complete_rate == Ratio(9, 9)
    assert (org.contracts_valid, org.contract_workers_covered) == (2, 75)  # a and c; b expired
    assert org.collective_contract_rate == Ratio(2, 4)
    assert org.wage_agreement_rate == Ratio(2, 4)
    assert org.women_contract_rate == Ratio(1, 4)
    assert org.workers_congress_rate == Ratio(1, 4)  # b held its congress in 2024
    assert org.affairs_disclosure_rate == Ratio(1, 4)
    assert org.legal_person_rate == Ratio(2, 4)
    assert org.committees_rate == Ratio(1, 4)
    assert org.mediation_rate == Ratio(1, 4)
    assert org.re_election_rate == Ratio(2, 4)  # a (2023, 3 years) and c (2021, 5 years); d never elected
    assert org.workers_home_rate == Ratio(2, 4)
    assert org.chairs_trained_rate == Ratio(1, 4)


def test_state_figures_are_taken_at_the_end_of_the_year(township):
    org = township_figures(township, 2024).organisation
    assert org.members_active == 8  # the member who left in March 2025 still counted
    assert org.contracts_valid == 2  # a and b valid on 2024-12-31; c not yet signed
    assert org.workers_congress_rate == Ratio(1, 4)
    assert as_of_date(2024) == D(2024, 12, 31)


def test_rights_figures(township):
    RightsCaseFactory(township=township, received_on=D(2025, 2, 1), workers_involved=19, migrant_workers_involved=19,
                      amount_claimed=Decimal("31463"), amount_recovered=Decimal("31463"), status="closed",
                      closed_on=D(2025, 3, 1))
    RightsCaseFactory(township=township, case_type="work_injury", received_on=D(2025, 5, 1), workers_involved=1,
                      amount_claimed=Decimal("20000"), amount_recovered=Decimal("5000"), status="transferred",
                      closed_on=D(2025, 6, 1))
    RightsCaseFactory(township=township, received_on=D(2025, 9, 1), workers_involved=3, status="mediating",
                      amount_claimed=Decimal("9000"))
    RightsCaseFactory(township=township, received_on=D(2024, 9, 1))  # another year
    RightsCaseFactory(received_on=D(2025, 9, 1))  # another township
    rights = township_figures(township, 2025).rights
    assert (rights.received, rights.concluded) == (3, 2)
    assert rights.conclusion_rate == Ratio(2, 3)
    assert str(rights.conclusion_rate) == "66.7%"
    assert (rights.amount_claimed, rights.amount_recovered) == (Decimal("60463"), Decimal("36463"))
    assert (rights.workers_helped, rights.migrant_workers_helped) == (23, 19)
    by_type = {row.key: (row.count, row.people, row.amount, row.extra) for row in rights.by_type}
    assert by_type == {"wage_arrears": (2, 22, Decimal("31463"), 19), "work_injury": (1, 1, Decimal("5000"), 0)}


def test_assistance_figures(township):
    union = township.grassroots_unions.get(name="甲")
    poor = MemberFactory(union=union, hardship_reason="illness", hardship_filed_on=D(2024, 1, 1))
    MemberFactory(union=union, hardship_reason="disaster", hardship_filed_on=D(2024, 1, 1))  # not helped
    MemberFactory(union=union, hardship_reason="illness", hardship_filed_on=D(2020, 1, 1), hardship_lifted_on=D(2023, 1, 1))
    AssistanceRecordFactory(township=township, member=poor, recipient_name="", amount=Decimal("800"))
    AssistanceRecordFactory(township=township, member=poor, recipient_name="", amount=Decimal("200"),
                            category="autumn_schooling", given_on=D(2025, 8, 1))
    AssistanceRecordFactory(township=township, category="summer_cooling", people=120, amount=Decimal("6000"),
                            given_on=D(2025, 7, 1))
    AssistanceRecordFactory(township=township, given_on=D(2024, 1, 1), amount=Decimal("999"))  # another year
    AssistanceRecordFactory(amount=Decimal("555"))  # another township
    aid = township_figures(township, 2025).assistance
    assert (aid.records, aid.people, aid.amount) == (3, 122, Decimal("7000"))
    by_category = {row.key: (row.count, row.people, row.amount) for row in aid.by_category}
    assert by_category["winter_warmth"] == (1, 1, Decimal("800"))
    assert by_category["summer_cooling"] == (1, 120, Decimal("6000"))
    assert by_category["medical"] == (0, 0, Decimal("0"))
    assert (aid.hardship_members, aid.hardship_members_assisted) == (2, 1)
    assert aid.hardship_coverage_rate == Ratio(1, 2)


def test_activity_and_support_figures(township):
    ActivityFactory.create_batch(2, township=township, participants=40)
    ActivityFactory(township=township, kind="party_hearing", participants=12)
    ActivityFactory(township=township, kind="party_hearing", held_on=D(2024, 3, 1))
    ActivityFactory(township=township, kind="employment_service", jobs_placed=97, participants=200)
    ActivityFactory(township=township, kind="guidance_visit", participants=3)
    AnnualFundingFactory(township=township, year=2025, amount=Decimal("150000"), audited=True)
    AnnualFundingFactory(township=township, year=2025, source="higher_union", amount=Decimal("20000"), audited=False)
    HonourFactory(township=township, level="municipal")
    HonourFactory(township=township, level="county", title="县级模范职工之家")
    figures = township_figures(township, 2025)
    acts = figures.activities
    assert (acts.total, acts.trainings, acts.people_trained) == (5, 2, 80)
    assert (acts.party_hearings, acts.guidance_visits, acts.jobs_placed) == (1, 1, 97)
    assert (figures.funding_amount, figures.funding_audited) == (Decimal("170000"), False)
    assert figures.union.full_time_staff == 2
    assert {row.key: row.count for row in figures.honours_by_level} == {
        "national": 0, "provincial": 0, "municipal": 1, "county": 1,
    }


def test_empty_township_has_no_applicable_ratio():
    township = TownshipFactory(eligible_employers=0)
    figures = township_figures(township, 2025)
    org = figures.organisation
    ratios = [value for value in vars(org).values() if isinstance(value, Ratio)]
    ratios += [figures.rights.conclusion_rate, figures.assistance.hardship_coverage_rate]
    assert len(ratios) == 16
    for ratio in ratios:
        assert not ratio.applicable and ratio.value is None and ratio.percent is None
        assert str(ratio) == "不适用"
    assert figures.union is None
    assert (figures.funding_amount, figures.funding_audited) == (Decimal("0"), False)
    assert figures.rights.amount_recovered == Decimal("0")


def test_queries_do_not_grow_with_rows(township, django_assert_max_num_queries):
    union = township.grassroots_unions.first()
    MemberFactory.create_batch(40, union=union)
    RightsCaseFactory.create_batch(10, township=township)
    with django_assert_max_num_queries(11):
        township_figures(township, 2025)


def test_default_report_year_is_the_latest_recorded():
    township = TownshipFactory()
    assert default_report_year(township) == datetime.date.today().year
    ActivityFactory(township=township, held_on=D(2024, 5, 1))
    RightsCaseFactory(township=township, received_on=D(2025, 1, 2))
    assert default_report_year(township) == 2025
