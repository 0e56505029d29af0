"""Importing a filled .xlsx into a township: check every row, then write all of it or nothing.

The same function checks (write=False, for the preview) and writes (write=True, after the user
confirms). Rows are streamed from the workbook and handled in chunks, so a 20 000-row roster is
checked with a handful of queries per chunk and written with bulk inserts and updates.
The workbook is read with calamine (Rust): openpyxl, which writes our templates and exports,
needs about 3 s just to read 20 000 rows, calamine 0.2 s. Calamine holds a whole unpacked part in
memory, so the zip is looked at first (`_inspect`) and a file that would unpack to far more than
any real roster (a zip bomb) is refused before calamine opens it; the same pass reads the header
row, which is checked before calamine reads any other row, and notes formula cells without a result.

ID numbers that a spreadsheet has made numbers are refused with that cause (`parse_digits`,
`_rounded_by_spreadsheet`), and a new member with the name and birth date of an existing one is
written only once the preview says who it is (`ImportResult.duplicates`, `duplicate_choices_set`).

A sheet of yearly figures (one row per union and year) also creates or updates the record the
figures belong to, from the identity columns that each of its rows repeats (`Sheet.parent`).
"""
import bisect
import copy
import datetime
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .models import GrassrootsUnion, ImportBatch, Member, Township
from .spreadsheets import (
    ID_NUMBER, SHEETS, CellError, Column, Sheet, mangled_message, parse_cell, parse_digits, parse_text,
)
from .validators import id_check_char

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ROWS = 60_000
# What a file may unpack to, all its parts together. 60 000 member rows unpack to 33 MiB as our
# export writes them and to 55 MiB re-saved by LibreOffice; 60 000 rows of the widest sheet (union
# years, 27 columns) to 83 and 91 MiB. Calamine needs about three times a part's size in memory.
MAX_UNPACKED_BYTES = 128 * 1024 * 1024
# Parts of real workbooks compress 11-16:1 (sheets) and up to 76:1 (LibreOffice's shared strings of
# a 60 000-row file); a deflate bomb, about 1000:1. Small parts (styles, an empty sheet) are let be.
MAX_RATIO = 200
RATIO_CHECKED_FROM = 8 * 1024 * 1024
MAX_ENTRIES = 1000  # a workbook has about ten parts; more only make zipfile build an object for each
# calamine holds a sheet as a grid from its first to its last used cell: one cell at XFD1048576 in a
# 5 KB file made it build 3 GB or abort the process. The widest sheet has 27 columns.
MAX_COLUMNS = 200
MAX_SHEET_ROWS = MAX_ROWS + 1000
# …and the grid is rows × columns whatever is in it, about 30 bytes a cell: A1 and GR61000 alone
# took it to 400 MB. 60 000 rows of the widest sheet (27 columns) are 1.6 million cells, 50 MB.
MAX_CELLS = 2_000_000
# A cell's or the sheet's stated range: <c r="CV1000000" …> and <dimension ref="A1:CV1000000"/>.
CELL_REFERENCE = re.compile(rb'<(?:\w+:)?(?:c|dimension)\s[^>]*?\b(?:r|ref)="(?:[A-Z]{1,3}\d{1,7}:)?([A-Z]{1,3})(\d{1,7})"')
UNPACK_CHUNK = 1024 * 1024
# The first sheet's XML is read up to the end of its first row (the header) before anything else:
# a header takes a few hundred bytes, what comes before it (column widths, views) a few KB.
HEADER_XML_LIMIT = 1024 * 1024
SMALL_PART_LIMIT = 1024 * 1024  # workbook.xml and its relationships, read whole to find the first sheet
# A formula cell without a result (a file written by a program, not saved by a spreadsheet), which
# calamine reads as blank: <c r="B2"><f>…</f></c>, or with an empty <v/>.
EMPTY_FORMULA = re.compile(
    rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})(\d{1,7})"[^>]*?(?<!/)>\s*<(?:\w+:)?f\b[^>]*?(?:/>|>[^<]*</(?:\w+:)?f>)\s*'
    rb'(?:<(?:\w+:)?v\s*/>\s*|<(?:\w+:)?v>\s*</(?:\w+:)?v>\s*)?</(?:\w+:)?c>')
FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f[\s>/]")
FORMULA_CELLS_KEPT = 100_000
FORMULA_TAIL = 4096  # a formula cell that straddles two chunks is found in the tail of the first and the second
CHUNK = 2000
ERRORS_KEPT = 500
RELATED = ("union", "member")  # columns naming another record of the township


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_example: bool = False
    error_count: int = 0
    rejected: int = 0  # rows with at least one error
    errors: list[RowError] = field(default_factory=list)
    fatal: str = ""  # the file as a whole cannot be read
    # New rows with the name and birth date of a member of the township (可能与已有会员重复): the
    # row, its name and ID number, the members it may be ("pk", "name", "id_number", "union") and
    # the choice made in the preview: "create", a member's pk, or "" (none yet).
    duplicates: list[dict] = field(default_factory=list)
    _last_rejected_row: int = field(default=0, repr=False)

    @property
    def ok(self) -> bool:
        return not self.fatal and self.error_count == 0 and not self.undecided

    @property
    def undecided(self) -> list[dict]:
        """Probable duplicates not yet chosen for: the file cannot be written until they are."""
        return [duplicate for duplicate in self.duplicates if not duplicate["choice"]]

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged + len(self.undecided)

    def add_error(self, row: int, column: str, message: str) -> None:
        self.error_count += 1
        if row != self._last_rejected_row:
            self.rejected += 1
            self._last_rejected_row = row
        if len(self.errors) < ERRORS_KEPT:
            self.errors.append(RowError(row, column, message))

    def as_dict(self) -> dict:
        return {
            "created": self.created, "updated": self.updated, "unchanged": self.unchanged,
            "skipped_example": self.skipped_example, "error_count": self.error_count, "rejected": self.rejected,
            "fatal": self.fatal,
            "errors": [[error.row, error.column, error.message] for error in sorted(self.errors, key=lambda e: e.row)],
            "duplicates": self.duplicates,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "ImportResult":
        data = dict(data)
        errors = [RowError(*error) for error in data.pop("errors", [])]
        return cls(errors=errors, **data)


class _Abort(Exception):
    """Raised inside the write transaction so that nothing of a bad file is kept."""


def import_records(*, township: Township, sheet: Sheet, content: bytes, write: bool, user=None,
                   choices: dict | None = None) -> ImportResult:
    """Check (write=False) or write the file's rows; `user` is recorded in the audit trail, `choices`
    are the preview's answers for probable duplicates (row number as text → "create" or a member's pk)."""
    result = ImportResult()
    opened = open_sheet(sheet=sheet, content=content, result=result)
    if opened is None:
        return result
    importer = dict(columns=opened.columns, first_column=opened.first_column, formulas=opened.formulas,
                    choices=choices or {})
    if write:
        try:
            with transaction.atomic():
                _Importer(township, sheet, result, write=True, user=user, **importer).run(opened.rows)
                if not result.ok:
                    raise _Abort
        except _Abort:
            pass
    else:
        _Importer(township, sheet, result, write=False, **importer).run(opened.rows)
    return result


@dataclass
class OpenedSheet:
    """An upload's first sheet, its header checked: the sheet's columns found in the header (index
    from column A, column), the index of calamine's first column, formula cells without a result
    (row from 1, column from 0), and the rows after the header (lists of cell values)."""
    columns: list[tuple[int, Column]]
    first_column: int
    formulas: set[tuple[int, int]]
    rows: Iterator[list]


def open_sheet(*, sheet: Sheet, content: bytes, result: ImportResult, max_rows: int | None = None) -> OpenedSheet | None:
    """The uploaded workbook's first sheet, ready to be read row by row; None, and the reason in
    `result.fatal`, when the file is too large, no workbook, hostile (`_inspect`), lacks a required
    column or has more than `max_rows` (MAX_ROWS) rows. Every import reads its file through here."""
    max_rows = MAX_ROWS if max_rows is None else max_rows
    if len(content) > MAX_UPLOAD_BYTES:
        result.fatal = _("文件超过 %(size)s MB，请分成几个文件上传。") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
        return None
    inspection = _inspect(content)
    result.fatal = inspection.fatal
    if result.fatal:
        return None
    # The header is checked before calamine reads the body: a file of the wrong kind costs nothing.
    columns = _columns(sheet, inspection.header, result)
    if columns is None:
        return None
    try:
        worksheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0)
        rows = worksheet.iter_rows()
    except (CalamineError, IndexError, ValueError):
        result.fatal = _unreadable()
        return None
    # calamine's rows start at row 1, its columns at the first one used
    last_row, first_column = (worksheet.end or (0, 0))[0], (worksheet.start or (0, 0))[1]
    if last_row > max_rows:  # known before any row is read
        result.fatal = _too_many_rows(max_rows)
        return None
    next(rows, None)  # the header, read above
    return OpenedSheet(columns, first_column, inspection.formulas, rows)


def _too_many_rows(max_rows: int) -> str:
    return _("一个文件最多 %(rows)s 行，请分成几个文件上传。") % {"rows": max_rows}


def _columns(sheet: Sheet, header: list[str] | None, result: ImportResult) -> list[tuple[int, Column]] | None:
    """The sheet's columns found in the header, each with its index from column A; None (and the
    reason in `result.fatal`) when a required one is missing."""
    if header is None:
        result.fatal = _("文件是空的：第1行应为表头。")
        return None
    by_header = {sheet.header(column): column for column in sheet.columns}
    found = {}
    for index, title in enumerate(header):
        text = parse_text(title).rstrip("*＊ ").strip()
        if text in by_header:
            found[by_header[text].field] = (index, by_header[text])
    missing = [sheet.header(column) for column in sheet.columns if column.required and column.field not in found]
    if missing:
        result.fatal = _("缺少必填列：%(columns)s。请使用本系统下载的模板。") % {"columns": "、".join(missing)}
        return None
    return list(found.values())


def _unreadable() -> str:
    return _("无法读取该文件：请上传用本系统模板填写的 .xlsx 工作簿（WPS 请另存为 .xlsx）。")


def _too_large() -> str:
    return _("文件解压后超过 %(size)s MB，可能不是正常的 Excel 工作簿，已拒绝。") % {
        "size": MAX_UNPACKED_BYTES // (1024 * 1024)}


@dataclass
class _Inspection:
    """What looking into the zip found: why the file is refused, or the first sheet's header row
    (text by column from A; None when the sheet has no row) and its formula cells that carry no
    result, as (row from 1, column from 0)."""
    fatal: str = ""
    header: list[str] | None = None
    formulas: set[tuple[int, int]] = field(default_factory=set)


def _refusal(content: bytes) -> str:
    """Why the file is not given to calamine, or "" if it may be."""
    return _inspect(content).fatal


def _inspect(content: bytes) -> _Inspection:
    """Why the file is not given to calamine, and what of its first sheet is read before calamine.

    First the zip's central directory: an .xlsx workbook, not too many parts, declared sizes and
    compression ratios within bounds. Sizes in zip headers are whatever the file says, so each part
    is then unpacked into nothing, counting the bytes and stopping at the limit: memory stays flat
    (one chunk), and it takes 0.02 s for a 20 000-row roster, 0.05 s for 60 000 rows. As the first
    sheet streams by, its header row is parsed and its formula cells without a result are noted.
    """
    # zipfile builds an object per central-directory entry, each starting with this signature.
    if content.count(b"PK\x01\x02") > MAX_ENTRIES:
        return _Inspection(_too_many_parts())
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return _Inspection(_unreadable())
    if len(parts) > MAX_ENTRIES:
        return _Inspection(_too_many_parts())
    if "xl/workbook.xml" not in {part.filename for part in parts}:
        return _Inspection(_unreadable())  # a zip, but not an .xlsx workbook
    if any(part.flag_bits & 0x1 or part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) for part in parts):
        return _Inspection(_unreadable())  # encrypted, or packed in a way Excel and WPS never use
    if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
        return _Inspection(_too_large())
    if any(_ratio_too_high(part.file_size, part.compress_size) for part in parts):
        return _Inspection(_ratio_refused())
    located = _first_sheet(archive)
    if located is None:
        return _Inspection(_unreadable())
    first_sheet_name, shared_strings_name = located
    first_sheet = _FirstSheet()
    budget = MAX_UNPACKED_BYTES
    for part in parts:
        # zipfile stops unpacking at the size the header declares: make that never, so that the
        # stream's own end or the budget stops it.
        probe = copy.copy(part)
        probe.file_size = 1 << 62
        unpacked, tail = 0, b""
        reader = first_sheet if part.filename == first_sheet_name else None
        extent = _Extent() if part.filename.startswith("xl/worksheets/") or reader else None
        try:
            with archive.open(probe) as stream:
                while chunk := stream.read(UNPACK_CHUNK):
                    unpacked += len(chunk)
                    if unpacked > budget:
                        return _Inspection(_too_large())
                    if _ratio_too_high(unpacked, part.compress_size):
                        return _Inspection(_ratio_refused())
                    if extent is not None:
                        # with the tail of the chunk before: a cell may straddle two chunks
                        xml = tail + chunk
                        refusal = extent.add(xml) or (reader.add(xml, chunk) if reader else "")
                        if refusal:
                            return _Inspection(refusal)
                        tail = chunk[-FORMULA_TAIL:]
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError):
            return _Inspection(_unreadable())  # including a part whose checksum does not match what it unpacks to
        budget -= unpacked
    if first_sheet.failed:
        return _Inspection(_unreadable())
    try:
        header = first_sheet.header_text(archive, shared_strings_name)
    except (ElementTree.ParseError, zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError):
        return _Inspection(_unreadable())
    return _Inspection(header=header, formulas=first_sheet.formulas)


def _local(tag: str) -> str:
    """An XML element's name without its namespace (OOXML has a transitional and a strict one)."""
    return tag.rpartition("}")[2]


def _small_xml(archive, name: str):
    """A small part (workbook.xml, its relationships) parsed whole; None when missing, too large,
    declaring a DTD (entities) or not well-formed."""
    try:
        with archive.open(name) as stream:
            data = stream.read(SMALL_PART_LIMIT + 1)
        if len(data) > SMALL_PART_LIMIT or b"<!DOCTYPE" in data:
            return None
        return ElementTree.fromstring(data)
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError):
        return None


def _first_sheet(archive) -> tuple[str, str] | None:
    """The parts holding the workbook's first sheet (calamine's sheet 0) and its shared strings."""
    workbook, relationships = _small_xml(archive, "xl/workbook.xml"), _small_xml(archive, "xl/_rels/workbook.xml.rels")
    if workbook is None or relationships is None:
        return None
    sheet = next((element for element in workbook.iter() if _local(element.tag) == "sheet"), None)
    if sheet is None:
        return None
    relationship = next((value for name, value in sheet.attrib.items() if _local(name) == "id"), None)
    targets, shared_strings = {}, ""
    for element in relationships.iter():
        if _local(element.tag) == "Relationship":
            target = element.get("Target", "")
            # relative to xl/, or from the package's root
            target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            targets[element.get("Id")] = target
            if element.get("Type", "").endswith("/sharedStrings"):
                shared_strings = target
    first = targets.get(relationship)
    return (first, shared_strings) if first else None


def _column_index(letters: str) -> int:
    """A column's index from 0 (A → 0, AA → 26)."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


class _Extent:
    """How far a sheet's cells and stated range reach, checked as its XML streams by."""

    def __init__(self):
        self.rows = self.columns = 0

    def add(self, xml: bytes) -> str:
        """Why the sheet is refused, or ""."""
        found = CELL_REFERENCE.findall(xml)
        if found:
            letters, rows = zip(*found)  # one per cell: looked at in bulk, the few distinct letters one by one
            self.rows = max(self.rows, *map(int, rows))
            self.columns = max(self.columns, *(_column_index(column.decode()) + 1 for column in set(letters)))
        if self.columns > MAX_COLUMNS or self.rows > MAX_SHEET_ROWS:
            return _range_refused()
        if self.rows * self.columns > MAX_CELLS:
            return _("工作表的范围过大（%(rows)s 行 × %(columns)s 列），可能不是正常的 Excel 工作簿，已拒绝；"
                     "请删除数据以外的行和列，或把数据复制到本系统的模板中再上传。") % {"rows": self.rows, "columns": self.columns}
        return ""


class _FirstSheet:
    """The sheet that is imported, as its XML streams by: its first row (the header), read with a
    pull parser until that row ends, and its formula cells without a result."""

    def __init__(self):
        self.parser = ElementTree.XMLPullParser(events=("end",))
        self.reading = True  # until the first row has ended
        self.fed = 0
        self.failed = False  # not well-formed, or no end of the first row in HEADER_XML_LIMIT bytes
        self.cells: list[tuple[int, str, str]] | None = None  # (column from 0, cell type, <v> or text)
        self.formulas: set[tuple[int, int]] = set()

    def add(self, xml: bytes, chunk: bytes) -> str:
        """Why the sheet is refused, or "": `chunk` is what was unpacked, `xml` the same after the
        tail of the chunk before."""
        if self.reading:
            self._read_header(chunk)
        if FORMULA_ELEMENT.search(xml):  # a quick look first: most sheets have no formula at all
            for match in EMPTY_FORMULA.finditer(xml):
                letters, row = match.groups()
                self.formulas.add((int(row), _column_index(letters.decode())))
            if len(self.formulas) > FORMULA_CELLS_KEPT:
                return _("文件中有超过 %(count)s 个没有计算结果的公式单元格：请把公式粘贴为数值后重新上传。") % {
                    "count": FORMULA_CELLS_KEPT}
        return ""

    def _read_header(self, chunk: bytes) -> None:
        if self.fed == 0 and b"<!DOCTYPE" in chunk[:4096]:
            self.failed, self.reading = True, False  # entities have no place in a sheet
            return
        for start in range(0, len(chunk), 64 * 1024):
            piece = chunk[start:start + 64 * 1024]
            self.fed += len(piece)
            try:
                self.parser.feed(piece)
                events = list(self.parser.read_events())
            except ElementTree.ParseError:
                self.failed, self.reading = True, False
                return
            for _event, element in events:
                name = _local(element.tag)
                if name == "row":  # the header is row 1; a sheet starting lower has an empty header
                    self.cells = _row_cells(element) if element.get("r", "1") == "1" else []
                    self.reading, self.parser = False, None
                    return
                if name == "sheetData":  # no row at all
                    self.reading, self.parser = False, None
                    return
            if self.fed > HEADER_XML_LIMIT:
                self.failed, self.reading = True, False
                return

    def header_text(self, archive, shared_strings_name: str) -> list[str] | None:
        """The header's text by column from A, its shared strings looked up."""
        if self.cells is None:
            return None
        needed = {int(text) for _column, kind, text in self.cells if kind == "s" and text.strip().isdigit()}
        strings = _shared_strings(archive, shared_strings_name, needed)
        header = [""] * (max((column for column, _kind, _text in self.cells), default=-1) + 1)
        for column, kind, text in self.cells:
            header[column] = strings.get(int(text), "") if kind == "s" and text.strip().isdigit() else text
        return header


def _row_cells(row) -> list[tuple[int, str, str]]:
    cells, column = [], 0
    for cell in row:
        if _local(cell.tag) != "c":
            continue
        reference = cell.get("r")
        if reference:
            column = _column_index(reference.rstrip("0123456789"))
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            text = "".join(_rich_text(child) for child in cell if _local(child.tag) == "is")
        else:
            text = next(((child.text or "") for child in cell if _local(child.tag) == "v"), "")
        cells.append((column, kind, text))
        column += 1
    return cells


def _rich_text(element) -> str:
    """The text of a shared or inline string: its <t>, or the <t> of each run, without the
    phonetic guide (<rPh>) that East Asian Excel keeps beside it."""
    texts = []
    for child in element:
        name = _local(child.tag)
        if name == "t":
            texts.append(child.text or "")
        elif name == "r":
            texts.extend(grandchild.text or "" for grandchild in child if _local(grandchild.tag) == "t")
    return "".join(texts)


def _shared_strings(archive, name: str, needed: set[int]) -> dict[int, str]:
    """The shared strings numbered `needed`, read until the last of them: a header's strings are
    the first ones, as spreadsheets number them in the order they write the cells."""
    found: dict[int, str] = {}
    if not needed or not name or name not in archive.namelist():
        return found
    parser = ElementTree.XMLPullParser(events=("start", "end"))
    root, index, last = None, 0, max(needed)
    with archive.open(name) as stream:
        while index <= last and (chunk := stream.read(64 * 1024)):
            parser.feed(chunk)
            for event, element in parser.read_events():
                if root is None:
                    root = element
                elif event == "end" and _local(element.tag) == "si" and index <= last:
                    if index in needed:
                        found[index] = _rich_text(element)
                    index += 1
                    root.clear()  # the strings read so far are not kept
    return found


def _range_refused() -> str:
    return _("工作表中有超出范围的单元格（超过 %(rows)s 行或 %(columns)s 列），可能不是正常的 Excel 工作簿，已拒绝；"
             "请把数据复制到本系统的模板中再上传。") % {"rows": MAX_SHEET_ROWS, "columns": MAX_COLUMNS}


def _ratio_too_high(unpacked: int, packed: int) -> bool:
    return unpacked > RATIO_CHECKED_FROM and unpacked > MAX_RATIO * packed


def _ratio_refused() -> str:
    return _("文件中有压缩比异常（超过 %(ratio)s:1）的部分，可能不是正常的 Excel 工作簿，已拒绝。") % {"ratio": MAX_RATIO}


def _too_many_parts() -> str:
    return _("文件包含超过 %(count)s 个部件，可能不是正常的 Excel 工作簿，已拒绝。") % {"count": MAX_ENTRIES}


def _has_history(model) -> bool:
    return hasattr(model._meta, "simple_history_manager_attribute")


def _spreadsheet_forms(number: int) -> set[int]:
    """What spreadsheets make of an 18-digit number as a double: the number itself, or its 15
    significant digits, cut (Excel) or rounded (LibreOffice)."""
    cut, rounded = number // 1000 * 1000, (number + 500) // 1000 * 1000
    return {int(float(n)) for n in (number, cut, rounded)}


class _Importer:
    def __init__(self, township: Township, sheet: Sheet, result: ImportResult, *, write: bool, user=None,
                 columns: list[tuple[int, Column]], first_column: int = 0, formulas=frozenset(), choices=None):
        self.township, self.sheet, self.result, self.write, self.user = township, sheet, result, write, user
        self.columns, self.formulas = columns, formulas
        # each column's index from A and in calamine's rows, which start at `first_column`
        self.positions = [(index, index - first_column, column) for index, column in columns]
        self.choices = choices or {}
        self.model, self.parent = sheet.model, sheet.parent
        self.unions = ({union.name: union for union in GrassrootsUnion.objects.filter(township=township)}
                       if any(column.field == "union" for column in sheet.columns) else {})
        existing = self.model.objects.filter(township=township).order_by()
        self.parents = {}
        if self.parent is not None:
            # Each parent (union) is loaded once and shared by all its rows, so the rules of every
            # year see the identity as this file leaves it, without a query per row.
            self.parents = {getattr(parent, self.parent.key): parent
                            for parent in self.parent.model.objects.filter(township=township).order_by()}
            by_pk = {parent.pk: parent for parent in self.parents.values()}
            link = self.model._meta.get_field(self.parent.link)
            existing = list(existing)
            for obj in existing:
                setattr(obj, self.parent.link, by_pk[getattr(obj, link.attname)])
        self.existing = {self._key(obj): obj for obj in existing}
        self.seen: dict[tuple, int] = {}
        # A parent's key → the first row naming it and the identity that row gives; later rows must agree.
        self.identities: dict[object, tuple[int, dict]] = {}
        # Looked up once: a header is a translated string and costs a gettext call per cell otherwise.
        self.headers = {column.field: sheet.header(column) for column in sheet.columns}
        self.fields = {column.field: sheet.field(column) for column in sheet.columns}
        self.examples = {column.field: parse_text(column.example) for column in sheet.columns}
        # Validated with the key in `_parse`, so not again by `full_clean`.
        self.key_fields = [name for name in sheet.natural_key if name not in RELATED]
        # Members by name and birth date (digits 7–14 of the ID number): a new row matching one is
        # probably that person under another ID number (可能与已有会员重复).
        self.twins: dict[tuple[str, str], list[Member]] = {}
        if self.model is Member:
            for member in self.existing.values():
                self.twins.setdefault((member.name, member.id_number[6:14]), []).append(member)
        self._township_ids = None  # the township's members' ID numbers, loaded when first needed

    def run(self, rows) -> None:
        """The rows after the header, which was read before."""
        chunk, row_number = [], 1
        for values in rows:
            row_number += 1
            if all(value in (None, "") for value in values) and not self._has_formula(row_number):
                continue
            chunk.append((row_number, values))
            if len(chunk) == CHUNK:
                self._chunk(chunk, self.columns)
                chunk = []
        if chunk:
            self._chunk(chunk, self.columns)
        if self.result.rows == 0 and self.result.error_count == 0:
            self.result.fatal = _("文件中没有数据行（第1行为表头，数据从第2行开始）。")

    def _has_formula(self, row_number: int) -> bool:
        return bool(self.formulas) and any((row_number, index) in self.formulas for index, _column in self.columns)

    def _chunk(self, chunk, columns) -> None:
        parsed = [(row_number, self._parse(row_number, values, columns)) for row_number, values in chunk]
        members = self._members_named(parsed)
        elsewhere = self._ids_in_other_townships(parsed)
        new, changed, new_parents, changed_parents = [], [], [], []
        for row_number, values in parsed:
            if values is None:
                continue
            obj = self._resolve(row_number, values, members, elsewhere)
            if obj is None:
                continue
            duplicate = None
            if obj.pk is None and self.twins:
                obj, duplicate = self._twin(row_number, values, obj)
                if obj is None:
                    continue
            parent, parent_written = None, False
            if self.parent is not None:
                parent, parent_written = self._resolve_parent(row_number, values)
                if parent is None:
                    continue
                if obj.pk is None:
                    setattr(obj, self.parent.link, parent)
            created = obj.pk is None
            differs = created or self._differs(obj, values)
            if not differs and not parent_written:
                self.result.unchanged += 1
                continue
            for name, value in values.items():
                setattr(obj, name, value)
            obj.updated_at = timezone.now()  # bulk_update, unlike save(), does not touch auto_now fields
            # A new or changed parent is checked with the row that changes it; the row's own record
            # is checked again even if unchanged, as its rules may depend on the parent (founded_on).
            valid = self._validate(row_number, parent) if parent_written else True
            if not self._validate(row_number, obj) or not valid:
                continue
            if duplicate is not None:
                self.result.duplicates.append(duplicate)
                if not duplicate["choice"]:
                    continue  # written once the preview says who it is
            if parent_written:
                (new_parents if parent.pk is None else changed_parents).append(parent)
            if created:
                self.result.created += 1
                new.append(obj)
            else:
                self.result.updated += 1
                if differs:
                    changed.append(obj)
        if self.write and self.result.ok:
            own = [column.field for _index, column in columns if not self.sheet.is_parent_field(column.field)]
            if self.parent is not None:  # first: the new rows of a new parent need its id
                parent_fields = [column.field for _index, column in columns if self.sheet.is_parent_field(column.field)]
                self._save(self.parent.model, new_parents, changed_parents, parent_fields)
            self._save(self.model, new, changed, own)
            for obj in new:
                self.existing[self._key(obj)] = obj

    def _save(self, model, new: list, changed: list, fields: list[str]) -> None:
        """Bulk writes; a model with an audit trail gets its history rows too, which bulk writes
        would otherwise skip (they send no save signals)."""
        fields = [*fields, "updated_at"]
        if _has_history(model):
            reason = _("Excel 导入")
            if new:
                bulk_create_with_history(new, model, default_user=self.user, default_change_reason=reason)
            if changed:
                bulk_update_with_history(changed, model, fields, default_user=self.user, default_change_reason=reason)
            return
        model.objects.bulk_create(new)
        if changed:
            model.objects.bulk_update(changed, fields)

    def _parse(self, row_number, values, columns) -> dict | None:
        """The row's values by field name; None when a cell is wrong (its error is recorded)."""
        raws = [(index, column, values[at] if 0 <= at < len(values) else None)
                for index, at, column in self.positions]
        if self._is_example(raws):
            self.result.skipped_example = True  # the template's example row, left as it was
            return None
        parsed, ok = {}, True
        for index, column, raw in raws:
            header = self.headers[column.field]
            if raw in (None, "") and (row_number, index) in self.formulas:
                self.result.add_error(row_number, header, _("公式单元格没有可读取的值：请把公式复制后“粘贴为数值”，再重新上传。"))
                ok = False
                continue
            try:
                if column.digits:
                    value = parse_digits(column.digits, raw)
                    if column.digits == ID_NUMBER and self._rounded_by_spreadsheet(value):
                        raise CellError(self._rounded_message(column, value))
                elif column.field in RELATED:
                    value = parse_text(raw)
                else:
                    value = parse_cell(self.fields[column.field], raw)
            except CellError as error:
                self.result.add_error(row_number, header, str(error))
                ok = False
                continue
            if column.required and value in (None, ""):
                self.result.add_error(row_number, header, _("必填项未填写。"))
                ok = False
            parsed[column.field] = value
        # The row is found by its key: a key its field refuses (a year before 2000) is reported
        # alone, not again by every rule that reads it.
        for name in self.key_fields:
            value = parsed.get(name)
            if value in (None, ""):
                continue
            try:
                self.fields[name].run_validators(value)
            except ValidationError as error:
                for message in error.messages:
                    self.result.add_error(row_number, self.headers[name], message)
                ok = False
        if not ok:
            return None
        # A blank optional cell means the field's default (a blank 撤销/注销 clears it), never None
        # in a field that cannot hold it.
        return {
            name: value if value is not None or self.fields[name].null else self.fields[name].get_default()
            for name, value in parsed.items()
        }

    def _is_example(self, raws) -> bool:
        return all(parse_text(raw) == self.examples[column.field] for _index, column, raw in raws)

    def _rounded_by_spreadsheet(self, number: str) -> bool:
        """Whether an 18-digit ID number that is no member's of the township is what a spreadsheet
        makes of one: 15 significant digits and zeros, or a member's ID number as a double holds
        it (how a program writes out the number a spreadsheet made)."""
        if len(number) != 18 or not (number.isascii() and number.isdigit()):
            return False
        known, ordered = self._known_ids()
        if number in known:
            return False
        if number.endswith("000"):
            return True
        value = int(number)
        at = bisect.bisect_left(ordered, value - 2000)
        while at < len(ordered) and ordered[at] <= value + 2000:
            if value in _spreadsheet_forms(ordered[at]):
                return True
            at += 1
        return False

    def _known_ids(self) -> tuple[set[str], list[int]]:
        """The ID numbers of the township's members, and those of digits only as sorted numbers."""
        if self._township_ids is None:
            if self.model is Member:
                numbers = {key[0] for key in self.existing}
            else:
                numbers = set(Member.objects.filter(township=self.township).values_list("id_number", flat=True))
            self._township_ids = (numbers, sorted(int(number) for number in numbers if number.isdigit()))
        return self._township_ids

    def _rounded_message(self, column: Column, number: str) -> str:
        message = mangled_message(ID_NUMBER)
        if column.field == "id_number" and number.endswith("000") and id_check_char(number[:17]) == number[17]:
            # about one real ID number in 1100 ends so: it is entered by hand
            message += _("若该号码本来就以000结尾，请在“新增会员”页面录入。")
        return message

    def _twin(self, row_number: int, values: dict, obj):
        """A new member's row with the name and birth date of members of the township: the member
        chosen in the preview, or a new one; and the row's entry among the probable duplicates
        (its "choice" empty while nobody has chosen)."""
        twins = self.twins.get((values["name"], values["id_number"][6:14]))
        if not twins:
            return obj, None
        choice = str(self.choices.get(str(row_number), ""))
        chosen = next((member for member in twins if str(member.pk) == choice), None)
        if chosen is None and choice != "create":
            choice = ""
        union_names = {union.pk: union.name for union in self.unions.values()}
        duplicate = {
            "row": row_number, "name": values["name"], "id_number": values["id_number"], "choice": choice,
            "candidates": [{"pk": member.pk, "name": member.name, "id_number": member.id_number,
                            "union": union_names.get(member.union_id, "")} for member in twins],
        }
        if chosen is None:
            return obj, duplicate
        key = (chosen.id_number,)
        if key in self.seen:  # the file also has a row of the member chosen
            self.result.add_error(row_number, self._header("name"), _("与第%(row)s行是同一会员。") % {"row": self.seen[key]})
            return None, None
        self.seen[key] = row_number
        return chosen, duplicate

    def _members_named(self, parsed) -> dict[str, Member]:
        if "member" not in {column.field for column in self.sheet.columns}:
            return {}
        numbers = {values["member"].upper() for _row, values in parsed if values and values.get("member")}
        return {m.id_number: m for m in Member.objects.filter(township=self.township, id_number__in=numbers)}

    def _ids_in_other_townships(self, parsed) -> set[str]:
        if self.model is not Member:
            return set()
        numbers = [values["id_number"] for _row, values in parsed if values and values.get("id_number")]
        return set(
            Member.objects.filter(id_number__in=numbers).exclude(township=self.township).values_list("id_number", flat=True)
        )

    def _resolve(self, row_number, values, members, elsewhere):
        """The record this row updates, or a new one; None when the row cannot be matched."""
        if "union" in values:
            name = values.pop("union")
            union = self.unions.get(name) if name else None
            if name and union is None:
                self.result.add_error(row_number, self._header("union"), _("本乡镇没有名为“%(name)s”的基层工会。") % {"name": name})
                return None
            values["union"] = union
        if "member" in values:
            number = values.pop("member").upper()
            member = members.get(number) if number else None
            if number and member is None:
                self.result.add_error(row_number, self._header("member"), _("本乡镇会员中没有身份证号为 %(number)s 的会员。") % {"number": number})
                return None
            values["member"] = member
        key = tuple(self._key_part(name, values.get(name)) for name in self.sheet.natural_key)
        if key in self.seen:
            self.result.add_error(row_number, self._header(self.sheet.natural_key[0]),
                                  _("与第%(row)s行重复。") % {"row": self.seen[key]})
            return None
        self.seen[key] = row_number
        if self.model is Member and values["id_number"] in elsewhere:
            self.result.add_error(row_number, self._header("id_number"), _("该身份证号已登记在其他乡镇的会员名册中。"))
            return None
        existing = self.existing.get(key)
        return existing if existing is not None else self.model(township=self.township)

    def _resolve_parent(self, row_number, values) -> tuple[object | None, bool]:
        """The parent record of a row of yearly figures (the union of a union-year), taking the
        row's identity columns out of `values`, and whether this row creates or changes it.
        A new name is a new parent; a row naming one already named must agree with that row."""
        identity = {name: values.pop(name) for name in self.parent.fields if name in values}
        key = identity[self.parent.key]
        if key in self.identities:
            first_row, first = self.identities[key]
            conflicts = [name for name, value in identity.items() if value != first.get(name)]
            for name in conflicts:
                self.result.add_error(row_number, self._header(name), _(
                    "同一%(record)s的各行，“%(column)s”应一致：第%(row)s行填写的是“%(value)s”。") % {
                    "record": self.parent.model._meta.verbose_name, "column": self._header(name),
                    "row": first_row, "value": self._shown(name, first[name])})
            return (None, False) if conflicts else (self.parents[key], False)
        self.identities[key] = (row_number, identity)
        parent = self.parents.get(key)
        if parent is None:
            parent = self.parents[key] = self.parent.model(township=self.township)
        elif not self._differs(parent, identity):
            return parent, False
        for name, value in identity.items():
            setattr(parent, name, value)
        parent.updated_at = timezone.now()
        return parent, True

    def _shown(self, name: str, value) -> str:
        """A parsed value as the cell would show it, for messages."""
        field = self.fields[name]
        if value in (None, ""):
            return _("空白")
        if field.choices:
            return str(dict(field.choices).get(value, value))
        if isinstance(value, datetime.date):
            return value.isoformat()
        return str(value)

    def _differs(self, obj, values) -> bool:
        return any(self._value_of(obj, name) != self._key_part(name, value) for name, value in values.items())

    def _value_of(self, obj, name: str):
        """A field's value, a related record by its id: comparing must not load related rows."""
        return getattr(obj, obj._meta.get_field(name).attname)

    def _key_part(self, name: str, value):
        return value.pk if self.fields[name].is_relation and value is not None else value

    def _validate(self, row_number, obj) -> bool:
        try:
            # Related records were resolved above without queries; uniqueness is checked by key.
            obj.full_clean(exclude=["township", *RELATED, *self.key_fields], validate_unique=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                header = self.headers.get(name, "—")
                for message in messages:
                    self.result.add_error(row_number, header, message)
            return False
        return True

    def _header(self, field_name: str) -> str:
        return self.headers[field_name]

    def _key(self, obj) -> tuple:
        """An existing record's natural key, as `_resolve` builds it from a row."""
        return tuple(
            self._value_of(getattr(obj, self.parent.link) if self.sheet.is_parent_field(name) else obj, name)
            for name in self.sheet.natural_key
        )


# Files with more rows than this are written by the background worker, so the request returns at once.
BACKGROUND_ROWS = 2000


def confirm_import(batch: ImportBatch) -> ImportResult:
    """Write a checked upload (all or nothing) and record the outcome on the batch; the file,
    which holds personal data, is emptied once imported. The rows and the batch's "imported" mark
    are committed together with the batch locked, so a second click, a second tab or a rerun of a
    dead worker's task writes the rows once and is answered with the first one's outcome."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update(of=("self",)).select_related("township").get(pk=batch.pk)
        if batch.imported_at:
            return ImportResult.from_dict(dict(batch.check_result))
        return _write_batch(batch)


def _write_batch(batch: ImportBatch) -> ImportResult:
    choices = {str(duplicate["row"]): duplicate["choice"] for duplicate in batch.check_result.get("duplicates", [])}
    result = import_records(township=batch.township, sheet=SHEETS[batch.kind], content=bytes(batch.content), write=True,
                            user=batch.uploaded_by, choices=choices)
    batch.check_result, batch.task_id = result.as_dict(), ""
    if result.ok:
        batch.imported_at, batch.content = timezone.now(), b""
    batch.save(update_fields=["check_result", "task_id", "imported_at", "content"])
    return result


def duplicate_choices_set(*, batch, posted) -> list[int]:
    """Record the preview's answers for the probable duplicates on the batch (field
    "duplicate-<row>": "create" or the pk of a member offered for that row; `confirm_import`
    applies them); the rows still without an answer."""
    duplicates = [dict(duplicate) for duplicate in batch.check_result.get("duplicates", [])]
    for duplicate in duplicates:
        answer = posted.get(f"duplicate-{duplicate['row']}", "")
        if answer == "create" or answer in {str(candidate["pk"]) for candidate in duplicate["candidates"]}:
            duplicate["choice"] = answer
    if duplicates != batch.check_result.get("duplicates", []):
        batch.check_result = {**batch.check_result, "duplicates": duplicates}
        batch.save(update_fields=["check_result"])
    return [duplicate["row"] for duplicate in duplicates if not duplicate["choice"]]
