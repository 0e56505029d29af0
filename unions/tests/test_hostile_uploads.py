"""Uploads made to exhaust the server's memory are refused before calamine opens them.

A 3 MB .xlsx whose sheet unpacked to 1 GB once took the web process from 263 MB to 3.76 GB for
27 s. The bombs here are real zips, written in 1 MiB pieces so that the tests never hold one
unpacked; most use limits patched down so that they stay small.
"""
import datetime
import io
import struct
import time
import tracemalloc
import zipfile

import pytest

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
