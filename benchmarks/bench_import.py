"""Checking and importing a 20 000-row member roster (.xlsx), and exporting it again; then five
years of figures of 122 grassroots unions (one row per union and year).

Run with `make bench` (PostgreSQL database liuhao_bench, created if missing). Prints wall time and
the process's peak resident memory after each of: the check that builds the preview, the confirmed
import of new members, a re-import of the same file (all rows unchanged), and the export; and the
same for the union years (check + import of new unions and years, re-import). First, the refusal of
a zip bomb (a roster whose sheet unpacks to 1 GiB, as in the attack of issue 12), each in a
process of its own so that its peak memory is the refusal's and not the imports'.
"""
import datetime
import io
import json
import os
import re
import struct
import subprocess
import sys
import resource
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liuhao.settings")

from bench_pages import ensure_database  # noqa: E402

ROWS = 20_000
UNIONS = 50
YEAR_UNIONS = 122  # a large township's grassroots unions
YEARS = range(2021, 2026)


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(label, function):
    start = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - start
    print(f"{label:<34} {seconds:6.2f} s   process peak RSS so far {peak_rss_mib():6.0f} MiB")
    return result, seconds


BOMB_MIB = 1024
BOMB_SHEET = "xl/worksheets/sheet1.xml"


def zip_bomb(unpacked_mib: int) -> bytes:
    """A member roster whose sheet holds one cell of `unpacked_mib` MiB of the letter A, packed at
    zlib's fastest level (about 230:1: 1 GiB in 4.5 MB, under the 10 MB upload limit)."""
    from unions.spreadsheets import MEMBER_SHEET, write_xlsx

    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(write_xlsx(MEMBER_SHEET, [], title="会员"))) as workbook, \
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for part in workbook.infolist():
            if part.filename != BOMB_SHEET:
                out.writestr(part.filename, workbook.read(part))
                continue
            with out.open(BOMB_SHEET, "w", force_zip64=False) as stream:
                stream.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                             b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>')
                piece = b"A" * 2**20
                for _ in range(unpacked_mib):
                    stream.write(piece)
                stream.write(b"</t></is></c></row></sheetData></worksheet>")
    return buffer.getvalue()


def hiding_sizes(content: bytes, name: str) -> bytes:
    """The zip with 1000 bytes declared as the part's unpacked size in both of its headers."""
    data = bytearray(content)
    struct.pack_into("<I", data, zipfile.ZipFile(io.BytesIO(content)).getinfo(name).header_offset + 22, 1000)
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + length] == name.encode():
            struct.pack_into("<I", data, at + 24, 1000)
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


def refuse(path: str) -> None:
    """In a process of its own: check the file as the upload view does, and print the result, the
    seconds and the process's peak resident memory (VmHWM: ru_maxrss would carry the parent's)."""
    import django

    django.setup()
    from unions.imports import import_records
    from unions.spreadsheets import MEMBER_SHEET

    content = Path(path).read_bytes()
    start = time.perf_counter()
    result = import_records(township=None, sheet=MEMBER_SHEET, content=content, write=False)
    seconds = time.perf_counter() - start
    peak_kib = int(re.search(r"VmHWM:\s+(\d+) kB", Path("/proc/self/status").read_text()).group(1))
    print(json.dumps({"fatal": result.fatal, "seconds": seconds, "peak_mib": peak_kib / 1024}))


def bench_zip_bomb():
    content = zip_bomb(BOMB_MIB)
    print(f"zip bomb: {BOMB_MIB} MiB unpacked in {len(content) / 2**20:.1f} MiB .xlsx")
    with tempfile.TemporaryDirectory() as directory:
        for label, bomb in (("refusal, sizes declared", content), ("refusal, sizes hidden", hiding_sizes(content, BOMB_SHEET))):
            path = Path(directory) / "bomb.xlsx"
            path.write_bytes(bomb)
            finished = subprocess.run([sys.executable, __file__, "--refuse", str(path)], capture_output=True, text=True,
                                      check=True, timeout=300)
            measured = json.loads(finished.stdout.strip().splitlines()[-1])
            assert measured["fatal"], "the zip bomb was not refused"
            ok = measured["seconds"] <= 1 and measured["peak_mib"] <= 150
            print(f"{label:<34} {measured['seconds']:6.2f} s   process peak RSS {measured['peak_mib']:6.0f} MiB   "
                  f"(target ≤ 1 s, ≤ 150 MiB) {'ok' if ok else 'OVER'}")


def main():
    ensure_database(os.environ.get("DATABASE_URL", ""))
    import django

    django.setup()
    bench_zip_bomb()
    from django.core.management import call_command
    from openpyxl import Workbook

    from unions.imports import import_records
    from unions.models import County, GrassrootsUnion, Member, Township
    from unions.spreadsheets import MEMBER_SHEET, export_rows, write_xlsx
    from unions.validators import id_check_char

    call_command("migrate", verbosity=0)
    county, _ = County.objects.get_or_create(name="导入基准县")
    township, _ = Township.objects.get_or_create(county=county, name="导入基准镇")
    Member.objects.filter(township=township).delete()
    GrassrootsUnion.objects.filter(township=township).delete()
    unions = [GrassrootsUnion.objects.create(township=township, name=f"导入基准企业{i}工会") for i in range(UNIONS)]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(MEMBER_SHEET.headers())
    for n in range(ROWS):
        # odd sequence numbers: no ID number ends in 000, which the import takes for one a spreadsheet cut
        first17 = f"888888{datetime.date(1975, 1, 1) + datetime.timedelta(days=n // 500):%Y%m%d}{2 * (n % 500) + 1:03d}"
        sheet.append([f"会员{n}", "女" if n % 3 == 0 else "男", first17 + id_check_char(first17), unions[n % UNIONS].name,
                      "13800000000", datetime.date(2020, 1, 1), None, "是" if n % 4 == 0 else "否", None, None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    content = buffer.getvalue()
    print(f"member roster: {ROWS} rows, {len(content) / 2**20:.1f} MiB .xlsx, database {django.db.connection.vendor}")

    checked, check_seconds = measure("check (preview)", lambda: import_records(
        township=township, sheet=MEMBER_SHEET, content=content, write=False))
    written, write_seconds = measure("confirmed import (20 000 new)", lambda: import_records(
        township=township, sheet=MEMBER_SHEET, content=content, write=True))
    assert checked.created == ROWS and written.ok and Member.objects.filter(township=township).count() == ROWS
    total = check_seconds + write_seconds
    print(f"{'check + import':<34} {total:6.2f} s   (target ≤ 10 s) {'ok' if total <= 10 else 'OVER'}")
    again, _ = measure("re-import, all unchanged", lambda: import_records(
        township=township, sheet=MEMBER_SHEET, content=content, write=True))
    assert again.unchanged == ROWS
    members = Member.objects.filter(township=township).select_related("union")
    measure("export .xlsx", lambda: write_xlsx(MEMBER_SHEET, export_rows(
        MEMBER_SHEET, members.iterator(chunk_size=2000), show_full_ids=True), title="会员"))

    bench_union_years(county)


def union_years_file() -> bytes:
    """Every column filled, as an export would have it."""
    from openpyxl import Workbook

    from unions.spreadsheets import GRASSROOTS_UNION_SHEET

    kinds = ["企业工会", "企业工会", "企业工会", "村级工会联合会", "机关事业单位工会", "社区工会"]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(GRASSROOTS_UNION_SHEET.headers())
    for i in range(YEAR_UNIONS):
        for year in YEARS:
            employees = 50 + i * 7 + (year - 2021) * 3
            sheet.append([
                f"年度基准{i}号单位工会", year, kinds[i % len(kinds)], f"年度基准{i}号单位", datetime.date(2010 + i % 10, 3, 1),
                None, None, 1, f"主席{i}", datetime.date(2020, 5, 1), employees, employees // 3, employees // 2, "是",
                "是", "是", "否", "是" if year >= 2023 else "否", datetime.date(2020, 6, 1), "5年",
                datetime.date(2020, 7, 1), datetime.date(2023 + (year - 2021), 6, 30), employees - 5, "是", "是",
                datetime.date(year, 3, 1), "是",
            ])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def bench_union_years(county):
    from unions.imports import import_records
    from unions.models import GrassrootsUnion, GrassrootsUnionYear, Township
    from unions.spreadsheets import GRASSROOTS_UNION_SHEET

    township, _ = Township.objects.get_or_create(county=county, name="年度导入基准镇")
    GrassrootsUnion.objects.filter(township=township).delete()  # and their years
    content = union_years_file()
    rows = YEAR_UNIONS * len(YEARS)
    print(f"union years: {YEAR_UNIONS} unions × {len(YEARS)} years = {rows} rows, {len(content) / 2**10:.0f} KiB .xlsx")

    checked, check_seconds = measure("check union years (preview)", lambda: import_records(
        township=township, sheet=GRASSROOTS_UNION_SHEET, content=content, write=False))
    written, write_seconds = measure("confirmed import (all new)", lambda: import_records(
        township=township, sheet=GRASSROOTS_UNION_SHEET, content=content, write=True))
    assert checked.created == rows and written.ok, written.errors[:5]
    assert GrassrootsUnionYear.objects.filter(township=township).count() == rows
    total = check_seconds + write_seconds
    label = f"check + import {len(YEARS)} years × {YEAR_UNIONS} unions"
    print(f"{label:<34} {total:6.2f} s   (target ≤ 2 s) {'ok' if total <= 2 else 'OVER'}")
    again, _ = measure("re-import union years, unchanged", lambda: import_records(
        township=township, sheet=GRASSROOTS_UNION_SHEET, content=content, write=True))
    assert again.unchanged == rows


if __name__ == "__main__":
    if sys.argv[1:2] == ["--refuse"]:
        refuse(sys.argv[2])
    else:
        main()
