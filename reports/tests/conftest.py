import datetime
from decimal import Decimal

import pytest

from unions.tests.factories import (
    ActivityFactory,
    AnnualFundingFactory,
    AssistanceRecordFactory,
    GrassrootsUnionFactory,
    HonourFactory,
    MemberFactory,
    RightsCaseFactory,
    TownshipUnionFactory,
    record_township_facts,
)
from unions.tests.conftest import fast_password_hasher, staff_user  # noqa: F401  (shared fixtures)

D = datetime.date


@pytest.fixture
def township(staff_user):
    """A small township whose 2025 report has a figure in every section and passes the pre-flight."""
    township = staff_user.liuhao_role.township
    township.name = "具茨山镇"
    township.overview = "具茨山镇位于新郑市西部，区位优越，交通便利，境内有始祖山国家森林公园等名胜古迹，已形成以能源产业为龙头，建材、服装、化工、机电、食品等产业齐头并进的产业集群。"
    township.area_km2 = Decimal("116")
    township.save()
    record_township_facts(township, 2025, enterprises=12, eligible_employers=10, population=78000, administrative_villages=50)
    TownshipUnionFactory(township=township, name="具茨山镇工会工作委员会", committee_members=11, full_time_staff=3,
                         has_audit_committee=True, has_women_committee=True, has_workers_home=True,
                         workers_home_area_m2=Decimal("658"))
    AnnualFundingFactory(township=township, year=2025, amount=Decimal("150000"))
    unions = [
        GrassrootsUnionFactory(township=township, name=f"建材{i}厂工会", employee_count=20, women_count=5, migrant_count=5,
                               legal_person=True, last_election_on=D(2024, 3, 1), contract_signed_on=D(2024, 1, 1),
                               contract_expires_on=D(2027, 1, 1), contract_workers_covered=18, has_workers_home=True)
        for i in range(8)
    ]
    for union in unions:
        MemberFactory.create_batch(18, union=union)
    RightsCaseFactory(township=township, received_on=D(2025, 8, 9), workers_involved=19, migrant_workers_involved=19,
                      amount_claimed=Decimal("31463"), amount_recovered=Decimal("31463"), status="closed",
                      closed_on=D(2025, 8, 30), parties="某建筑工地承包商")
    AssistanceRecordFactory(township=township, category="winter_warmth", amount=Decimal("800"), recipient_name="王根才")
    AssistanceRecordFactory(township=township, category="autumn_schooling", given_on=D(2025, 8, 25), amount=Decimal("2000"),
                            recipient_name="李小花")
    ActivityFactory(township=township, kind="training", participants=387, held_on=D(2025, 4, 1))
    ActivityFactory(township=township, kind="party_hearing", held_on=D(2025, 3, 12), participants=15)
    ActivityFactory(township=township, kind="ankang_cup", held_on=D(2025, 6, 10), participants=120)
    ActivityFactory(township=township, kind="guidance_visit", held_on=D(2025, 5, 10), participants=3)
    HonourFactory(township=township, title="郑州市示范乡镇工会", level="municipal", year=2024)
    return township


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client
