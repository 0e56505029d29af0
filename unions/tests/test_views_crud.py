"""Keeping the township's data through the pages: create, validate, edit, delete, list."""
import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from unions.models import AssistanceRecord, GrassrootsUnion, GrassrootsUnionYear, Member, RightsCase
from unions.selectors import year_choices
from unions.validators import mask_id_number

from .factories import (
    GrassrootsUnionFactory,
    MemberFactory,
    RightsCaseFactory,
    TownshipFactory,
    record_union_figures,
    valid_id_number,
)

from .factories import township_url as url

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


UNION_FIGURES = {
    "employers_covered": "1", "employee_count": "120", "women_count": "40", "migrant_count": "60", "term_years": "5",
    "contract_workers_covered": "0",
}


def figures_payload(**overrides):
    """A union's figures of one year, as the page of that year posts them."""
    return {**UNION_FIGURES, **overrides}


def union_payload(year=2025, **overrides):
    """The new-union page: the union itself, and its figures of `year` in the `figures-` form;
    an override of a figure goes to that form."""
    identity = {"name": "具茨山镇建材厂工会", "kind": "enterprise", "employer": "具茨山镇建材厂"}
    figures = figures_payload(**{name: value for name, value in overrides.items() if name in UNION_FIGURES})
    identity.update({name: value for name, value in overrides.items() if name not in UNION_FIGURES})
    return {**identity, **{f"figures-{name}": value for name, value in figures.items()}, "year": str(year)}


def member_payload(union, **overrides):
    payload = {
        "union": union.pk, "name": "王秀兰", "gender": "F", "id_number": valid_id_number(410184, datetime.date(1985, 3, 2), 17),
        "joined_on": "2020-05-01",
    }
    return {**payload, **overrides}


def test_create_grassroots_union(staff_client, township):
    response = staff_client.post(url("grassroots_union_create", township), union_payload())
    union = GrassrootsUnion.objects.get(name="具茨山镇建材厂工会")
    assert union.township == township
    assert response.status_code == 302
    assert response["Location"] == url("grassroots_union_detail", township, pk=union.pk)
    assert "已保存" in staff_client.get(response["Location"]).content.decode()
    figures = GrassrootsUnionYear.objects.get(union=union)  # its figures of the posted year, so that it counts at once
    assert (figures.township, figures.year, figures.employee_count, figures.women_count) == (township, 2025, 120, 40)


def test_invalid_union_shows_chinese_errors_and_saves_nothing(staff_client, township):
    response = staff_client.post(url("grassroots_union_create", township), union_payload(women_count="500", name=""))
    page = response.content.decode()
    assert response.status_code == 200
    assert "女职工人数不能超过职工人数。" in page
    assert "这个字段是必填项。" in page
    assert "请更正下面标出的错误后再保存。" in page
    assert not GrassrootsUnion.objects.exists()
    assert not GrassrootsUnionYear.objects.exists()


def test_union_with_a_bad_figure_only_is_not_saved(staff_client, township):
    response = staff_client.post(url("grassroots_union_create", township), union_payload(migrant_count="121"))
    assert response.status_code == 200
    assert "农民工人数不能超过职工人数。" in response.content.decode()
    assert not GrassrootsUnion.objects.exists()


def test_negative_count_is_refused(staff_client, township):
    response = staff_client.post(url("grassroots_union_create", township), union_payload(employee_count="-5"))
    assert response.status_code == 200
    assert not GrassrootsUnion.objects.exists()
    assert not GrassrootsUnionYear.objects.exists()


def test_member_with_bad_check_digit_is_refused(staff_client, township):
    union = GrassrootsUnionFactory(township=township)
    good = valid_id_number(410184, datetime.date(1985, 3, 2), 17)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    response = staff_client.post(url("member_create", township), member_payload(union, id_number=bad))
    assert "身份证号校验位不正确，请核对。" in response.content.decode()
    assert not Member.objects.exists()


def test_member_id_is_normalised_and_unique(staff_client, township):
    union = GrassrootsUnionFactory(township=township)
    number = next(valid_id_number(410184, datetime.date(1990, 1, 1), seq) for seq in range(1000)
                  if valid_id_number(410184, datetime.date(1990, 1, 1), seq).endswith("X"))
    staff_client.post(url("member_create", township), member_payload(union, id_number=number.lower()))
    assert Member.objects.get().id_number == number
    response = staff_client.post(url("member_create", township), member_payload(union, id_number=number, name="李四"))
    assert response.status_code == 200
    assert Member.objects.count() == 1


def test_member_cannot_join_another_townships_union(staff_client, township):
    foreign_union = GrassrootsUnionFactory(township=TownshipFactory())
    response = staff_client.post(url("member_create", township), member_payload(foreign_union))
    assert response.status_code == 200
    assert not Member.objects.exists()


def test_future_date_is_refused(staff_client, township):
    union = GrassrootsUnionFactory(township=township)
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    response = staff_client.post(url("member_create", township), member_payload(union, joined_on=tomorrow.isoformat()))
    assert "日期不能晚于今天。" in response.content.decode()


def test_closed_case_needs_a_closing_date_after_receipt(staff_client, township):
    payload = {
        "case_type": "wage_arrears", "source": "visit", "received_on": "2025-05-10", "workers_involved": "3",
        "migrant_workers_involved": "3", "amount_claimed": "30000", "amount_recovered": "30000",
        "parties": "某建筑工地", "status": "closed",
    }
    response = staff_client.post(url("rights_case_create", township), payload)
    assert "案件已办结或移交，请填写办结日期。" in response.content.decode()
    response = staff_client.post(url("rights_case_create", township), {**payload, "closed_on": "2025-05-01"})
    assert "办结日期不能早于受理日期。" in response.content.decode()
    response = staff_client.post(url("rights_case_create", township), {**payload, "closed_on": "2025-06-01", "amount_recovered": "40000"})
    assert "挽回金额大于诉求金额，请说明原因。" in response.content.decode()
    assert not RightsCase.objects.exists()
    staff_client.post(url("rights_case_create", township), {**payload, "closed_on": "2025-06-01"})
    assert RightsCase.objects.get().amount_recovered == Decimal("30000")


def test_failed_fields_bring_no_cross_field_errors_about_their_old_values(staff_client, township):
    case = RightsCaseFactory(township=township, amount_claimed=Decimal("300"), amount_recovered=Decimal("500"),
                             over_recovery_reason="含经济补偿金")
    payload = {
        "case_type": case.case_type, "source": case.source, "received_on": case.received_on.isoformat(),
        "workers_involved": "1", "migrant_workers_involved": "0", "amount_claimed": "-100", "amount_recovered": "-5",
        "parties": case.parties, "status": "received", "over_recovery_reason": "",
    }
    page = staff_client.post(url("rights_case_update", township, pk=case.pk), payload).content.decode()
    assert "确保该值大于或等于0" in page
    assert "挽回金额大于诉求金额，请说明原因。" not in page  # neither -5 > -100 nor the stored 500 > 300
    page = staff_client.post(url("rights_case_update", township, pk=case.pk), {**payload, "amount_claimed": "100", "amount_recovered": "200"}).content.decode()
    assert "挽回金额大于诉求金额，请说明原因。" in page  # typed values are still judged


def test_years_are_checked_and_shown_without_grouping(staff_client, township):
    payload = {"title": "郑州市模范职工之家", "level": "municipal", "year": "99999", "awarded_by": "郑州市总工会"}
    page = staff_client.post(url("honour_create", township), payload).content.decode()
    assert "年度不能晚于今年" in page
    page = staff_client.post(url("honour_create", township), {**payload, "year": "1900"}).content.decode()
    assert "年度应在1949年或以后。" in page
    staff_client.post(url("honour_create", township), {**payload, "year": "2024"})
    listing = staff_client.get(url("honour_list", township)).content.decode()
    assert "2024" in listing and "2,024" not in listing


def test_assistance_names_the_member_by_id_number(staff_client, township):
    member = MemberFactory(union=GrassrootsUnionFactory(township=township))
    payload = {"category": "winter_warmth", "given_on": "2025-01-20", "people": "1", "amount": "800", "funds_source": "donation"}
    staff_client.post(url("assistance_record_create", township), {**payload, "member_id_number": member.id_number})
    assert AssistanceRecord.objects.get().member == member
    stranger = MemberFactory(union=GrassrootsUnionFactory(township=TownshipFactory()))
    response = staff_client.post(url("assistance_record_create", township), {**payload, "member_id_number": stranger.id_number})
    assert "本乡镇会员中没有这个身份证号" in response.content.decode()
    response = staff_client.post(url("assistance_record_create", township), payload)
    assert "请选择受助会员或填写受助人姓名。" in response.content.decode()
    assert AssistanceRecord.objects.count() == 1


def test_edit_keeps_the_change(staff_client, township):
    union = GrassrootsUnionFactory(township=township, employee_count=50, women_count=0, migrant_count=0)
    response = staff_client.post(url("grassroots_union_update", township, pk=union.pk), {
        "name": union.name, "kind": "enterprise", "employer": "具茨山镇新型建材厂", "founded_on": "2019-05-01"})
    assert response.status_code == 302
    union.refresh_from_db()
    assert (union.employer, union.founded_on) == ("具茨山镇新型建材厂", datetime.date(2019, 5, 1))
    response = staff_client.post(url("grassroots_union_year", township, pk=union.pk, year=2025),
                                 figures_payload(employee_count="80"))
    assert response.status_code == 302
    assert response["Location"] == url("grassroots_union_detail", township, pk=union.pk)
    assert union.years.get(year=2025).employee_count == 80


def test_delete_asks_first_then_deletes(staff_client, township):
    union = GrassrootsUnionFactory(township=township)
    confirm = staff_client.get(url("grassroots_union_delete", township, pk=union.pk))
    assert "确定要删除" in confirm.content.decode()
    assert GrassrootsUnion.objects.filter(pk=union.pk).exists()
    response = staff_client.post(url("grassroots_union_delete", township, pk=union.pk))
    assert response["Location"] == url("grassroots_union_list", township)
    assert not GrassrootsUnion.objects.filter(pk=union.pk).exists()


def test_union_with_members_is_not_deleted(staff_client, township):
    member = MemberFactory(union=GrassrootsUnionFactory(township=township))
    response = staff_client.post(url("grassroots_union_delete", township, pk=member.union.pk), follow=True)
    assert "仍有关联记录" in response.content.decode()
    assert GrassrootsUnion.objects.filter(pk=member.union.pk).exists()


def test_delete_only_by_post(staff_client, township):
    union = GrassrootsUnionFactory(township=township)
    staff_client.get(url("grassroots_union_delete", township, pk=union.pk))
    assert GrassrootsUnion.objects.filter(pk=union.pk).exists()


def test_township_profile_and_union_facts_are_edited(staff_client, township):
    profile_of_2025 = url("profile", township) + "?year=2025"
    response = staff_client.post(url("profile_edit", township), {"name": township.name, "kind": "town", "area_km2": "116"})
    assert response.status_code == 302
    township.refresh_from_db()
    assert township.area_km2 == Decimal("116")
    response = staff_client.post(url("facts_edit", township, year=2025), {
        "administrative_villages": "50", "communities": "2", "enterprises": "106", "eligible_employers": "106",
    })
    assert (response.status_code, response["Location"]) == (302, profile_of_2025)
    facts = township.years.get(year=2025)
    assert (facts.administrative_villages, facts.communities, facts.eligible_employers) == (50, 2, 106)
    response = staff_client.post(url("union_edit", township), {"name": "具茨山镇工会工作委员会", "form": "committee"})
    assert response.status_code == 302
    assert township.union.name == "具茨山镇工会工作委员会"
    response = staff_client.post(url("union_facts_edit", township, year=2025), {
        "committee_members": "11", "full_time_staff": "3", "part_time_staff": "0", "office_area_m2": "60",
        "workers_home_area_m2": "658", "has_workers_home": "on", "rules": "工会会员代表大会制度\n经费审查制度",
    })
    assert (response.status_code, response["Location"]) == (302, profile_of_2025)
    facts.refresh_from_db()
    assert facts.rule_titles == ["工会会员代表大会制度", "经费审查制度"]
    assert (facts.committee_members, facts.workers_home_area_m2, facts.administrative_villages) == (11, Decimal("658"), 50)
    page = staff_client.get(profile_of_2025).content.decode()
    assert "具茨山镇工会工作委员会" in page and "经费审查制度" in page
    # A year that was not started has no facts to edit.
    assert staff_client.get(url("facts_edit", township, year=2024)).status_code == 404
    assert staff_client.post(url("union_facts_edit", township, year=2024), {"committee_members": "1"}).status_code == 404


def test_list_search_filter_and_pagination(staff_client, township):
    union = GrassrootsUnionFactory(township=township)
    other_union = GrassrootsUnionFactory(township=township)
    MemberFactory.create_batch(55, union=union, gender="F")
    MemberFactory(union=other_union, name="欧阳修远", gender="M")
    page = staff_client.get(url("member_list", township)).content.decode()
    assert "共 56 条" in page
    assert "1 / 2" in page
    page = staff_client.get(url("member_list", township), {"q": "欧阳"}).content.decode()
    assert "共 1 条" in page and "欧阳修远" in page
    page = staff_client.get(url("member_list", township), {"gender": "F", "page": "2"}).content.decode()
    assert "共 55 条" in page and "2 / 2" in page
    page = staff_client.get(url("member_list", township), {"union": other_union.pk}).content.decode()
    assert "共 1 条" in page


def test_empty_list_says_so(staff_client, township):
    page = staff_client.get(url("rights_case_list", township)).content.decode()
    assert "还没有维权案件记录。" in page


def test_id_numbers_are_masked_in_lists_and_for_county_users(client, staff_user, reviewer_user):
    township = staff_user.liuhao_role.township
    reviewer_user.liuhao_role.county = township.county
    reviewer_user.liuhao_role.save()
    member = MemberFactory(union=GrassrootsUnionFactory(township=township))
    client.force_login(staff_user)
    assert member.id_number not in client.get(url("member_list", township)).content.decode()
    assert member.id_number in client.get(url("member_detail", township, pk=member.pk)).content.decode()
    client.force_login(reviewer_user)
    page = client.get(url("member_detail", township, pk=member.pk)).content.decode()
    assert member.id_number not in page
    assert mask_id_number(member.id_number) in page


@pytest.mark.parametrize("rows", [3, 40])
def test_list_pages_use_a_bounded_number_of_queries(staff_client, township, rows, django_assert_max_num_queries):
    union = GrassrootsUnionFactory(township=township)
    MemberFactory.create_batch(rows, union=union)
    for name in ("member_list", "grassroots_union_list", "rights_case_list", "assistance_record_list", "activity_list"):
        # the unions list: the year picker's years twice, and the default year, before the page and its year's figures
        with django_assert_max_num_queries(12):
            assert staff_client.get(url(name, township)).status_code == 200


def test_dashboard_shows_not_applicable_for_empty_township(staff_client, township):
    page = staff_client.get(url("dashboard", township), {"year": "2025"}).content.decode()
    assert "不适用" in page


def test_dashboard_of_a_year_without_facts_links_to_that_year(staff_client, township):
    year = max(year_choices(township))  # the year after 2025: offered by the picker, not yet started
    page = staff_client.get(url("dashboard", township), {"year": year}).content.decode()
    assert "尚未填写乡镇工会“六有”情况。" in page
    assert f'href="{url("profile", township)}?year={year}">去填写</a>' in page
    assert "尚未填写乡镇工会“六有”情况。" not in staff_client.get(url("dashboard", township), {"year": 2025}).content.decode()


def test_dashboard_query_count_does_not_grow_with_rows(staff_client, township, django_assert_max_num_queries):
    union = GrassrootsUnionFactory(township=township)
    MemberFactory.create_batch(30, union=union)
    # the year, the figures, the data fingerprint and the cache write; then the county's medians on a
    # cold cache (its townships, the seven grouped figures, the cache write)
    with django_assert_max_num_queries(43):
        assert staff_client.get(url("dashboard", township)).status_code == 200


def test_dashboard_figures_come_from_the_cache_until_the_data_changes(staff_client, township, django_assert_max_num_queries):
    this_year = datetime.date.today().year
    union = GrassrootsUnionFactory(township=township, facts_year=this_year, employee_count=10, women_count=0, migrant_count=0)
    MemberFactory.create_batch(3, union=union)
    dashboard = url("dashboard", township) + "?year=%d" % this_year
    assert "会员3人" in staff_client.get(dashboard).content.decode()
    # session, user, role, township, the year picker's years, fingerprint, cache, the county's medians from the cache
    with django_assert_max_num_queries(8):
        assert "会员3人" in staff_client.get(dashboard).content.decode()
    MemberFactory(union=union)
    page = staff_client.get(dashboard).content.decode()
    assert "会员4人" in page and "40%" in page  # 入会率 4 / 10
    record_union_figures(union, this_year, employee_count=20)
    page = staff_client.get(dashboard).content.decode()
    assert "会员4人" in page and "20%" in page and "40%" not in page


def test_home_sends_each_role_to_its_start_page(client, staff_user, reviewer_user):
    client.force_login(staff_user)
    assert client.get(reverse("home"))["Location"] == url("dashboard", staff_user.liuhao_role.township)
    client.force_login(reviewer_user)  # the county desk (县总工会工作台)
    assert client.get(reverse("home"))["Location"] == reverse(
        "counties:overview", kwargs={"county_id": reviewer_user.liuhao_role.county_id})


def test_forms_offer_date_pickers_and_a_readable_empty_choice(staff_client, township):
    page = staff_client.get(url("rights_case_create", township)).content.decode()
    assert 'type="date" name="received_on"' in page
    assert '<option value="" selected>请选择…</option>' in page and "---------" not in page
