"""Uploads made to exhaust the server's memory are refused before calamine opens them.

A 3 MB .xlsx whose sheet unpacked to 1 GB once took the web process from 263 MB to 3.76 GB for
27 s. The bombs here are real zips, written in 1 MiB pieces so that the tests never hold one
unpacked; most use limits patched down so that they stay small.
"""
import datetime
import io
import json
import os
import struct
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from unions import imports
from unions.imports import import_records
from unions.models import Member
from unions.spreadsheets import MEMBER_SHEET, write_xlsx

from .factories import GrassrootsUnionFactory, valid_id_number

pytestmark = pytest.mark.django_db
MiB = 1024 * 1024
SHEET = "xl/worksheets/sheet1.xml"
UNREADABLE = "无法读取该文件：请上传用本系统模板填写的 .xlsx 工作簿（WPS 请另存为 .xlsx）。"
TOO_LARGE = "文件解压后超过 %s MB，可能不是正常的 Excel 工作簿，已拒绝。"
SHEET_START = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>')
SHEET_END = b"</t></is></c></row></sheetData></worksheet>"


def roster(rows) -> bytes:
    """A member roster as the project's own export writes it."""
    return write_xlsx(MEMBER_SHEET, rows, title="会员")


def bomb(size: int) -> bytes:
    """A workbook whose first sheet is one cell of `size` times the letter A."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(roster([]))) as workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for part in workbook.infolist():
            if part.filename != SHEET:
                out.writestr(part, workbook.read(part))
                continue
            info = zipfile.ZipInfo(SHEET)
            info.compress_type = zipfile.ZIP_DEFLATED
            with out.open(info, "w") as stream:  # not zip64: the sizes are plain header fields
                stream.write(SHEET_START)
                piece, left = b"A" * MiB, size
                while left > 0:
                    stream.write(piece[:left])
                    left -= MiB
                stream.write(SHEET_END)
    return buffer.getvalue()


def declaring(content: bytes, name: str, size: int) -> bytes:
    """The zip with `size` written as the part's unpacked size in both its local and its central
    directory header: the checksum stays that of the real data."""
    data = bytearray(content)
    part = zipfile.ZipFile(io.BytesIO(content)).getinfo(name)
    struct.pack_into("<I", data, part.header_offset + 22, size)
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + name_length] == name.encode():
            struct.pack_into("<I", data, at + 24, size)
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


@pytest.fixture(scope="module")
def bomb_200mb():
    return bomb(200 * MiB)


@pytest.fixture
def calamine_never_opens(monkeypatch):
    """What the check must refuse never reaches calamine, which holds a whole sheet in memory."""
    class Refused:
        @staticmethod
        def from_filelike(*args, **kwargs):
            raise AssertionError("calamine was given a file that should have been refused")

    monkeypatch.setattr(imports, "CalamineWorkbook", Refused)


def check(township, content):
    return import_records(township=township, sheet=MEMBER_SHEET, content=content, write=False)


def measured(township, content):
    """The check's result, seconds, and the most Python memory it held at once."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        result = check(township, content)
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return result, seconds, peak


def test_a_200_mb_bomb_is_refused_at_once(township, bomb_200mb, calamine_never_opens):
    assert len(bomb_200mb) < 1 * MiB  # ~1000:1
    result, seconds, peak = measured(township, bomb_200mb)
    assert result.fatal == TOO_LARGE % 128
    assert seconds < 5 and peak < 20 * MiB


def test_a_bomb_whose_headers_lie_is_counted_as_it_unpacks(township, bomb_200mb, monkeypatch, calamine_never_opens):
    """The headers say 1000 bytes; the check unpacks into nothing, counting, and stops at the limit."""
    lying = declaring(bomb_200mb, SHEET, 1000)
    assert zipfile.ZipFile(io.BytesIO(lying)).getinfo(SHEET).file_size == 1000
    result, seconds, peak = measured(township, lying)
    ratio = "文件中有压缩比异常（超过 200:1）的部分，可能不是正常的 Excel 工作簿，已拒绝。"
    assert result.fatal == ratio  # at 40 MB: 200 times its packed size
    assert seconds < 5 and peak < 20 * MiB
    monkeypatch.setattr(imports, "MAX_RATIO", 10_000)  # then the size limit stops it
    result, seconds, peak = measured(township, lying)
    assert result.fatal == TOO_LARGE % 128
    assert seconds < 5 and peak < 20 * MiB  # memory flat: one chunk at a time


def test_the_limit_counts_every_part(township, monkeypatch, calamine_never_opens):
    monkeypatch.setattr(imports, "MAX_UNPACKED_BYTES", 2 * MiB)
    assert check(township, bomb(3 * MiB)).fatal == TOO_LARGE % 2
    lying = declaring(bomb(3 * MiB), SHEET, 1000)
    assert check(township, lying).fatal == TOO_LARGE % 2


def test_a_suspicious_compression_ratio_is_refused(township, monkeypatch, calamine_never_opens):
    monkeypatch.setattr(imports, "RATIO_CHECKED_FROM", 1 * MiB)
    message = "文件中有压缩比异常（超过 200:1）的部分，可能不是正常的 Excel 工作簿，已拒绝。"
    assert check(township, bomb(3 * MiB)).fatal == message  # as declared
    assert check(township, declaring(bomb(3 * MiB), SHEET, 1000)).fatal == message  # as it unpacks


def test_a_header_that_lies_within_the_limit_is_still_not_trusted(township):
    """Unpacked it fits the limit, so calamine opens it, and refuses a part larger than declared."""
    result = check(township, declaring(bomb(3 * MiB), SHEET, 1000))
    assert result.fatal == UNREADABLE


def test_too_many_parts_are_refused(township, calamine_never_opens):
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(roster([]))) as workbook, zipfile.ZipFile(buffer, "w") as out:
        for part in workbook.infolist():
            out.writestr(part, workbook.read(part))
        for n in range(imports.MAX_ENTRIES):
            out.writestr(f"xl/media/{n}.bin", b"")
    assert check(township, buffer.getvalue()).fatal == "文件包含超过 1000 个部件，可能不是正常的 Excel 工作簿，已拒绝。"


def not_a_workbook_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        out.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def bzip2_packed() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(roster([]))) as workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_BZIP2) as out:
        for part in workbook.infolist():
            out.writestr(part.filename, workbook.read(part))
    return buffer.getvalue()


@pytest.mark.parametrize("content", [
    pytest.param(b"not a zip at all", id="text renamed .xlsx"),
    pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, id="old .xls renamed .xlsx"),
    pytest.param(b"", id="empty"),
    pytest.param(not_a_workbook_zip(), id="a zip but not a workbook"),
    pytest.param(roster([])[:-100], id="cut short"),
    pytest.param(bzip2_packed(), id="packed as no spreadsheet program packs"),
])
def test_files_that_are_not_xlsx_workbooks_are_refused(township, content, calamine_never_opens):
    assert check(township, content).fatal == UNREADABLE


def test_a_normal_roster_still_imports(township):
    union = GrassrootsUnionFactory(township=township, name="具茨山建材厂工会", employee_count=2000)
    numbers = [valid_id_number(410184, datetime.date(1980, 1, 1) + datetime.timedelta(days=n // 900), n) for n in range(500)]
    rows = [[f"会员{n}", "女", number, union.name, "13800000000", datetime.date(2021, 3, 1), None, "是", None, None, None]
            for n, number in enumerate(numbers)]
    content = roster(rows)
    assert imports._refusal(content) == ""
    result = import_records(township=township, sheet=MEMBER_SHEET, content=content, write=True)
    assert result.ok and result.created == 500
    assert Member.objects.filter(township=township).count() == 500


def workbook_with_cell_at(reference: str, *, dimension: str = "") -> bytes:
    """A tiny workbook with one cell at `reference` (e.g. CV1000000), optionally claiming `dimension`."""
    sheet = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             + (f'<dimension ref="{dimension}"/>'.encode() if dimension else b"")
             + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
             + f'<row r="{reference.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}"><c r="{reference}" t="inlineStr"><is><t>x</t></is></c></row>'.encode()
             + b"</sheetData></worksheet>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(roster([]))) as workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for part in workbook.infolist():
            out.writestr(part, sheet if part.filename == SHEET else workbook.read(part))
    return buffer.getvalue()


@pytest.mark.parametrize(("reference", "dimension"), [
    ("CV1000000", ""),  # calamine built a 3 GB grid for this 5 KB file
    ("XFD1048576", ""),  # and aborted the whole process for this one
    ("A2", "A1:XFD1048576"),  # a stated range as large, with nothing in it
])
def test_a_cell_far_out_of_range_is_refused_before_calamine(township, reference, dimension, calamine_never_opens):
    content = workbook_with_cell_at(reference, dimension=dimension)
    assert len(content) < 20_000
    result = check(township, content)
    assert result.fatal.startswith("工作表中有超出范围的单元格")


def test_a_roster_as_long_as_allowed_is_not_refused_for_its_range(township):
    assert imports._refusal(workbook_with_cell_at(f"AA{imports.MAX_ROWS + 1}", dimension=f"A1:AA{imports.MAX_ROWS + 1}")) == ""


# --- the header first, the row cap before the rows, the grid's size -------------------------------


def test_the_header_is_checked_before_calamine_reads_the_body(township, calamine_never_opens):
    wrong = write_xlsx(imports.SHEETS["activity"], [[datetime.date(2025, 6, 10), "安康杯", "竞赛", "", 1, 0, ""]] * 100,
                       title="活动")
    result = check(township, wrong)
    assert result.fatal == "缺少必填列：姓名、性别、居民身份证号、所属基层工会、入会日期。请使用本系统下载的模板。"


def test_a_header_in_shared_strings_with_runs_and_phonetic_guides(township):
    """As Excel and LibreOffice write it: shared strings, one of them rich text with a <rPh>."""
    union = GrassrootsUnionFactory(township=township, name="具茨山建材厂工会")
    content = roster([["张三", "男", valid_id_number(410184, datetime.date(1990, 1, 1), 3), union.name, "",
                       datetime.date(2022, 3, 1), None, "否", None, None, None]])
    strings = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               + "".join(f"<si><t>{header}</t></si>" for header in MEMBER_SHEET.headers()[1:])
               + '<si><r><t>姓</t></r><r><rPr><b/></rPr><t>名*</t></r><rPh sb="0" eb="1"><t>xing</t></rPh></si></sst>')
    count = len(MEMBER_SHEET.headers())
    header = "".join(f'<c r="{chr(65 + n)}1" t="s"><v>{(n - 1) % count if n else count - 1}</v></c>' for n in range(count))
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for part in workbook.infolist():
            data = workbook.read(part)
            if part.filename == SHEET:
                start = data.index(b'<row r="1"')
                data = data[:start] + f'<row r="1">{header}</row>'.encode() + data[data.index(b"</row>", start) + 6:]
            if part.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdS" Target="sharedStrings.xml" Type="http://'
                                    b'schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
                                    b"</Relationships>")
            out.writestr(part, data)
        out.writestr("xl/sharedStrings.xml", strings)
    assert imports._inspect(buffer.getvalue()).header == [header.rstrip() for header in MEMBER_SHEET.headers()]
    result = check(township, buffer.getvalue())
    assert result.ok and result.created == 1, (result.fatal, result.errors)


def test_a_sheet_that_starts_in_column_c(township):
    """The header's columns are counted from A, calamine's from the first column used."""
    union = GrassrootsUnionFactory(township=township, name="具茨山建材厂工会")
    workbook = Workbook()
    sheet = workbook.active
    rows = [MEMBER_SHEET.headers(), ["张三", "男", valid_id_number(410184, datetime.date(1990, 1, 1), 3), union.name,
                                     "13800000000", datetime.date(2022, 3, 1), None, "是", None, None, None]]
    for row_number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=3):
            sheet.cell(row=row_number, column=column, value=value)
    output = io.BytesIO()
    workbook.save(output)
    result = import_records(township=township, sheet=MEMBER_SHEET, content=output.getvalue(), write=True)
    assert result.ok and result.created == 1, (result.fatal, result.errors)
    assert Member.objects.get().is_migrant_worker and Member.objects.get().phone == "13800000000"


def test_a_file_over_the_row_cap_is_refused_before_its_rows_are_read(township, monkeypatch):
    union = GrassrootsUnionFactory(township=township, name="具茨山建材厂工会")
    rows = [[f"会员{n}", "女", valid_id_number(410184, datetime.date(1980, 1, 1), n + 1), union.name, "",
             datetime.date(2021, 3, 1), None, "否", None, None, None] for n in range(12)]
    monkeypatch.setattr(imports, "MAX_ROWS", 10)

    def no_row_read(*args, **kwargs):
        raise AssertionError("a row was read")

    monkeypatch.setattr(imports._Importer, "run", no_row_read)
    assert check(township, roster(rows)).fatal == "一个文件最多 10 行，请分成几个文件上传。"


def test_a_grid_too_large_in_both_directions_is_refused_before_calamine(township, calamine_never_opens):
    """A1 and GR61000 alone, each within its own limit, made calamine build a 400 MB grid."""
    content = workbook_with_cell_at(f"GR{imports.MAX_ROWS}")
    assert imports.MAX_ROWS * 200 > imports.MAX_CELLS and len(content) < 20_000
    assert check(township, content).fatal == (
        "工作表的范围过大（60000 行 × 200 列），可能不是正常的 Excel 工作簿，已拒绝；请删除数据以外的行和列，或把数据复制到本系统的模板中再上传。")


# --- formula cells -------------------------------------------------------------------------------


FORMULA = "公式单元格没有可读取的值：请把公式复制后“粘贴为数值”，再重新上传。"


def with_formulas(content: bytes, cells: dict[str, tuple[str, str]]) -> bytes:
    """The roster with cells replaced by formulas: reference → (formula, cached result or "")."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for part in workbook.infolist():
            data = workbook.read(part).decode()
            if part.filename == SHEET:
                for reference, (formula, cached) in cells.items():
                    start = data.index(f'<c r="{reference}"')
                    end = data.index("</c>", start) + 4
                    value = f"<v>{cached}</v>" if cached else "<v></v>"
                    data = data[:start] + f'<c r="{reference}" t="str"><f>{formula}</f>{value}</c>' + data[end:]
            out.writestr(part, data)
    return buffer.getvalue()


def test_a_formula_cell_is_named_as_such(township):
    union = GrassrootsUnionFactory(township=township, name="具茨山建材厂工会")
    rows = [[name, "女", valid_id_number(410184, datetime.date(1980, 1, 1), n + 1), union.name, "13800000000",
             datetime.date(2021, 3, 1), None, "否", None, None, None] for n, name in enumerate(["甲", "乙", "丙"])]
    content = with_formulas(roster(rows), {
        "A2": ('"王"&amp;"秀兰"', ""),  # written by a program: no result, read as blank
        "E3": ('"138"&amp;"00000000"', ""),  # optional: would have been imported as blank
        "A4": ('"王"&amp;"秀兰"', "王秀兰"),  # saved by a spreadsheet: its result is what staff see
    })
    result = check(township, content)
    found = {(error.row, error.column): error.message for error in result.errors}
    assert found == {(2, "姓名"): FORMULA, (3, "联系电话"): FORMULA}
    assert "必填项未填写。" not in str(result.errors)
    result = import_records(township=township, sheet=MEMBER_SHEET, content=with_formulas(roster(rows[2:]), {
        "A2": ('"王"&amp;"秀兰"', "王秀兰")}), write=True)
    assert result.ok and Member.objects.get().name == "王秀兰"


# --- the process's peak memory, measured in a process of its own ----------------------------------


# The process's peak resident memory is VmHWM, not ru_maxrss: Linux carries the high-water mark of
# the image replaced by exec into ru_maxrss, so a child of this pytest process would report
# pytest's own 120 MiB.
REFUSAL = """
import json, re, sys, time
import django
django.setup()
from unions.imports import import_records
from unions.spreadsheets import MEMBER_SHEET
content = open(sys.argv[1], "rb").read()
start = time.perf_counter()
try:  # no township: a file that is not refused gets as far as the rows, then fails
    fatal = import_records(township=None, sheet=MEMBER_SHEET, content=content, write=False).fatal
except Exception as error:
    fatal = repr(error)
seconds = time.perf_counter() - start
with open("/proc/self/status") as status:
    peak_kib = int(re.search(r"VmHWM:\\s+(\\d+) kB", status.read()).group(1))
print(json.dumps({"fatal": fatal, "seconds": seconds, "peak_mib": peak_kib / 1024}))
"""


def refused_in_a_process(content: bytes, directory) -> dict:
    """The check of `content` in a Python process of its own (Django set up, as a web worker is):
    its result, seconds and the process's peak resident memory over its whole life."""
    path = directory / "upload.xlsx"
    path.write_bytes(content)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "liuhao.settings"}
    finished = subprocess.run([sys.executable, "-c", REFUSAL, str(path)], cwd=Path(__file__).resolve().parents[2],
                              env=env, capture_output=True, text=True, timeout=120, check=True)
    return json.loads(finished.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("headers", ["declared", "lying"])
def test_the_process_refusing_a_zip_bomb_stays_under_150_mib(bomb_200mb, tmp_path, headers):
    """The bomb that took a web process to 3.76 GB for 27 s, five times smaller: refused with the
    process's peak memory (Python and Django included) under 150 MiB, in well under a second."""
    content = bomb_200mb if headers == "declared" else declaring(bomb_200mb, SHEET, 1000)
    measured = refused_in_a_process(content, tmp_path)
    assert measured["peak_mib"] <= 150 and measured["seconds"] <= 1, measured
    assert measured["fatal"] in (TOO_LARGE % 128, "文件中有压缩比异常（超过 200:1）的部分，可能不是正常的 Excel 工作簿，已拒绝。")
