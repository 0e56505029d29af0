"""Each model's own rules, with the Chinese message staff will read."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from unions.models import RightsCase, UserRole

from .factories import (
    ActivityFactory,
    AssistanceRecordFactory,
    GrassrootsUnionFactory,
    MemberFactory,
    RightsCaseFactory,
    TownshipFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def errors_of(obj) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as excinfo:
        obj.full_clean()
    return excinfo.value.message_dict


def test_factories_build_valid_objects():
    for obj in (GrassrootsUnionFactory(), MemberFactory(), RightsCaseFactory(), AssistanceRecordFactory(), ActivityFactory()):
        obj.full_clean()


def test_union_counts_cannot_exceed_employees():
    union = GrassrootsUnionFactory.build(township=TownshipFactory(), employee_count=10, women_count=11, migrant_count=12,
                                         contract_workers_covered=20)
    errors = errors_of(union)
    assert errors["women_count"] == ["女职工人数不能超过职工人数。"]
    assert errors["migrant_count"] == ["农民工人数不能超过职工人数。"]
    assert errors["contract_workers_covered"] == ["集体合同覆盖职工数不能超过职工人数。"]


def test_union_negative_count_is_refused():
    union = GrassrootsUnionFactory.build(township=TownshipFactory(), employee_count=-1)
    assert "employee_count" in errors_of(union)


def test_contract_dates():
    township = TownshipFactory()
    assert errors_of(GrassrootsUnionFactory.build(township=township, contract_signed_on=D(2025, 1, 1)))[
        "contract_expires_on"] == ["请填写集体合同到期日期。"]
    assert errors_of(GrassrootsUnionFactory.build(
        township=township, contract_signed_on=D(2025, 1, 1), contract_expires_on=D(2024, 1, 1)))[
        "contract_expires_on"] == ["集体合同到期日期应晚于签订日期。"]
    assert "contract_signed_on" in errors_of(GrassrootsUnionFactory.build(township=township, contract_expires_on=D(2027, 1, 1)))


def test_election_not_before_founding():
    union = GrassrootsUnionFactory.build(township=TownshipFactory(), founded_on=D(2020, 1, 1), last_election_on=D(2019, 1, 1))
    assert errors_of(union)["last_election_on"] == ["换届日期不能早于成立日期。"]


def test_case_closing_rules():
    township = TownshipFactory()
    assert errors_of(RightsCaseFactory.build(township=township, status=RightsCase.Status.CLOSED))[
        "closed_on"] == ["案件已办结或移交，请填写办结日期。"]
    assert errors_of(RightsCaseFactory.build(township=township, status="closed", received_on=D(2025, 5, 1),
                                             closed_on=D(2025, 4, 1)))["closed_on"] == ["办结日期不能早于受理日期。"]
    assert errors_of(RightsCaseFactory.build(township=township, closed_on=D(2025, 6, 1)))[
        "closed_on"] == ["案件尚未办结，不应填写办结日期。"]
    RightsCaseFactory.build(township=township, status="transferred", closed_on=D(2025, 4, 1)).full_clean()


def test_recovered_above_claimed_needs_a_reason():
    township = TownshipFactory()
    case = RightsCaseFactory.build(township=township, amount_claimed=Decimal("100"), amount_recovered=Decimal("150"))
    assert errors_of(case)["over_recovery_reason"] == ["挽回金额大于诉求金额，请说明原因。"]
    case.over_recovery_reason = "含经济补偿金"
    case.full_clean()


def test_case_migrants_within_workers_and_union_of_same_township():
    township = TownshipFactory()
    case = RightsCaseFactory.build(township=township, workers_involved=2, migrant_workers_involved=3,
                                   union=GrassrootsUnionFactory())
    errors = errors_of(case)
    assert errors["migrant_workers_involved"] == ["农民工人数不能超过涉及职工人数。"]
    assert errors["union"] == ["只能选择本乡镇的基层工会。"]


def test_assistance_needs_a_recipient_from_the_township():
    township = TownshipFactory()
    assert errors_of(AssistanceRecordFactory.build(township=township, recipient_name=""))[
        "recipient_name"] == ["请选择受助会员或填写受助人姓名。"]
    stranger = MemberFactory()
    assert errors_of(AssistanceRecordFactory.build(township=township, member=stranger))[
        "member"] == ["只能选择本乡镇的会员。"]
    assert errors_of(AssistanceRecordFactory.build(township=township, people=0))["people"]
    assert errors_of(AssistanceRecordFactory.build(township=township, amount=Decimal("-1")))["amount"]


def test_activity_union_of_same_township():
    assert errors_of(ActivityFactory.build(township=TownshipFactory(), union=GrassrootsUnionFactory()))[
        "union"] == ["只能选择本乡镇的基层工会。"]


def test_member_dates_and_hardship_file():
    union = GrassrootsUnionFactory()
    assert errors_of(MemberFactory.build(union=union, joined_on=D(2020, 1, 1), left_on=D(2019, 1, 1)))[
        "left_on"] == ["离会日期不能早于入会日期。"]
    assert errors_of(MemberFactory.build(union=union, hardship_reason="illness"))[
        "hardship_filed_on"] == ["请填写困难职工建档日期。"]
    assert errors_of(MemberFactory.build(union=union, hardship_filed_on=D(2024, 1, 1)))[
        "hardship_reason"] == ["已填写建档日期，请选择困难原因。"]
    assert errors_of(MemberFactory.build(union=union, hardship_reason="illness", hardship_filed_on=D(2024, 1, 1),
                                         hardship_lifted_on=D(2023, 1, 1)))["hardship_lifted_on"]


def test_member_id_number_is_unique_and_checked():
    member = MemberFactory()
    duplicate = MemberFactory.build(union=member.union, id_number=member.id_number)
    assert "id_number" in errors_of(duplicate)
    bad = MemberFactory.build(union=member.union, id_number=member.id_number[:17] + ("1" if member.id_number[17] != "1" else "2"))
    assert errors_of(bad)["id_number"] == ["身份证号校验位不正确，请核对。"]


def test_roles_need_their_scope():
    user_role = UserRole(role=UserRole.Role.TOWNSHIP_STAFF)
    with pytest.raises(ValidationError) as excinfo:
        user_role.clean()
    assert "township" in excinfo.value.message_dict
    user_role = UserRole(role=UserRole.Role.COUNTY_REVIEWER, township=TownshipFactory())
    with pytest.raises(ValidationError):
        user_role.clean()
