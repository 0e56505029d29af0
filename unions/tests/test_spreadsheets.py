"""Import and export of the township's records through .xlsx and .csv."""
import csv
import datetime
import io
import itertools
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from django.utils import timezone

from unions import imports
from unions.imports import MAX_UPLOAD_BYTES, import_records
from unions.models import GrassrootsUnion, GrassrootsUnionYear, ImportBatch, Member, RightsCase
from unions.spreadsheets import GRASSROOTS_UNION_SHEET, MEMBER_SHEET, SHEETS
from unions.validators import mask_id_number

from .factories import (
    ActivityFactory,
    AssistanceRecordFactory,
    GrassrootsUnionFactory,
    MemberFactory,
    RightsCaseFactory,
    TownshipFactory,
    record_union_figures,
    valid_id_number,
)

from .factories import township_url as url

pytestmark = pytest.mark.django_db
D = datetime.date


def xlsx(headers, rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def member_row(union_name, number, name="李娜", **overrides):
    row = {"姓名": name, "性别": "女", "居民身份证号": number, "所属基层工会": union_name, "联系电话": "13800000000",
           "入会日期": D(2021, 3, 1), "离会日期": None, "农民工": "是", "困难原因": None, "建档日期": None, "脱困日期": None}
    row.update(overrides)
    return [row[header.rstrip("*")] for header in MEMBER_SHEET.headers()]


def ids(count, start=0):
    """Valid ID numbers, none ending in 000: the import takes those for ID numbers a spreadsheet
    has cut to 15 significant digits (about one real one in 1100 is entered by hand)."""
    numbers = (valid_id_number(410184, D(1980, 1, 1) + datetime.timedelta(days=n // 900), n) for n in itertools.count(start))
    return list(itertools.islice((number for number in numbers if not number.endswith("000")), count))


@pytest.fixture
def union(township):
    return GrassrootsUnionFactory(township=township, name="具茨山建材厂工会", employee_count=2000, women_count=1000, migrant_count=1000)


def check(township, content, sheet=MEMBER_SHEET, write=False):
    return import_records(township=township, sheet=sheet, content=content, write=write)


def test_new_rows_are_checked_then_written(township, union):
    content = xlsx(MEMBER_SHEET.headers(), [member_row(union.name, number) for number in ids(3)])
    result = check(township, content)
    assert (result.created, result.updated, result.unchanged, result.error_count) == (3, 0, 0, 0)
    assert not Member.objects.exists()  # checking writes nothing
    assert check(township, content, write=True).ok
    assert Member.objects.filter(township=township, union=union, is_migrant_worker=True).count() == 3


def test_reupload_is_idempotent_and_changes_update(township, union):
    numbers = ids(2)
    check(township, xlsx(MEMBER_SHEET.headers(), [member_row(union.name, n) for n in numbers]), write=True)
    again = check(township, xlsx(MEMBER_SHEET.headers(), [member_row(union.name, n) for n in numbers]), write=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changed = check(township, xlsx(MEMBER_SHEET.headers(), [
        member_row(union.name, numbers[0], name="李娜娜"), member_row(union.name, numbers[1])]), write=True)
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 1)
    assert Member.objects.get(id_number=numbers[0]).name == "李娜娜"
    assert Member.objects.count() == 2


def test_every_rejection_has_row_column_and_reason(township, union):
    other_union = GrassrootsUnionFactory(name="外乡镇工会")
    elsewhere = MemberFactory(union=other_union)
    good = ids(8)
    bad_digit = good[0][:17] + ("1" if good[0][17] != "1" else "2")
    rows = [
        member_row(union.name, bad_digit),                                      # row 2
        member_row("不存在的工会", good[1]),                                      # row 3
        member_row(union.name, good[2], **{"入会日期": "2021年3月"}),              # row 4
        member_row(union.name, good[3]),                                        # row 5
        member_row(union.name, good[3], name="重复"),                            # row 6
        member_row(union.name, good[4], **{"性别": "未知"}),                      # row 7
        member_row(other_union.name, good[5]),                                  # row 8: another township's union
        member_row(union.name, elsewhere.id_number),                            # row 9
        member_row(union.name, good[6], **{"姓名": ""}),                          # row 10
        member_row(union.name, good[7], **{"农民工": "也许"}),                     # row 11
        member_row(union.name, ids(1, 50)[0], **{"离会日期": D(2020, 1, 1)}),      # row 12: left before joining
        member_row(union.name, ids(1, 60)[0], **{"入会日期": D(2099, 1, 1)}),      # row 13: future
    ]
    result = check(township, xlsx(MEMBER_SHEET.headers(), rows))
    result = type(result).from_dict(result.as_dict())  # as the preview page reads it back
    found = {(error.row, error.column): error.message for error in result.errors}
    assert found[(2, "居民身份证号")] == "身份证号校验位不正确，请核对。"
    assert found[(3, "所属基层工会")] == "本乡镇没有名为“不存在的工会”的基层工会。"
    assert found[(4, "入会日期")] == "日期格式不正确（应为 2025-01-31 这样的日期）。"
    assert found[(6, "居民身份证号")] == "与第5行重复。"
    assert found[(7, "性别")].startswith("不是可选值，应为：男、女")
    assert found[(8, "所属基层工会")] == "本乡镇没有名为“外乡镇工会”的基层工会。"
    assert found[(9, "居民身份证号")] == "该身份证号已登记在其他乡镇的会员名册中。"
    assert found[(10, "姓名")] == "必填项未填写。"
    assert found[(11, "农民工")] == "应填写“是”或“否”。"
    assert found[(12, "离会日期")] == "离会日期不能早于入会日期。"
    assert found[(13, "入会日期")] == "日期不能晚于今天。"
    assert result.error_count == result.rejected == 11 and result.created == 1  # row 5
    assert [error.row for error in result.errors] == sorted(error.row for error in result.errors)
    assert not check(township, xlsx(MEMBER_SHEET.headers(), rows), write=True).ok
    assert Member.objects.filter(township=township).count() == 0


def test_model_rules_apply_to_union_rows(township):
    headers = GRASSROOTS_UNION_SHEET.headers()
    row = dict.fromkeys(headers, None)
    row.update({"工会名称*": "新建工会", "年度*": 2025, "类型*": "企业工会", "职工人数*": 10, "其中女职工": 20, "任期": "5年"})
    result = check(township, xlsx(headers, [list(row.values())]), sheet=GRASSROOTS_UNION_SHEET)
    assert [(e.row, e.column, e.message) for e in result.errors] == [(2, "其中女职工", "女职工人数不能超过职工人数。")]


# --- grassroots unions: one row per union and year ------------------------------------------------

UNION_NAMES = ("东风机械厂工会", "红星村工会联合会", "镇卫生院工会")
YEARS = range(2021, 2026)


def union_row(name, year, **overrides):
    """A union's row of `year`; columns not given are left blank."""
    row = {"工会名称": name, "年度": year, "类型": "村级工会联合会" if "村" in name else "企业工会",
           "所在单位": name.removesuffix("工会"), "成立日期": D(2015, 3, 1), "覆盖应建会单位数": 1, "工会主席": "赵建国",
           "职工人数": 100 + (year - 2021) * 10 if isinstance(year, int) else 100, "其中女职工": 30, "其中农民工": 40,
           "取得法人资格": "是", "建成职工之家": "是" if isinstance(year, int) and year >= 2023 else "否", "最近换届日期": D(2020, 6, 1), "任期": "5年",
           "集体合同签订日期": D(2020, 7, 1), "集体合同到期日期": D(2023, 6, 30), "集体合同覆盖职工数": 90}
    row.update(overrides)
    return [row.get(header.rstrip("*")) for header in GRASSROOTS_UNION_SHEET.headers()]


def union_file(changes=None) -> bytes:
    """Five years of three unions; `changes` maps (name, year) to cells that differ."""
    changes = changes or {}
    rows = [union_row(name, year, **changes.get((name, year), {})) for name in UNION_NAMES for year in YEARS]
    return xlsx(GRASSROOTS_UNION_SHEET.headers(), rows)


def check_unions(township, content, write=False, user=None):
    return import_records(township=township, sheet=GRASSROOTS_UNION_SHEET, content=content, write=write, user=user)


@pytest.mark.parametrize("chunk", [imports.CHUNK, 4])  # 4: a union created in one chunk gets rows in the next
def test_five_years_of_three_unions_are_imported(township, monkeypatch, chunk):
    monkeypatch.setattr(imports, "CHUNK", chunk)
    content = union_file()
    checked = check_unions(township, content)
    assert (checked.created, checked.updated, checked.unchanged, checked.error_count) == (15, 0, 0, 0), checked.errors
    assert not GrassrootsUnion.objects.exists() and not GrassrootsUnionYear.objects.exists()  # checking writes nothing
    written = check_unions(township, content, write=True)
    assert written.ok and (written.created, written.updated, written.unchanged) == (15, 0, 0)
    assert GrassrootsUnion.objects.filter(township=township).count() == 3
    assert GrassrootsUnionYear.objects.filter(township=township).count() == 15
    village = GrassrootsUnion.objects.get(name="红星村工会联合会")
    assert (village.kind, village.employer, village.founded_on) == ("village", "红星村工会联合会", D(2015, 3, 1))
    years = {row.year: row for row in village.years.all()}
    assert sorted(years) == list(YEARS)
    assert (years[2024].employee_count, years[2024].has_workers_home, years[2022].has_workers_home) == (130, True, False)
    assert all(row.township_id == township.pk and row.updated_at for row in years.values())
    assert GrassrootsUnion.history.count() == 3 and GrassrootsUnionYear.history.count() == 15


def test_reimport_of_union_years_changes_nothing(township):
    content = union_file()
    check_unions(township, content, write=True)
    stamps = dict(GrassrootsUnionYear.objects.values_list("pk", "updated_at"))
    again = check_unions(township, content)
    assert (again.created, again.updated, again.unchanged, again.error_count) == (0, 0, 15, 0)
    assert check_unions(township, content, write=True).unchanged == 15
    assert dict(GrassrootsUnionYear.objects.values_list("pk", "updated_at")) == stamps
    assert GrassrootsUnion.history.count() == 3 and GrassrootsUnionYear.history.count() == 15


def test_one_corrected_cell_updates_that_year_only(township, staff_user):
    check_unions(township, union_file(), write=True)
    rows = GrassrootsUnionYear.objects.filter(union__name="东风机械厂工会")
    before = {row.year: row.updated_at for row in rows}
    corrected = union_file({("东风机械厂工会", 2024): {"职工人数": 135}})
    result = check_unions(township, corrected, write=True, user=staff_user)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 14)
    after = {row.year: row for row in rows.all()}
    assert (after[2024].employee_count, after[2025].employee_count) == (135, 140)
    assert after[2024].updated_at > before[2024] and after[2025].updated_at == before[2025]
    change = after[2024].history.latest()
    assert (change.history_type, change.employee_count, change.history_user) == ("~", 135, staff_user)
    assert change.history_change_reason == "Excel 导入"
    assert change.prev_record.employee_count == 130  # the audit trail shows what was corrected
    assert after[2025].history.count() == 1


def test_identity_of_an_existing_union_is_updated(township):
    union = GrassrootsUnionFactory(township=township, name="东风机械厂工会", employer="旧名称机械厂", kind="institution")
    content = xlsx(GRASSROOTS_UNION_SHEET.headers(), [
        union_row(union.name, 2024, **{"撤销/注销": "注销", "撤销/注销日期": D(2025, 6, 30)}),
        union_row(union.name, 2025, **{"撤销/注销": "注销", "撤销/注销日期": D(2025, 6, 30)}),
    ])
    result = check_unions(township, content, write=True)
    assert (result.created, result.updated, result.unchanged) == (1, 1, 0), result.errors  # 2024 new, 2025 recorded
    union.refresh_from_db()
    assert (union.kind, union.employer, union.dissolution, union.dissolved_on) == (
        "enterprise", "东风机械厂", "deregistered", D(2025, 6, 30))
    assert union.history.latest().history_type == "~"
    assert GrassrootsUnion.objects.count() == 1
    # A blank 撤销/注销 clears it again: the file says what the union is.
    result = check_unions(township, xlsx(GRASSROOTS_UNION_SHEET.headers(), [union_row(union.name, 2025)]), write=True)
    union.refresh_from_db()
    assert result.updated == 1 and (union.dissolution, union.dissolved_on) == ("", None)


def test_union_year_rejections_have_row_column_and_reason(township):
    this_year = timezone.localdate().year
    rows = [
        union_row("甲厂工会", 2023, **{"最近换届日期": D(2024, 3, 1)}),                  # row 2: a later date
        union_row("甲厂工会", 2024, **{"其中女职工": 500}),                              # row 3
        union_row("乙厂工会", 2021, **{"成立日期": D(2022, 3, 1), "最近换届日期": None}),  # row 4: before founded
        union_row("乙厂工会", 2022, **{"成立日期": D(2022, 3, 1), "最近换届日期": None}),  # row 5: fine
        union_row("丙厂工会", 1999),                                                   # row 6
        union_row("丙厂工会", this_year + 1),                                          # row 7
        union_row("丙厂工会", "二〇二四"),                                               # row 8
        union_row("丁厂工会", 2024, **{"撤销/注销": "撤销"}),                             # row 9: no date
        union_row("丁厂工会", 2025, **{"撤销/注销": "撤销"}),                             # row 10: as row 9
        union_row("甲厂工会", 2024),                                                   # row 11
        union_row("戊厂工会", 2025, **{"年度": None}),                                  # row 12
    ]
    result = check_unions(township, xlsx(GRASSROOTS_UNION_SHEET.headers(), rows), write=True)
    found = {(error.row, error.column): error.message for error in result.errors}
    assert found == {
        (2, "最近换届日期"): "2023年度的数据不能填写2023年以后的日期。",
        (3, "其中女职工"): "女职工人数不能超过职工人数。",
        (4, "年度"): "该工会2022-03-01成立，2021年尚不存在。",
        (6, "年度"): "年度应在2000年或以后。",
        (7, "年度"): f"年度不能晚于今年（{this_year}年）。",
        (8, "年度"): "应为整数。",
        (9, "撤销/注销日期"): "请填写撤销或注销日期。",
        (11, "工会名称"): "与第3行重复。",
        (12, "年度"): "必填项未填写。",
    }
    assert result.created == 2 and result.rejected == 9  # rows 5 and 10 (its union's error is on row 9)
    assert not GrassrootsUnion.objects.exists() and not GrassrootsUnionYear.objects.exists()


def test_one_bad_row_writes_no_union_and_no_year(township):
    content = union_file({("镇卫生院工会", 2023): {"集体合同签订日期": D(2023, 1, 1), "集体合同到期日期": D(2022, 12, 31)}})
    result = check_unions(township, content, write=True)
    assert [(e.row, e.column, e.message) for e in result.errors] == [(14, "集体合同到期日期", "集体合同到期日期应晚于签订日期。")]
    assert not GrassrootsUnion.objects.exists() and not GrassrootsUnionYear.objects.exists()
    assert not GrassrootsUnion.history.exists() and not GrassrootsUnionYear.history.exists()


def test_rows_of_one_union_must_agree_on_its_identity(township):
    rows = [union_row("甲厂工会", 2024), union_row("甲厂工会", 2025, **{"类型": "社区工会", "成立日期": D(2016, 1, 1)}),
            union_row("乙厂工会", 2024, **{"所在单位": None}), union_row("乙厂工会", 2025)]
    result = check_unions(township, xlsx(GRASSROOTS_UNION_SHEET.headers(), rows), write=True)
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (3, "类型", "同一基层工会的各行，“类型”应一致：第2行填写的是“企业工会”。"),
        (3, "成立日期", "同一基层工会的各行，“成立日期”应一致：第2行填写的是“2015-03-01”。"),
        (5, "所在单位", "同一基层工会的各行，“所在单位”应一致：第4行填写的是“空白”。"),
    ]
    assert result.rejected == 2 and not GrassrootsUnion.objects.exists()


def test_union_years_export_and_import_back_unchanged(client, staff_user, township):
    east = GrassrootsUnionFactory(township=township, name="东风机械厂工会", founded_on=D(2012, 3, 1), facts_year=None)
    village = GrassrootsUnionFactory(township=township, name="红星村工会联合会", kind="village", employers_covered=12,
                                     founded_on=D(2010, 1, 1), dissolution="revoked", dissolved_on=D(2025, 3, 1))
    for year in (2023, 2024):
        record_union_figures(east, year, employee_count=200 + year - 2023, women_count=50, term_years=3,
                             last_election_on=D(2022, 5, 1), contract_signed_on=D(2023, 1, 1),
                             contract_expires_on=D(2025, 12, 31), chair_name="=HYPERLINK()")
        record_union_figures(village, year, employee_count=80, employers_covered=12, has_workers_home=True)
    client.force_login(staff_user)
    exported = client.get(url("grassroots_union_export", township), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(exported.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == GRASSROOTS_UNION_SHEET.headers()
    listed = [(row[1].value, row[0].value) for row in sheet.iter_rows(min_row=2)]
    assert listed == [(2023, "东风机械厂工会"), (2023, "红星村工会联合会"), (2024, "东风机械厂工会"),
                      (2024, "红星村工会联合会"), (2025, "红星村工会联合会")]  # by year, then kind and name
    result = check_unions(township, exported.content, write=True)
    assert result.ok and (result.created, result.updated, result.unchanged) == (0, 0, 5), result.errors
    assert GrassrootsUnion.history.count() == 2 and GrassrootsUnionYear.history.count() == 5

    one_year = client.get(url("grassroots_union_export", township), {"format": "csv", "year": "2024"})
    rows = list(csv.reader(io.StringIO(one_year.content.decode("utf-8-sig"))))
    assert [(row[1], row[0]) for row in rows[1:]] == [("2024", "东风机械厂工会"), ("2024", "红星村工会联合会")]
    assert rows[1][8] == "'=HYPERLINK()" and rows[1][19] == "3年"


def test_union_template_has_the_year(client, staff_user, township):
    client.force_login(staff_user)
    template = client.get(url("grassroots_union_import_template", township))
    workbook = load_workbook(io.BytesIO(template.content))
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]][:3] == ["工会名称*", "年度*", "类型*"]
    assert sheet["B2"].value == 2025
    lists = {str(rule.sqref)[0]: rule.formula1 for rule in sheet.data_validations.dataValidation}
    assert lists["F"] == '"撤销,注销"'
    assert any("同一工会填写多个年度" in (row[0].value or "") for row in workbook.worksheets[1].iter_rows())
    result = check_unions(township, template.content)
    assert result.skipped_example and "没有数据行" in result.fatal


def test_union_years_through_the_pages(client, staff_user, township):
    client.force_login(staff_user)
    upload = io.BytesIO(union_file())
    upload.name = "基层工会.xlsx"
    page = client.post(url("grassroots_union_import", township), {"file": upload}, follow=True).content.decode()
    assert 'id="count-created">15<' in page
    batch = ImportBatch.objects.get()
    response = client.post(url("grassroots_union_import_preview", township, batch_id=batch.pk), follow=True)
    assert "导入完成：新增 15 条" in response.content.decode()
    assert GrassrootsUnionYear.objects.filter(township=township).count() == 15
    assert set(GrassrootsUnionYear.history.values_list("history_user", flat=True)) == {staff_user.pk}


def test_one_bad_row_among_a_thousand_writes_nothing(township, union):
    numbers = ids(1000)
    rows = [member_row(union.name, number, name=f"会员{i}") for i, number in enumerate(numbers)]
    rows[700] = member_row(union.name, numbers[700], **{"入会日期": "不详"})
    result = check(township, xlsx(MEMBER_SHEET.headers(), rows), write=True)
    assert (result.error_count, result.errors[0].row) == (1, 702)
    assert Member.objects.count() == 0


def test_data_changed_after_the_check_writes_nothing(client, staff_user, township, union):
    numbers = ids(3)
    content = xlsx(MEMBER_SHEET.headers(), [member_row(union.name, n) for n in numbers])
    client.force_login(staff_user)
    upload = io.BytesIO(content)
    upload.name = "会员.xlsx"
    response = client.post(url("member_import", township), {"file": upload})
    batch = ImportBatch.objects.get()
    assert response["Location"] == url("member_import_preview", township, batch_id=batch.pk)
    MemberFactory(union=GrassrootsUnionFactory(), id_number=numbers[2])  # meanwhile registered elsewhere
    response = client.post(url("member_import_preview", township, batch_id=batch.pk), follow=True)
    assert "什么也没有写入" in response.content.decode()
    assert Member.objects.filter(township=township).count() == 0


def test_upload_preview_confirm_in_pages(client, staff_user, township, union):
    content = xlsx(MEMBER_SHEET.headers(), [member_row(union.name, n) for n in ids(4)])
    client.force_login(staff_user)
    upload = io.BytesIO(content)
    upload.name = "会员名册.xlsx"
    response = client.post(url("member_import", township), {"file": upload}, follow=True)
    page = response.content.decode()
    assert 'id="count-created">4<' in page and "确认导入" in page
    batch = ImportBatch.objects.get()
    response = client.post(url("member_import_preview", township, batch_id=batch.pk), follow=True)
    assert "导入完成：新增 4 条" in response.content.decode()
    batch.refresh_from_db()
    assert batch.imported_at is not None and bytes(batch.content) == b""
    assert Member.objects.filter(township=township).count() == 4
    response = client.post(url("member_import_preview", township, batch_id=batch.pk), follow=True)
    assert "这个文件已经导入过了" in response.content.decode()
    assert Member.objects.count() == 4


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("roster.xlsx", b"not a zip at all", "无法读取该文件"),
        ("roster.xls", b"\xd0\xcf\x11\xe0", "只能上传 .xlsx 文件"),
        ("roster.xlsx", xlsx([], []), "文件是空的"),
        ("roster.xlsx", xlsx(["姓名", "性别"], [["张三", "男"]]), "缺少必填列：居民身份证号、所属基层工会、入会日期"),
        ("roster.xlsx", xlsx(MEMBER_SHEET.headers(), []), "文件中没有数据行"),
    ],
)
def test_unreadable_files_get_a_clear_error(client, staff_user, township, name, content, message):
    client.force_login(staff_user)
    upload = io.BytesIO(content)
    upload.name = name
    response = client.post(url("member_import", township), {"file": upload}, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Member.objects.count() == 0


def test_oversized_file_is_refused(township):
    result = check(township, b"x" * (MAX_UPLOAD_BYTES + 1))
    assert "文件超过 10 MB" in result.fatal


def test_untouched_template_imports_nothing(client, staff_user, township):
    client.force_login(staff_user)
    template = client.get(url("member_import_template", township))
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(template.content))
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]] == MEMBER_SHEET.headers()
    assert sheet["A2"].value == "王秀兰"
    lists = {str(rule.sqref)[0]: rule.formula1 for rule in sheet.data_validations.dataValidation}
    assert lists["B"] == '"男,女"'  # gender
    assert "因病" in lists["I"]  # hardship reason
    result = check(township, template.content)
    assert result.skipped_example and "没有数据行" in result.fatal


@pytest.mark.parametrize("key", sorted(SHEETS))
def test_export_then_import_changes_nothing(client, staff_user, township, union, key):
    member = MemberFactory(union=union, phone="=cmd|' /C calc'!A0", hardship_reason="illness", hardship_filed_on=D(2024, 1, 1))
    GrassrootsUnionFactory(township=township, contract_signed_on=D(2024, 1, 1), contract_expires_on=D(2027, 1, 1),
                           last_election_on=D(2023, 1, 1), legal_person=True)
    RightsCaseFactory(township=township, union=union, status="closed", closed_on=D(2025, 5, 1), amount_recovered=Decimal("9999.50"))
    AssistanceRecordFactory(township=township, member=member, recipient_name="")
    AssistanceRecordFactory(township=township)
    ActivityFactory(township=township, union=union)
    client.force_login(staff_user)
    exported = client.get(url(f"{key}_export", township), {"format": "xlsx"})
    before = {model: model.objects.count() for model in (Member, GrassrootsUnion, RightsCase)}
    result = check(township, exported.content, sheet=SHEETS[key], write=True)
    assert result.ok and result.created == 0 and result.updated == 0 and result.unchanged >= 1, result.errors
    assert {model: model.objects.count() for model in before} == before


def test_export_keeps_the_filters(client, staff_user, township, union):
    MemberFactory(union=union, gender="F", name="甲")
    MemberFactory(union=union, gender="M", name="乙")
    client.force_login(staff_user)
    exported = client.get(url("member_export", township), {"format": "csv", "gender": "F"})
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0] == MEMBER_SHEET.headers()
    assert [row[0] for row in rows[1:]] == ["甲"]


def test_exports_neutralise_formulas(client, staff_user, township, union):
    for name in ("=1+1", "+SUM(A1)", "-2+3", "@cmd"):
        GrassrootsUnionFactory(township=township, name=name)
    client.force_login(staff_user)
    content = client.get(url("grassroots_union_export", township), {"format": "csv"}).content.decode("utf-8-sig")
    names = {row[0] for row in csv.reader(io.StringIO(content))}
    assert {"'=1+1", "'+SUM(A1)", "'-2+3", "'@cmd"} <= names
    workbook = load_workbook(io.BytesIO(client.get(url("grassroots_union_export", township), {"format": "xlsx"}).content))
    cells = [row[0] for row in workbook.worksheets[0].iter_rows(min_row=2)]
    formula_like = [cell for cell in cells if cell.value in ("=1+1", "+SUM(A1)", "-2+3", "@cmd")]
    assert len(formula_like) == 4 and all(cell.data_type == "s" for cell in formula_like)


def test_id_numbers_are_masked_for_county_users(client, staff_user, reviewer_user, township, union):
    member = MemberFactory(union=union)
    reviewer_user.liuhao_role.county = township.county
    reviewer_user.liuhao_role.save()
    client.force_login(staff_user)
    assert member.id_number in client.get(url("member_export", township), {"format": "csv"}).content.decode("utf-8-sig")
    client.force_login(reviewer_user)
    content = client.get(url("member_export", township), {"format": "csv"}).content.decode("utf-8-sig")
    assert member.id_number not in content and mask_id_number(member.id_number) in content


def test_reviewers_cannot_import(client, reviewer_user):
    township = TownshipFactory(county=reviewer_user.liuhao_role.county)
    client.force_login(reviewer_user)
    upload = io.BytesIO(xlsx(MEMBER_SHEET.headers(), []))
    upload.name = "x.xlsx"
    assert client.post(url("member_import", township), {"file": upload}).status_code == 403
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db(transaction=True)  # the worker commits and closes its connection, as in production
def test_large_import_is_written_by_the_background_worker(client, staff_user, township, union, monkeypatch):
    from django.core.management import call_command

    from unions import imports

    monkeypatch.setattr(imports, "BACKGROUND_ROWS", 3)  # so that a small file takes the large-file path
    content = xlsx(MEMBER_SHEET.headers(), [member_row(union.name, n) for n in ids(5)])
    client.force_login(staff_user)
    upload = io.BytesIO(content)
    upload.name = "会员名册.xlsx"
    client.post(url("member_import", township), {"file": upload})
    batch = ImportBatch.objects.get()
    preview = url("member_import_preview", township, batch_id=batch.pk)
    response = client.post(preview)
    assert response["Location"] == preview  # the request returns at once
    page = client.get(preview).content.decode()
    assert "后台正在写入 5 行" in page and 'http-equiv="refresh"' in page
    assert Member.objects.filter(township=township).count() == 0
    client.post(preview)  # a second click does not queue it twice
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    page = client.get(preview).content.decode()
    assert "新增 5 条" in page and 'http-equiv="refresh"' not in page
    assert Member.objects.filter(township=township).count() == 5
    batch.refresh_from_db()
    assert batch.task_id == "" and bytes(batch.content) == b""
