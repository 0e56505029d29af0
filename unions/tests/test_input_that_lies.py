"""Input that lies (issue 12): impossible dates, a member who joined as a child, text too long to
be a 镇情简介, and invisible characters that make text read as something else — refused or cleaned
alike in the pages and in the Excel import."""
import datetime
import io
import re

import pytest
from openpyxl import Workbook

from unions.imports import import_records
from unions.models import AssistanceRecord, Member, RightsCase, Township
from unions.spreadsheets import ASSISTANCE_RECORD_SHEET, MEMBER_SHEET, RIGHTS_CASE_SHEET, parse_text
from unions.validators import contract_horizon

from .factories import GrassrootsUnionFactory, MemberFactory, valid_id_number
from .factories import township_url as url

pytestmark = pytest.mark.django_db
D = datetime.date
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: "txt.exe" would show as "exe.txt"


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def union(township):
    return GrassrootsUnionFactory(township=township, name="具茨山建材厂工会", employee_count=2000, women_count=1000,
                                  migrant_count=1000)


def xlsx(headers, rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def sheet_row(sheet, **cells):
    """A row of `sheet` by header (without the *), blank where not given."""
    return [cells.get(header.rstrip("*")) for header in sheet.headers()]


def member_cells(union_name, number, **overrides):
    return {"姓名": "李娜", "性别": "女", "居民身份证号": number, "所属基层工会": union_name, "入会日期": D(2021, 3, 1),
            **overrides}


def errors_of(result) -> dict:
    return {(error.row, error.column): error.message for error in result.errors}


BORN_1985 = valid_id_number(410184, D(1985, 3, 2), 17)
BORN_1967 = valid_id_number(410184, D(1967, 5, 2), 21)


def member_payload(union, **overrides):
    return {"union": union.pk, "name": "王秀兰", "gender": "F", "id_number": BORN_1985, "joined_on": "2020-05-01", **overrides}


# --- dates --------------------------------------------------------------------------------------


def test_year_one_is_refused_for_joining_and_assistance_in_the_pages(staff_client, township, union):
    page = staff_client.post(url("member_create", township), member_payload(union, joined_on="0001-01-01")).content.decode()
    assert "日期不能早于1949年10月1日。" in page
    assistance = {"category": "winter_warmth", "given_on": "0001-01-01", "recipient_name": "张建华", "people": "1",
                  "amount": "800", "funds_source": "donation"}
    page = staff_client.post(url("assistance_record_create", township), assistance).content.decode()
    assert "日期不能早于2000年1月1日。" in page
    assert not Member.objects.exists() and not AssistanceRecord.objects.exists()
    staff_client.post(url("assistance_record_create", township), {**assistance, "given_on": "2025-01-18"})
    assert AssistanceRecord.objects.get().given_on == D(2025, 1, 18)


def test_year_one_is_refused_in_the_import(township, union):
    result = import_records(township=township, sheet=MEMBER_SHEET, write=True, content=xlsx(MEMBER_SHEET.headers(), [
        sheet_row(MEMBER_SHEET, **member_cells(union.name, BORN_1985, 入会日期="0001-01-01")),
    ]))
    assert errors_of(result) == {(2, "入会日期"): "日期不能早于1949年10月1日。"}
    result = import_records(township=township, sheet=ASSISTANCE_RECORD_SHEET, write=True, content=xlsx(
        ASSISTANCE_RECORD_SHEET.headers(),
        [sheet_row(ASSISTANCE_RECORD_SHEET, 帮扶日期="0001-01-01", 帮扶类别="冬送温暖", 受助人姓名="张建华", 帮扶金额=800)]))
    assert errors_of(result) == {(2, "帮扶日期"): "日期不能早于2000年1月1日。"}
    assert not Member.objects.exists() and not AssistanceRecord.objects.exists()


def test_joining_before_sixteen_by_the_id_number_is_refused(staff_client, township, union):
    page = staff_client.post(url("member_create", township), member_payload(union, joined_on="2001-03-01")).content.decode()
    assert "入会日期早于该会员年满16周岁之日（2001-03-02，按身份证号中的出生日期）" in page
    assert not Member.objects.exists()
    result = import_records(township=township, sheet=MEMBER_SHEET, write=True, content=xlsx(MEMBER_SHEET.headers(), [
        sheet_row(MEMBER_SHEET, **member_cells(union.name, BORN_1967, 入会日期=D(1900, 1, 1))),  # issue 12's member
        sheet_row(MEMBER_SHEET, **member_cells(union.name, BORN_1985, 入会日期=D(1995, 6, 1))),
    ]))
    found = errors_of(result)
    assert found[(2, "入会日期")] == "日期不能早于1949年10月1日。"
    assert found[(3, "入会日期")].startswith("入会日期早于该会员年满16周岁之日（2001-03-02")
    assert not Member.objects.exists()
    response = staff_client.post(url("member_create", township), member_payload(union, joined_on="2001-03-02"))  # the birthday
    assert response.status_code == 302 and Member.objects.get().joined_on == D(2001, 3, 2)


def test_sixteenth_birthday_of_someone_born_on_29_february():
    member = MemberFactory.build(id_number=valid_id_number(410184, D(1988, 2, 29), 5))
    assert member.working_age_on == D(2004, 2, 29)
    member = MemberFactory.build(id_number=valid_id_number(410184, D(1992, 2, 29), 5))
    assert member.working_age_on == D(2008, 2, 29)
    assert MemberFactory.build(id_number=valid_id_number(410184, D(1991, 2, 28), 5)).working_age_on == D(2007, 2, 28)
    assert MemberFactory.build(id_number="not a number").working_age_on is None


def input_attributes(page: str, name: str) -> dict:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
    return dict(re.findall(r'([\w-]+)="([^"]*)"', tag))


def test_date_inputs_carry_the_bounds(staff_client, township, union):
    today = datetime.date.today().isoformat()
    joined_on = input_attributes(staff_client.get(url("member_create", township)).content.decode(), "joined_on")
    assert (joined_on["type"], joined_on["min"], joined_on["max"]) == ("date", "1949-10-01", today)
    given_on = input_attributes(staff_client.get(url("assistance_record_create", township)).content.decode(), "given_on")
    assert (given_on["min"], given_on["max"]) == ("2000-01-01", today)
    union_page = staff_client.get(url("grassroots_union_create", township)).content.decode()
    expires_on = input_attributes(union_page, "figures-contract_expires_on")  # in the future, within ten years
    assert (expires_on["min"], expires_on["max"]) == ("1949-10-01", contract_horizon().isoformat())


# --- length -------------------------------------------------------------------------------------


def test_a_100000_character_overview_is_refused_with_the_limit(staff_client, township):
    textarea = staff_client.get(url("profile_edit", township)).content.decode()
    assert 'maxlength="3000"' in textarea
    profile = {"name": township.name, "kind": "town"}
    response = staff_client.post(url("profile_edit", township), {**profile, "overview": "镇" * 100_000})
    assert "最多3000个字，现有100000个字。" in response.content.decode()
    assert Township.objects.get(pk=township.pk).overview == township.overview
    response = staff_client.post(url("profile_edit", township), {**profile, "overview": "镇" * 3000})
    assert response.status_code == 302


def test_overlong_text_is_refused_in_the_import(township):
    case = {"受理日期": D(2025, 8, 9), "案件类型": "欠薪", "当事人（单位）": "某建筑工地承包商", "状态": "受理"}
    result = import_records(township=township, sheet=RIGHTS_CASE_SHEET, write=True, content=xlsx(RIGHTS_CASE_SHEET.headers(), [
        sheet_row(RIGHTS_CASE_SHEET, **case, 案情及处理结果="追" * 1001),
    ]))
    assert errors_of(result) == {(2, "案情及处理结果"): "最多1000个字，现有1001个字。"}
    assert not RightsCase.objects.exists()


# --- invisible characters -----------------------------------------------------------------------


def test_bidi_and_invisible_characters_are_stripped_from_the_pages(staff_client, township):
    payload = {
        "case_type": "wage_arrears", "source": "visit", "received_on": "2025-05-10", "workers_involved": "3",
        "migrant_workers_involved": "3", "amount_claimed": "30000", "amount_recovered": "0", "status": "received",
        "parties": f"某公司{RLO}txt.exe", "handler": "\u200b周国庆\ufeff",
        "summary": "第一行\r\n第二行\u2066\u2069\x07",
    }
    response = staff_client.post(url("rights_case_create", township), payload)
    assert response.status_code == 302
    case = RightsCase.objects.get()
    assert (case.parties, case.handler, case.summary) == ("某公司txt.exe", "周国庆", "第一行\n第二行")
    assert RLO not in staff_client.get(url("rights_case_detail", township, pk=case.pk)).content.decode()


def test_bidi_and_invisible_characters_are_stripped_from_import_cells(township, union):
    cells = member_cells(f"具茨山建材厂工会\u200b", f"\ufeff{BORN_1985}", 姓名=f"李{RLO}娜", 性别="女\u200d", 联系电话="138\u202a00000000")
    result = import_records(township=township, sheet=MEMBER_SHEET, write=True,
                            content=xlsx(MEMBER_SHEET.headers(), [sheet_row(MEMBER_SHEET, **cells)]))
    assert result.ok and result.created == 1, result.errors
    member = Member.objects.get()
    assert (member.name, member.gender, member.id_number, member.union, member.phone) == (
        "李娜", "F", BORN_1985, union, "13800000000")
    assert parse_text(f" exe.txt{RLO} ") == "exe.txt"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_text_areas_count_characters_in_the_browser(page, live_server, log_in, staff_user_with_password):
    user, password = staff_user_with_password
    township = user.liuhao_role.township
    page.goto(live_server.url + "/accounts/login/")
    assert page.locator(".char-counter").count() == 0  # a user name (up to 150) needs no counter
    log_in(user.username, password)
    page.goto(live_server.url + url("profile_edit", township))
    counter = page.locator("#id_overview_counter")
    assert counter.inner_text() == f"{len(township.overview)} / 3000"
    page.fill("#id_overview", "具茨山镇\n位于新郑市西部")
    assert counter.inner_text() == "12 / 3000"
    page.fill("#id_overview", "镇" * 5000)  # the browser keeps 3000, and the counter says the limit is reached
    assert counter.inner_text() == "3000 / 3000" and "text-danger" in counter.get_attribute("class")
