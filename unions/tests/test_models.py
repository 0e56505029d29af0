"""Each model's own rules, with the Chinese message staff will read."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import IntegrityError, transaction
from django.utils import timezone

from unions.models import GrassrootsUnionYear, Member, RightsCase, UserRole

from .factories import (
    ActivityFactory,
    AnnualFundingFactory,
    AssistanceRecordFactory,
    CountyAdminFactory,
    CountyFactory,
    CountyReviewerFactory,
    GrassrootsUnionFactory,
    HonourFactory,
    MemberFactory,
    RightsCaseFactory,
    TEST_PASSWORD,
    TownshipFactory,
    TownshipStaffFactory,
    TownshipUnionFactory,
    UserFactory,
    UserRoleFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def errors_of(obj) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as excinfo:
        obj.full_clean()
    return excinfo.value.message_dict


def union_year(union=None, year: int = 2025, **figures) -> GrassrootsUnionYear:
    """An unsaved year of figures of `union` (a new union of its own township without one)."""
    union = union or GrassrootsUnionFactory(facts_year=None)
    return GrassrootsUnionYear(township=union.township, union=union, year=year, **figures)


def test_factories_build_valid_objects():
    objects = [
        CountyFactory(), TownshipFactory(), TownshipUnionFactory(), AnnualFundingFactory(), GrassrootsUnionFactory(),
        MemberFactory(), RightsCaseFactory(), AssistanceRecordFactory(), ActivityFactory(), HonourFactory(),
        UserFactory(), UserRoleFactory(), UserRoleFactory(reviewer=True), UserRoleFactory(county_admin=True),
    ]
    for user in (TownshipStaffFactory(), CountyReviewerFactory(), CountyAdminFactory()):
        objects += [user, user.liuhao_role]
    for obj in objects:
        obj.full_clean()
        assert obj.pk is not None


def test_user_factories_log_in_with_the_test_password():
    for user in (UserFactory(), TownshipStaffFactory(), CountyReviewerFactory(), CountyAdminFactory()):
        user.refresh_from_db()
        assert user.check_password(TEST_PASSWORD)


def test_role_factories_give_the_requested_scope():
    township = TownshipFactory()
    staff = TownshipStaffFactory(township=township)
    assert (staff.liuhao_role.role, staff.liuhao_role.township, staff.liuhao_role.county) == (
        UserRole.Role.TOWNSHIP_STAFF, township, None)
    reviewer = CountyReviewerFactory(county=township.county)
    assert (reviewer.liuhao_role.role, reviewer.liuhao_role.township, reviewer.liuhao_role.county) == (
        UserRole.Role.COUNTY_REVIEWER, None, township.county)
    admin = CountyAdminFactory(county=township.county)
    assert (admin.liuhao_role.role, admin.liuhao_role.county) == (UserRole.Role.COUNTY_ADMIN, township.county)


def test_member_factory_numbers_are_unique_and_valid():
    members = MemberFactory.create_batch(30)
    assert len({member.id_number for member in members}) == 30
    for member in members[::7]:
        member.full_clean()


def test_union_counts_cannot_exceed_employees():
    figures = union_year(employee_count=10, women_count=11, migrant_count=12, contract_workers_covered=20)
    errors = errors_of(figures)
    assert errors["women_count"] == ["女职工人数不能超过职工人数。"]
    assert errors["migrant_count"] == ["农民工人数不能超过职工人数。"]
    assert errors["contract_workers_covered"] == ["集体合同覆盖职工数不能超过职工人数。"]


def test_union_negative_count_is_refused():
    assert "employee_count" in errors_of(union_year(employee_count=-1))


def test_contract_dates():
    union = GrassrootsUnionFactory(facts_year=None)
    assert errors_of(union_year(union, contract_signed_on=D(2025, 1, 1)))[
        "contract_expires_on"] == ["请填写集体合同到期日期。"]
    assert errors_of(union_year(union, contract_signed_on=D(2025, 1, 1), contract_expires_on=D(2024, 1, 1)))[
        "contract_expires_on"] == ["集体合同到期日期应晚于签订日期。"]
    assert "contract_signed_on" in errors_of(union_year(union, contract_expires_on=D(2027, 1, 1)))


def test_election_not_before_founding():
    union = GrassrootsUnionFactory(founded_on=D(2020, 1, 1), facts_year=None)
    assert errors_of(union_year(union, last_election_on=D(2019, 1, 1)))["last_election_on"] == ["换届日期不能早于成立日期。"]


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


def test_member_union_must_belong_to_the_members_township():
    union_elsewhere = GrassrootsUnionFactory()
    member = MemberFactory.build(township=TownshipFactory(), union=union_elsewhere)
    assert errors_of(member)["union"] == ["只能选择本乡镇的基层工会。"]


def test_member_hardship_lifted_needs_a_file_and_a_later_date():
    union = GrassrootsUnionFactory()
    assert errors_of(MemberFactory.build(union=union, hardship_lifted_on=D(2024, 1, 1)))[
        "hardship_lifted_on"] == ["脱困日期不能早于建档日期。"]
    assert errors_of(MemberFactory.build(union=union, hardship_reason="illness", hardship_filed_on=D(2024, 1, 1),
                                         hardship_lifted_on=D(2023, 12, 31)))[
        "hardship_lifted_on"] == ["脱困日期不能早于建档日期。"]
    MemberFactory.build(union=union, hardship_reason="illness", hardship_filed_on=D(2024, 1, 1),
                        hardship_lifted_on=D(2024, 1, 1)).full_clean()
    MemberFactory.build(union=union, joined_on=D(2020, 1, 1), left_on=D(2020, 1, 1)).full_clean()


def test_dates_in_the_future_are_refused_on_the_models():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    union = GrassrootsUnionFactory()
    assert errors_of(MemberFactory.build(union=union, joined_on=tomorrow))["joined_on"] == ["日期不能晚于今天。"]
    assert errors_of(RightsCaseFactory.build(township=union.township, received_on=tomorrow))[
        "received_on"] == ["日期不能晚于今天。"]
    assert errors_of(GrassrootsUnionFactory.build(township=union.township, founded_on=tomorrow))[
        "founded_on"] == ["日期不能晚于今天。"]
    this_year = timezone.localdate().year
    assert "日期不能晚于今天。" in errors_of(union_year(union, year=this_year, last_election_on=tomorrow))["last_election_on"]
    # A collective contract expires in the future: that date is allowed.
    union_year(union, year=this_year, contract_signed_on=D(2025, 1, 1), contract_expires_on=tomorrow).full_clean()


def test_member_id_number_is_unique_and_checked():
    member = MemberFactory()
    duplicate = MemberFactory.build(union=member.union, id_number=member.id_number)
    assert errors_of(duplicate)["id_number"] == ["具有 居民身份证号 的 会员 已存在。"]
    bad = MemberFactory.build(union=member.union, id_number=member.id_number[:17] + ("1" if member.id_number[17] != "1" else "2"))
    assert errors_of(bad)["id_number"] == ["身份证号校验位不正确，请核对。"]


def test_member_id_number_is_stored_normalised_and_duplicates_are_caught_after_normalising():
    union = GrassrootsUnionFactory()
    member = MemberFactory.build(union=union, id_number="11010519491231002x")
    member.full_clean()
    member.save()
    assert Member.objects.get(pk=member.pk).id_number == "11010519491231002X"
    again = MemberFactory.build(union=union, id_number="11010519491231002x")
    assert "id_number" in errors_of(again)


def test_duplicate_id_number_is_refused_by_the_database():
    member = MemberFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory(union=member.union, id_number=member.id_number)


def test_names_are_unique_within_their_parent():
    township = TownshipFactory(name="城关镇")
    assert NON_FIELD_ERRORS in errors_of(TownshipFactory.build(county=township.county, name="城关镇"))
    TownshipFactory.build(county=CountyFactory(), name="城关镇").full_clean()  # same name, another county
    union = GrassrootsUnionFactory(township=township, name="机械厂工会")
    assert NON_FIELD_ERRORS in errors_of(GrassrootsUnionFactory.build(township=township, name="机械厂工会"))
    GrassrootsUnionFactory.build(township=TownshipFactory(county=township.county), name=union.name).full_clean()


def test_one_funding_record_per_source_and_year():
    funding = AnnualFundingFactory(year=2025, source="fiscal")
    assert NON_FIELD_ERRORS in errors_of(AnnualFundingFactory.build(township=funding.township, year=2025, source="fiscal"))
    AnnualFundingFactory.build(township=funding.township, year=2025, source="higher_union").full_clean()
    AnnualFundingFactory.build(township=funding.township, year=2024, source="fiscal").full_clean()
    assert "amount" in errors_of(AnnualFundingFactory.build(township=funding.township, year=2023, amount=Decimal("-1")))


def test_roles_need_their_scope():
    user = UserFactory()
    staff = UserRole(user=user, role=UserRole.Role.TOWNSHIP_STAFF)
    assert errors_of(staff) == {"township": ["乡镇工会工作人员须指定所属乡镇。"]}
    for role in (UserRole.Role.COUNTY_REVIEWER, UserRole.Role.COUNTY_ADMIN):
        county_user = UserRole(user=user, role=role, township=TownshipFactory())
        assert errors_of(county_user) == {"county": ["县总工会用户须指定所属县。"]}


def test_role_keeps_only_the_scope_of_its_kind():
    township = TownshipFactory()
    staff = UserRole(user=UserFactory(), role=UserRole.Role.TOWNSHIP_STAFF, township=township, county=township.county)
    staff.full_clean()
    assert (staff.township, staff.county) == (township, None)
    reviewer = UserRole(user=UserFactory(), role=UserRole.Role.COUNTY_REVIEWER, township=township, county=township.county)
    reviewer.full_clean()
    assert (reviewer.township, reviewer.county) == (None, township.county)


def test_one_role_per_user():
    role = UserRoleFactory()
    second = UserRole(user=role.user, role=UserRole.Role.COUNTY_REVIEWER, county=CountyFactory())
    assert "user" in errors_of(second)
