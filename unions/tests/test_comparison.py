"""The county comparison: `compared_figures` (many townships and years at once) gives exactly what
`township_figures` gives for each, in a fixed number of queries; medians, totals and standings."""
import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from unions.comparison import ABOVE, BELOW, LEVEL, median_of, percent_text, standing, total_ratio
from unions.figures import Ratio
from unions.models import RightsCase
from unions.selectors import compared_figures, township_figures

from .factories import (
    AnnualFundingFactory,
    AssistanceRecordFactory,
    CountyFactory,
    GrassrootsUnionFactory,
    MemberFactory,
    RightsCaseFactory,
    TownshipFactory,
    record_township_facts,
    record_union_figures,
)

pytestmark = pytest.mark.django_db
D = datetime.date
YEARS = [2023, 2024, 2025, 2026]


def busy_township(county, seed: int):
    """A township whose records cross the years: a union dissolved in 2025, a contract that
    expires, members who leave, hardship files lifted, cases transferred, funding audited or not."""
    township = TownshipFactory(county=county, facts_year=2024, eligible_employers=10 + seed)
    record_township_facts(township, 2025, eligible_employers=12 + seed)
    lasting = GrassrootsUnionFactory(township=township, founded_on=D(2015, 1, 1), facts_year=2024, employee_count=40 + seed,
                                     employers_covered=5, has_workers_home=True,
                                     contract_signed_on=D(2022, 1, 1), contract_expires_on=D(2024, 12, 31))
    record_union_figures(lasting, 2025, employee_count=50, employers_covered=6, contract_signed_on=D(2025, 2, 1),
                         contract_expires_on=D(2027, 1, 31))
    closing = GrassrootsUnionFactory(township=township, founded_on=D(2018, 1, 1), facts_year=2024, employee_count=20,
                                     women_count=5, migrant_count=5,
                                     employers_covered=2 + seed % 2)
    closing.dissolution, closing.dissolved_on = "deregistered", D(2025, 6, 30)
    closing.save()
    record_union_figures(closing, 2025, employee_count=20, employers_covered=2)
    for n in range(6 + seed):
        MemberFactory(union=lasting, joined_on=D(2021 + n % 4, 3, 1), left_on=D(2025, 8, 1) if n == 0 else None)
    for n in range(4):
        MemberFactory(union=closing, joined_on=D(2020, 1, 1))
    filed = [MemberFactory(union=lasting, joined_on=D(2020, 1, 1), hardship_reason="illness", hardship_filed_on=D(2024, 2, 1),
                           hardship_lifted_on=D(2025, 3, 1) if n == 0 else None) for n in range(3)]
    AssistanceRecordFactory(township=township, member=filed[1], recipient_name="", given_on=D(2024, 5, 1))
    AssistanceRecordFactory(township=township, member=filed[1], recipient_name="", given_on=D(2025, 5, 1))
    AssistanceRecordFactory(township=township, member=filed[2], recipient_name="", given_on=D(2025, 6, 1))
    RightsCaseFactory(township=township, received_on=D(2024, 4, 1))
    RightsCaseFactory(township=township, received_on=D(2025, 4, 1), status=RightsCase.Status.CLOSED, closed_on=D(2025, 5, 1))
    RightsCaseFactory(township=township, received_on=D(2025, 7, 1), status=RightsCase.Status.TRANSFERRED, closed_on=D(2025, 8, 1))
    RightsCaseFactory(township=township, received_on=D(2025, 9, 1))
    AnnualFundingFactory(township=township, year=2025, amount=Decimal("30000"), audited=True)
    AnnualFundingFactory(township=township, year=2025, amount=Decimal("5000.50"), audited=seed % 2 == 0, source="dues")
    AnnualFundingFactory(township=township, year=2024, amount=Decimal("20000"), audited=False)
    return township


def test_compared_figures_are_the_township_figures_of_each_year():
    county = CountyFactory()
    townships = [busy_township(county, seed) for seed in range(3)] + [TownshipFactory(county=county, facts_year=None)]
    compared = compared_figures([township.pk for township in townships], YEARS)
    for township in townships:
        for year in YEARS:
            full, row = township_figures(township, year), compared[(township.pk, year)]
            org = full.organisation
            assert row.unions_total == org.unions_total, (township, year)
            assert (row.formation_rate, row.membership_rate, row.collective_contract_rate, row.workers_home_rate) == (
                org.formation_rate, org.membership_rate, org.collective_contract_rate, org.workers_home_rate), (township, year)
            assert row.conclusion_rate == full.rights.conclusion_rate, (township, year)
            assert row.hardship_coverage_rate == full.assistance.hardship_coverage_rate, (township, year)
            assert (row.funding_amount, row.funding_audited) == (full.funding_amount, full.funding_audited), (township, year)
    # the records cross years as meant: a dissolved union leaves 2025, a lifted file leaves the coverage
    first = compared[(townships[0].pk, 2025)]
    assert first.unions_total == 1 and first.conclusion_rate == Ratio(2, 3) and first.hardship_coverage_rate == Ratio(2, 2)
    assert compared[(townships[0].pk, 2024)].hardship_coverage_rate == Ratio(1, 3)
    assert compared[(townships[3].pk, 2025)].formation_rate == Ratio(0, 0) and not compared[(townships[3].pk, 2025)].funding_recorded


def test_compared_figures_take_seven_queries_however_many_townships():
    county = CountyFactory()
    few = [busy_township(county, 0)]
    with CaptureQueriesContext(connection) as one:
        compared_figures([township.pk for township in few], YEARS)
    many = few + [busy_township(county, seed) for seed in range(1, 4)]
    with CaptureQueriesContext(connection) as four:
        compared_figures([township.pk for township in many], YEARS)
    assert len(one) == len(four) == 7


def test_median_total_and_standing():
    assert median_of([Decimal("50"), None, Decimal("90"), Decimal("80")]) == Decimal("80")
    assert median_of([Decimal("50"), Decimal("80")]) == Decimal("65")
    assert median_of([Decimal("66.7"), Decimal("66.8")]) == Decimal("66.8")  # 66.75, rounded half up as rates are
    assert median_of([None]) is None
    # the county's rate is the ratio of the sums, and a township where it does not apply adds nothing
    assert total_ratio([Ratio(9, 10), Ratio(10, 20), Ratio(2, 0)]) == Ratio(19, 30)
    assert standing(Decimal("90"), Decimal("80"), 3) is ABOVE and standing(Decimal("50"), Decimal("80"), 3) is BELOW
    assert standing(Decimal("80"), Decimal("80"), 3) is LEVEL
    assert standing(None, Decimal("80"), 3) is None and standing(Decimal("80"), Decimal("80"), 1) is None
    assert (percent_text(Decimal("100.0")), percent_text(Decimal("86.8")), percent_text(None)) == ("100%", "86.8%", "不适用")
