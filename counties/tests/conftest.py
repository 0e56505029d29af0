"""A county of four townships whose 2025 figures are small enough to compute by hand (the numbers
are in `county`'s docstring), a neighbouring county, the 2025 round and the county's people."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from reviews.models import Application, Assignment, Indicator, Review, Round, Score, Submission
from reviews.tests.factories import RoundFactory
from unions.models import RightsCase
from unions.tests.conftest import fast_password_hasher  # noqa: F401
from unions.tests.factories import (
    AnnualFundingFactory,
    AssistanceRecordFactory,
    CountyAdminFactory,
    CountyFactory,
    CountyReviewerFactory,
    GrassrootsUnionFactory,
    MemberFactory,
    RightsCaseFactory,
    TownshipFactory,
    TownshipStaffFactory,
    record_township_facts,
)

D = datetime.date
VALID = {"contract_signed_on": D(2024, 1, 1), "contract_expires_on": D(2026, 12, 31)}


def union(township, *, employees: int, covered: int, members: int, home: bool = False, contract: bool = False, hardship=(0, 0)):
    """A union with its 2025 figures, `members` on the roll, and (files, assisted) hardship members."""
    made = GrassrootsUnionFactory(township=township, employee_count=employees, women_count=0, migrant_count=0,
                                  employers_covered=covered, has_workers_home=home, **(VALID if contract else {}))
    MemberFactory.create_batch(members - hardship[0], union=made)
    for n in range(hardship[0]):
        member = MemberFactory(union=made, hardship_reason="illness", hardship_filed_on=D(2024, 3, 1))
        if n < hardship[1]:
            AssistanceRecordFactory(township=township, member=member, recipient_name="", given_on=D(2025, 9, 1))
    return made


def cases(township, received: int, concluded: int):
    for n in range(received):
        done = {"status": RightsCase.Status.CLOSED, "closed_on": D(2025, 6, 1)} if n < concluded else {}
        RightsCaseFactory(township=township, received_on=D(2025, 5, 1), **done)


@pytest.fixture
def county(db):
    """2025, by hand:

    | township | 组建率      | 入会率      | 集体合同 | 办结率 | 帮扶覆盖 | 建家率 | 经费        | 工会 |
    | 甲镇     | 9/10  90%  | 18/20  90% | 1/2 50% | 3/4 75% | 1/2 50% | 2/2 100% | 5万 审     | 2 |
    | 乙乡     | 10/20 50%  | 5/10  50%  | 1/1 100% | —       | —       | 0/1 0%   | 3万 未审   | 1 |
    | 丙街道   | 4/5   80%  | 8/10  80%  | 0/1 0%  | 2/2 100% | 1/1 100% | 1/1 100% | —          | 1 |
    | 丁镇     | 2/0   —    | 3/10  30%  | 1/1 100% | 0/1 0%  | —       | 0/1 0%   | 1万 审     | 1 |
    | median   | 80%        | 65%        | 75%     | 75%     | 75%     | 50%      | 3万        | 1 |
    | total    | 23/35 65.7% | 34/50 68% | 3/5 60% | 5/7 71.4% | 2/3 66.7% | 3/5 60% | 9万   | 5 |
    """
    county = CountyFactory(name="测试市")
    jia = TownshipFactory(county=county, name="甲镇", eligible_employers=10)
    union(jia, employees=12, covered=5, members=10, home=True, contract=True, hardship=(2, 1))
    union(jia, employees=8, covered=4, members=8, home=True)
    cases(jia, 4, 3)
    AnnualFundingFactory(township=jia, year=2025, amount=Decimal("50000"), audited=True)

    yi = TownshipFactory(county=county, name="乙乡", kind="township", eligible_employers=20)
    union(yi, employees=10, covered=10, members=5, contract=True)
    AnnualFundingFactory(township=yi, year=2025, amount=Decimal("30000"), audited=False)

    bing = TownshipFactory(county=county, name="丙街道", kind="subdistrict", eligible_employers=5)
    union(bing, employees=10, covered=4, members=8, home=True, hardship=(1, 1))
    cases(bing, 2, 2)

    ding = TownshipFactory(county=county, name="丁镇", eligible_employers=0)
    union(ding, employees=10, covered=2, members=3, contract=True)
    cases(ding, 1, 0)
    AnnualFundingFactory(township=ding, year=2025, amount=Decimal("10000"), audited=True)

    for township, eligible in ((jia, 10), (yi, 20), (bing, 5)):  # 2024: the same employers to unionise
        record_township_facts(township, 2024, eligible_employers=eligible)
    return county


@pytest.fixture
def townships(county):
    return {township.name: township for township in county.townships.all()}


@pytest.fixture
def neighbour(db):
    """Another county, with a township of its own."""
    township = TownshipFactory(county=CountyFactory(name="邻县"), name="邻县某镇", eligible_employers=5)
    union(township, employees=10, covered=5, members=10)
    return township


@pytest.fixture
def admin(county):
    return CountyAdminFactory(county=county, username="county_admin")


@pytest.fixture
def reviewer(county):
    return CountyReviewerFactory(county=county, username="county_reviewer")


@pytest.fixture
def round_(county):
    return RoundFactory(county=county, year=2025, status=Round.Status.REVIEWING)


def scored_application(round_, township, reviewers_and_points: dict, *, status=Application.Status.SUBMITTED):
    """An application of `township` with version 1 submitted and each reviewer's submitted review
    (`points` on the first indicators of the rubric, one point each up to that sum)."""
    application = Application.objects.create(round=round_, township=township, status=status)
    staff = TownshipStaffFactory(township=township)
    submission = Submission.objects.create(application=application, version=1, submitted_by=staff, narrative="正文",
                                           document_html="<p>正文</p>")
    indicators = list(Indicator.objects.filter(dimension__rubric=round_.rubric).order_by("dimension__position", "position"))
    for reviewer, points in reviewers_and_points.items():
        Assignment.objects.create(application=application, reviewer=reviewer)
        review = Review.objects.create(submission=submission, reviewer=reviewer, submitted_at=timezone.now())
        left = Decimal(points)
        for indicator in indicators:
            value = min(left, indicator.points)
            if value <= 0:
                break
            Score.objects.create(review=review, indicator=indicator, value=value)
            left -= value
    return application
