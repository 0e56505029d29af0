"""ID numbers a spreadsheet has made into numbers are refused with their cause, and a probable
duplicate person is never created without staff saying who it is.

Opened in a spreadsheet, a CSV roster's 18-digit ID numbers become numbers that keep 15
significant digits (6.20122198209306E+17); saved as .xlsx and imported, most failed the checksum
with a message that did not say why, and the rest passed it as new people.
"""
import csv
import datetime
import io
import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from python_calamine import CalamineWorkbook

from unions.imports import import_records
from unions.models import AssistanceRecord, ImportBatch, Member
from unions.spreadsheets import ASSISTANCE_RECORD_SHEET, MEMBER_SHEET
from unions.validators import id_check_char

from .factories import GrassrootsUnionFactory, MemberFactory, valid_id_number
from .factories import township_url as url

pytestmark = pytest.mark.django_db
D = datetime.date
MANGLED = "身份证号被表格软件改成了数字（科学计数法），请把该列设为文本后重新填写。"
BY_HAND = "若该号码本来就以000结尾，请在“新增会员”页面录入。"
DUPLICATE = "可能与已有会员重复"


def xlsx(headers, rows) -> bytes:
    """A workbook as openpyxl writes it: a Python int or float is a numeric cell, a str a text cell."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def member_row(union, number, name="李娜", **overrides):
    row = {"姓名": name, "性别": "女", "居民身份证号": number, "所属基层工会": union.name, "联系电话": "13800000000",
           "入会日期": D(2021, 3, 1), "离会日期": None, "农民工": "是", "困难原因": None, "建档日期": None, "脱困日期": None}
    row.update(overrides)
    return [row[header.rstrip("*")] for header in MEMBER_SHEET.headers()]


def roster(union, *rows) -> bytes:
    return xlsx(MEMBER_SHEET.headers(), [member_row(union, *row) if isinstance(row, tuple) else row for row in rows])


def check(township, content, write=False, choices=None, sheet=MEMBER_SHEET):
    return import_records(township=township, sheet=sheet, content=content, write=write, choices=choices)


def messages(result, column="居民身份证号"):
    return {error.row: error.message for error in result.errors if error.column == column}


def ending_in_zeros(*, passes: bool) -> str:
    """An ID number of 15 digits and 000 that passes the checksum, or one that does not."""
    numbers = (f"4101841990010{n:02d}000" for n in range(100))
    return next(number for number in numbers if (id_check_char(number[:17]) == number[17]) == passes)


@pytest.fixture
def union(township):
    return GrassrootsUnionFactory(township=township, name="具茨山建材厂工会", employee_count=2000)


@pytest.fixture
def member(union):
    """An existing member whose ID number a spreadsheet would mangle (no X, last three not 000)."""
    return MemberFactory(union=union, name="王秀兰", id_number=valid_id_number(620122, D(1982, 9, 30), 617), phone="037162345678")


# --- ID numbers a spreadsheet has made into numbers -----------------------------------------------


def test_an_id_number_in_a_numeric_cell_is_refused_with_cause_and_fix(township, union, member):
    exact = int(member.id_number)  # as Python would write it: a numeric cell all the same
    as_spreadsheets_keep_it = float(member.id_number)  # 6.20122198209306e+17, as calamine reads LibreOffice's cell
    # a valid ID number that a double holds exactly: nothing but the cell's type gives it away
    survives = valid_id_number(410184, D(1990, 5, 5), 11)
    assert float(survives) == int(survives) and not survives.endswith("000")
    content = roster(union, (exact, "王秀兰"), (as_spreadsheets_keep_it, "王秀兰"),
                     (float(valid_id_number(410184, D(1990, 5, 5), 123)), "新会员"), (int(survives), "又一个"))
    for write in (False, True):
        result = check(township, content, write=write)
        assert messages(result) == {2: MANGLED, 3: MANGLED, 4: MANGLED, 5: MANGLED}
        assert "校验位" not in str(result.errors)
        assert (result.created, result.updated, result.rejected) == (0, 0, 4)
    assert list(Member.objects.values_list("id_number", "phone")) == [(member.id_number, "037162345678")]


@pytest.mark.parametrize("text", ["6.20122198209306E+17", "6.20122198209306e17", "6.201221982093E+017"])
def test_an_id_number_in_scientific_notation_is_refused(township, union, text):
    result = check(township, roster(union, (text,)), write=True)
    assert messages(result) == {2: MANGLED}
    assert not Member.objects.exists()


def test_fifteen_digits_and_zeros_are_refused(township, union, member):
    rounded = member.id_number[:15] + "000"  # what a spreadsheet shows of the member's, saved as text
    fails, passes = ending_in_zeros(passes=False), ending_in_zeros(passes=True)
    result = check(township, roster(union, (rounded, "王秀兰"), (fails, "甲"), (passes, "乙")), write=True)
    found = messages(result)
    assert found[2] == found[3] == MANGLED  # no checksum message: the cause
    assert found[4] == MANGLED + BY_HAND  # a real ID number ends so once in about 1100
    assert (result.created, result.updated) == (0, 0)
    assert Member.objects.get().id_number == member.id_number


def test_an_id_number_a_double_made_of_a_members_is_refused(township, union, member):
    """Written out in full from the number a spreadsheet kept (620122198209306112): 18 digits that
    differ from the member's only in the last ones, passing the checksum or not."""
    rounded = int(float(round(int(member.id_number), -3)))
    assert str(rounded) != member.id_number and not str(rounded).endswith("000")
    result = check(township, roster(union, (str(rounded), "王秀兰")), write=True)
    assert messages(result) == {2: MANGLED}
    assert Member.objects.get().id_number == member.id_number


def test_real_neighbours_and_real_zeros_are_not_refused(township, union, member):
    """Born the same day in the same place, a sequence number or two apart: another person. And an
    existing member's ID number that happens to end in 000 is theirs."""
    neighbour = valid_id_number(620122, D(1982, 9, 30), 619)
    zeros = ending_in_zeros(passes=True)
    MemberFactory(union=union, name="赵六", id_number=zeros)
    result = check(township, roster(union, (neighbour, "张三"), (zeros, "赵六")), write=True)
    assert result.ok and (result.created, result.updated + result.unchanged) == (1, 1), result.errors
    assert Member.objects.filter(id_number=neighbour).exists()


def test_phone_numbers_made_numbers(township, union, member):
    rows = [
        member_row(union, member.id_number, "王秀兰", **{"联系电话": 37162345678}),  # 0371-62345678 without its 0
        member_row(union, valid_id_number(410184, D(1990, 1, 1), 11), "甲", **{"联系电话": "1.38E+10"}),
        member_row(union, valid_id_number(410184, D(1990, 1, 1), 13), "乙", **{"联系电话": 13800000000}),  # a mobile: kept
        member_row(union, valid_id_number(410184, D(1990, 1, 1), 15), "丙", **{"联系电话": 62345678}),  # a local number: kept
    ]
    result = check(township, xlsx(MEMBER_SHEET.headers(), rows), write=True)
    assert messages(result, "联系电话") == {
        2: "电话号码被表格软件改成了数字，开头的0可能已丢失：请把该列设为文本后重新填写。",
        3: "电话号码被表格软件改成了数字（科学计数法），请把该列设为文本后重新填写。",
    }
    assert not result.ok and Member.objects.get().phone == "037162345678"
    rows = rows[2:]
    result = check(township, xlsx(MEMBER_SHEET.headers(), rows), write=True)
    assert result.ok and result.created == 2
    assert set(Member.objects.values_list("phone", flat=True)) == {"037162345678", "13800000000", "62345678"}


def test_the_recipient_of_assistance_is_protected_too(township, union, member):
    headers = ASSISTANCE_RECORD_SHEET.headers()
    rows = [
        [D(2025, 1, 18), "冬送温暖", float(member.id_number), "", 1, 800, "社会捐款", None],
        [D(2025, 1, 19), "冬送温暖", member.id_number[:15] + "000", "", 1, 800, "社会捐款", None],
        [D(2025, 1, 20), "冬送温暖", "6.20122198209306E+17", "", 1, 800, "社会捐款", None],
    ]
    result = check(township, xlsx(headers, rows), write=True, sheet=ASSISTANCE_RECORD_SHEET)
    assert messages(result, "受助会员身份证号") == {2: MANGLED, 3: MANGLED, 4: MANGLED}
    assert not AssistanceRecord.objects.exists()
    rows = [[D(2025, 1, 18), "冬送温暖", member.id_number, "", 1, 800, "社会捐款", None]]
    assert check(township, xlsx(headers, rows), write=True, sheet=ASSISTANCE_RECORD_SHEET).created == 1


# --- probable duplicates: same name, same birth date, another ID number --------------------------


@pytest.fixture
def twin_file(union, member):
    """A row with the member's name and birth date under another valid ID number."""
    other = valid_id_number(620122, D(1982, 9, 30), 455)
    return other, roster(union, member_row(union, other, "王秀兰", **{"联系电话": "13900000000"}))


def test_a_probable_duplicate_is_flagged_and_not_counted_as_new(township, member, twin_file):
    other, content = twin_file
    result = check(township, content)
    assert (result.created, result.updated, result.error_count) == (0, 0, 0)
    assert result.duplicates == [{
        "row": 2, "name": "王秀兰", "id_number": other, "choice": "",
        "candidates": [{"pk": member.pk, "name": "王秀兰", "id_number": member.id_number, "union": "具茨山建材厂工会"}],
    }]
    written = check(township, content, write=True)
    assert not written.ok and written.created == 0
    assert list(Member.objects.values_list("id_number", flat=True)) == [member.id_number]


def test_choosing_to_create_a_new_member(township, member, twin_file):
    other, content = twin_file
    result = check(township, content, write=True, choices={"2": "create"})
    assert result.ok and result.created == 1
    assert set(Member.objects.filter(name="王秀兰").values_list("id_number", flat=True)) == {member.id_number, other}


def test_choosing_to_update_the_existing_member(township, member, twin_file):
    other, content = twin_file
    result = check(township, content, write=True, choices={"2": str(member.pk)})
    assert result.ok and (result.created, result.updated) == (0, 1)
    member.refresh_from_db()
    assert (member.id_number, member.phone) == (other, "13900000000")
    assert Member.objects.count() == 1
    assert check(township, content).unchanged == 1  # the same file again changes nothing


def test_a_choice_naming_no_candidate_is_no_choice(township, member, twin_file):
    other_member = MemberFactory(union=member.union)
    _other, content = twin_file
    assert not check(township, content, write=True, choices={"2": str(other_member.pk)}).ok
    assert Member.objects.count() == 2


@pytest.mark.parametrize(("name", "birth"), [("王秀兰", D(1982, 10, 1)), ("王秀芝", D(1982, 9, 30))])
def test_only_name_and_birth_date_together_make_a_probable_duplicate(township, union, member, name, birth):
    result = check(township, roster(union, (valid_id_number(620122, birth, 455), name)))
    assert result.duplicates == [] and result.created == 1


def test_the_choice_is_made_in_the_preview(client, staff_user, township, member, twin_file):
    other, content = twin_file
    client.force_login(staff_user)
    upload = io.BytesIO(content)
    upload.name = "会员.xlsx"
    page = client.post(url("member_import", township), {"file": upload}, follow=True).content.decode()
    batch = ImportBatch.objects.get()
    assert DUPLICATE in page and f'name="duplicate-2" id="duplicate-2-{member.pk}" value="{member.pk}"' in page
    assert 'value="create"' in page and "确认导入" in page
    preview = url("member_import_preview", township, batch_id=batch.pk)
    page = client.post(preview, follow=True).content.decode()  # no choice
    assert "第2行可能与已有会员重复：请逐行选择“更新已有会员”或“新建会员”，再确认导入。" in page
    assert Member.objects.count() == 1
    page = client.post(preview, {"duplicate-2": str(member.pk)}, follow=True).content.decode()
    assert "导入完成：新增 0 条，更新 1 条" in page
    member.refresh_from_db()
    assert member.id_number == other and Member.objects.count() == 1


def test_a_new_member_chosen_in_the_preview(client, staff_user, township, member, twin_file):
    _other, content = twin_file
    client.force_login(staff_user)
    upload = io.BytesIO(content)
    upload.name = "会员.xlsx"
    client.post(url("member_import", township), {"file": upload})
    preview = url("member_import_preview", township, batch_id=ImportBatch.objects.get().pk)
    page = client.post(preview, {"duplicate-2": "create"}, follow=True).content.decode()
    assert "导入完成：新增 1 条" in page and Member.objects.count() == 2


# --- CSV for programs, written so that spreadsheets keep digits as text --------------------------


def test_csv_writes_id_and_phone_numbers_after_a_tab(client, staff_user, township, union, member):
    MemberFactory(union=union, name="公式", phone="=1+1", id_number=valid_id_number(410184, D(1990, 1, 1), 21))
    client.force_login(staff_user)
    exported = client.get(url("member_export", township), {"format": "csv"}).content.decode("utf-8-sig")
    rows = {row[0]: row for row in csv.reader(io.StringIO(exported))}
    assert rows["王秀兰"][2] == "\t" + member.id_number and rows["王秀兰"][4] == "\t037162345678"
    assert rows["公式"][4] == "'=1+1"  # not digits: neutralised as before, no tab before a formula
    page = client.get(url("member_list", township)).content.decode()
    assert "导出 Excel（修改后可导入）" in page and "CSV（供程序读取）" in page


def test_xlsx_export_and_template_format_id_and_phone_cells_as_text(client, staff_user, township, union, member):
    client.force_login(staff_user)
    sheet = load_workbook(io.BytesIO(client.get(url("member_export", township)).content)).worksheets[0]
    assert (sheet["C2"].value, sheet["C2"].number_format, sheet["E2"].number_format) == (member.id_number, "@", "@")
    assert sheet["B2"].number_format == "General"
    template = load_workbook(io.BytesIO(client.get(url("member_import_template", township)).content)).worksheets[0]
    formats = {letter: template.column_dimensions[letter].number_format for letter in "BCE"}
    assert formats == {"B": "General", "C": "@", "E": "@"}  # the rows staff type into, not only the example
    assistance = load_workbook(io.BytesIO(client.get(url("assistance_record_import_template", township)).content))
    assert assistance.worksheets[0].column_dimensions["C"].number_format == "@"


# --- the real client: CSV → LibreOffice → .xlsx → import preview --------------------------------


def libreoffice_xlsx(csv_bytes: bytes, directory: Path) -> bytes:
    """The CSV opened in a headless LibreOffice as UTF-8 (comma, double quotes, from line 1) and
    saved as .xlsx, as staff do who open an export and save it."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is missing: apt-get install libreoffice-calc-nogui (make system-packages)"
    directory.mkdir()
    source = directory / "roster.csv"
    source.write_bytes(csv_bytes)
    subprocess.run([soffice, f"-env:UserInstallation=file://{directory}/profile", "--headless", "--norestore",
                    "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", str(directory), str(source)],
                   env={**os.environ, "HOME": str(directory)}, check=True, capture_output=True, timeout=180)
    return (directory / "roster.xlsx").read_bytes()


def numeric_id_cells(content: bytes) -> int:
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    return sum(isinstance(row[2], float) for row in rows[1:])


@pytest.fixture
def township_roster(township, union):
    """300 members with ID numbers as they come (about one in eleven ends in X, which spreadsheets
    leave as text), mobile and landline phone numbers."""
    rng = random.Random(13)
    members = []
    for n in range(300):
        birth = D(1960, 1, 1) + datetime.timedelta(days=rng.randrange(40 * 365))
        number = valid_id_number(rng.choice([620122, 410184, 430381]), birth, rng.randrange(1000))
        phone = f"13{rng.randrange(10**9):09d}" if n % 4 else f"0371{rng.randrange(10**8):08d}"
        members.append(Member(township=township, union=union, name=f"会员{n}", gender="F", id_number=number,
                              phone=phone, joined_on=D(2021, 3, 1)))
    Member.objects.bulk_create(members)
    return members


def upload_and_preview(client, township, content: bytes) -> tuple[str, dict]:
    upload = io.BytesIO(content)
    upload.name = "会员名册.xlsx"
    page = client.post(url("member_import", township), {"file": upload}, follow=True).content.decode()
    batch = ImportBatch.objects.latest("uploaded_at")
    return page, batch.check_result


@pytest.mark.libreoffice  # starts LibreOffice twice: several seconds
def test_a_csv_export_saved_as_xlsx_by_libreoffice(client, staff_user, township, township_roster, tmp_path):
    client.force_login(staff_user)
    exported = client.get(url("member_export", township), {"format": "csv"}).content
    rows = len(exported.decode("utf-8-sig").splitlines()) - 1
    assert rows == len(township_roster)

    # As the app exports it now: the tab keeps every ID number and phone number text.
    kept = libreoffice_xlsx(exported, tmp_path / "as-exported")
    assert numeric_id_cells(kept) == 0
    _page, result = upload_and_preview(client, township, kept)
    counts = (result["created"], result["updated"], result["unchanged"], result["rejected"])
    assert counts == (0, 0, rows, 0), result["errors"][:3]
    unchanged = result["unchanged"]

    # As a program writes it, or the app before: LibreOffice makes numbers of the ID numbers.
    plain = exported.replace(b"\t", b"")
    mangled_content = libreoffice_xlsx(plain, tmp_path / "plain")
    mangled = numeric_id_cells(mangled_content)
    ending_in_x = sum(member.id_number.endswith("X") for member in township_roster)
    assert mangled == rows - ending_in_x and mangled > 0
    page, result = upload_and_preview(client, township, mangled_content)
    refused = {row for row, column, message in result["errors"] if column == "居民身份证号" and message == MANGLED}
    # and of the landline numbers (0371…), which lost their 0
    phones = {row for row, column, message in result["errors"] if column == "联系电话" and "开头的0" in message}
    assert len(refused) == mangled and len(phones) == sum(member.phone.startswith("0") for member in township_roster)
    assert result["rejected"] == len(refused | phones) == result["error_count"] - len(refused & phones)
    assert "校验位" not in str(result["errors"]) and result["created"] == 0 and result["duplicates"] == []
    assert 'id="count-created">0<' in page and MANGLED in page
    assert Member.objects.count() == len(township_roster)
    print(f"\nround trip: {rows} rows exported. With the tab: 0 ID numbers made numbers by LibreOffice, "
          f"{unchanged} rows unchanged. Without it: {mangled} made numbers, {len(refused)} rows refused "
          f"with the new message ({len(phones)} landlines without their 0 too), {result['created']} created")  # pytest -s
