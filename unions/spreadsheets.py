"""The township's records as spreadsheet rows: the columns of each record type, cell conversion in
both directions, the .xlsx template, and .xlsx/.csv export safe against formula injection.

One `Sheet` per record type is used by the template, the import and the export alike, so an
exported file imports back without change.
"""
import csv
import datetime
import functools
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _, gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.text import clean_text

from .models import Activity, AssistanceRecord, GrassrootsUnion, GrassrootsUnionYear, Member, RightsCase
from .validators import mask_id_number, normalize_id_number

YES, NO = "是", "否"
TRUE_WORDS = {"是", "有", "√", "y", "yes", "true", "1"}
FALSE_WORDS = {"否", "无", "×", "n", "no", "false", "0"}
# A text cell beginning with one of these is a formula to Excel/WPS (DDE attacks): neutralised on export.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Columns of digits that are text: a spreadsheet opening a CSV (or a user typing into a General
# cell) makes them numbers, keeping 15 significant digits — an ID number loses its last three.
ID_NUMBER, PHONE = "id_number", "phone"
SCIENTIFIC = re.compile(r"[+-]?\d+(?:\.\d*)?[eE][+-]?\d+")
MOBILE = re.compile(r"1[3-9]\d{9}")
# Written after a tab in CSV (see write_csv): digits, then digits, X, spaces or dashes. Starting with
# a digit, such a value is never a formula, whether or not a spreadsheet drops the tab.
CSV_TEXT_DIGITS = re.compile(r"\d[\dXx \-]*")


class CellError(ValueError):
    """A cell that cannot be read; the message is shown to staff as is."""


@dataclass(frozen=True)
class Column:
    field: str
    required: bool = False
    example: object = ""
    header_text: str = ""  # empty: the model field's verbose_name (a lazy translation is fine)
    digits: str = ""  # ID_NUMBER or PHONE: digits kept as text, which spreadsheets turn into numbers


@dataclass(frozen=True)
class Parent:
    """The record whose yearly figures a sheet's rows are (a union for its years): found by its key
    in the township, created or updated from the identity columns, which each of its rows repeats."""
    model: type[models.Model]
    link: str  # the sheet model's foreign key to it
    key: str  # its field naming it in the township
    fields: tuple[str, ...]  # its columns in the sheet, the key among them


@dataclass(frozen=True)
class Sheet:
    key: str  # the record type's key in unions/entities.py
    model: type[models.Model]
    columns: tuple[Column, ...]
    natural_key: tuple[str, ...]  # fields that identify a row again on re-import
    parent: Parent | None = None
    note: str = ""  # a line of the template's instructions for this record type only

    def is_parent_field(self, name: str) -> bool:
        return self.parent is not None and name in self.parent.fields

    def field(self, column: Column) -> models.Field | None:
        model = self.parent.model if self.is_parent_field(column.field) else self.model
        try:
            return model._meta.get_field(column.field)
        except Exception:
            return None

    def header(self, column: Column) -> str:
        return str(column.header_text or self.field(column).verbose_name)

    def headers(self) -> list[str]:
        return [self.header(column) + ("*" if column.required else "") for column in self.columns]


MEMBER_SHEET = Sheet(
    key="member", model=Member, natural_key=("id_number",),
    columns=(
        Column("name", True, "王秀兰"),
        Column("gender", True, "女"),
        Column("id_number", True, "11010519491231002X", digits=ID_NUMBER),
        Column("union", True, "具茨山兴建材有限公司工会"),
        Column("phone", False, "13800000000", digits=PHONE),
        Column("joined_on", True, datetime.date(2020, 5, 1)),
        Column("left_on"),
        Column("is_migrant_worker", False, NO),
        Column("hardship_reason"),
        Column("hardship_filed_on"),
        Column("hardship_lifted_on"),
    ),
)
# One row per union and year: the union's identity, repeated in each of its rows, and that year's figures.
GRASSROOTS_UNION_SHEET = Sheet(
    key="grassroots_union", model=GrassrootsUnionYear, natural_key=("name", "year"),
    parent=Parent(model=GrassrootsUnion, link="union", key="name",
                  fields=("name", "kind", "employer", "founded_on", "dissolution", "dissolved_on")),
    note=gettext_lazy("每行是一个基层工会一个年度的数据；同一工会填写多个年度时，工会名称、类型、所在单位、"
                      "成立日期、撤销/注销、撤销/注销日期各行应一致。"),
    columns=(
        Column("name", True, "具茨山兴建材有限公司工会"),
        Column("year", True, 2025),
        Column("kind", True, "企业工会"),
        Column("employer", False, "具茨山兴建材有限公司"),
        Column("founded_on", False, datetime.date(2012, 3, 1)),
        Column("dissolution"),
        Column("dissolved_on"),
        Column("employers_covered", False, 1),
        Column("chair_name", False, "赵建国"),
        Column("chair_trained_on"),
        Column("employee_count", True, 120),
        Column("women_count", False, 40),
        Column("migrant_count", False, 60),
        Column("legal_person", False, YES),
        Column("has_audit_committee", False, YES),
        Column("has_women_committee", False, YES),
        Column("has_mediation_committee", False, NO),
        Column("has_workers_home", False, YES),
        Column("last_election_on", False, datetime.date(2023, 3, 1)),
        Column("term_years", False, "5年"),
        Column("contract_signed_on", False, datetime.date(2024, 1, 1)),
        Column("contract_expires_on", False, datetime.date(2026, 12, 31)),
        Column("contract_workers_covered", False, 110),
        Column("wage_agreement", False, YES),
        Column("women_special_contract", False, YES),
        Column("workers_congress_last_held_on"),
        Column("affairs_disclosure", False, YES),
    ),
)
RIGHTS_CASE_SHEET = Sheet(
    key="rights_case", model=RightsCase, natural_key=("received_on", "case_type", "parties"),
    columns=(
        Column("received_on", True, datetime.date(2025, 8, 9)),
        Column("case_type", True, "欠薪"),
        Column("source", False, "来访"),
        Column("parties", True, "某建筑工地承包商"),
        Column("union"),
        Column("workers_involved", False, 19),
        Column("migrant_workers_involved", False, 19),
        Column("amount_claimed", False, Decimal("31463")),
        Column("amount_recovered", False, Decimal("31463")),
        Column("over_recovery_reason"),
        Column("handler", False, "周国庆"),
        Column("status", True, "办结"),
        Column("closed_on", False, datetime.date(2025, 8, 30)),
        Column("summary", False, "经多方协调追回拖欠工资"),
    ),
)
ASSISTANCE_RECORD_SHEET = Sheet(
    key="assistance_record", model=AssistanceRecord, natural_key=("given_on", "category", "member", "recipient_name"),
    columns=(
        Column("given_on", True, datetime.date(2025, 1, 18)),
        Column("category", True, "冬送温暖"),
        Column("member", False, "", "受助会员身份证号", digits=ID_NUMBER),
        Column("recipient_name", False, "张建华"),
        Column("people", False, 1),
        Column("amount", False, Decimal("800")),
        Column("funds_source", False, "社会捐款"),
        Column("note"),
    ),
)
ACTIVITY_SHEET = Sheet(
    key="activity", model=Activity, natural_key=("held_on", "kind", "title"),
    columns=(
        Column("held_on", True, datetime.date(2025, 6, 10)),
        Column("kind", True, "安康杯"),
        Column("title", True, "“安康杯”安全生产知识竞赛"),
        Column("union"),
        Column("participants", False, 120),
        Column("jobs_placed", False, 0),
        Column("outcome"),
    ),
)
SHEETS = {sheet.key: sheet for sheet in (
    MEMBER_SHEET, GRASSROOTS_UNION_SHEET, RIGHTS_CASE_SHEET, ASSISTANCE_RECORD_SHEET, ACTIVITY_SHEET,
)}
IMPORTABLE = ("member", "grassroots_union", "rights_case", "assistance_record", "activity")


# --- cells to values ---------------------------------------------------------------------------


def parse_date(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for separator in ("-", "/", "."):
        parts = text.split(separator)
        if len(parts) == 3 and all(part.strip().isdigit() for part in parts):
            try:
                return datetime.date(*(int(part) for part in parts))
            except ValueError:
                break
    raise CellError(_("日期格式不正确（应为 2025-01-31 这样的日期）。"))


def parse_int(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise CellError(_("应为整数。")) from None
    if number != number.to_integral_value():
        raise CellError(_("应为整数。"))
    return int(number)


def parse_decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        # str() first: a float cell such as 0.1 would otherwise carry binary noise into the money
        return Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise CellError(_("应为数字。")) from None


def parse_bool(value) -> bool:
    if value in (None, ""):
        return False
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellError(_("应填写“是”或“否”。"))


@functools.lru_cache(maxsize=256)
def _choices_by_text(field: models.Field, language: str) -> dict[str, object]:
    """A choice field's stored values by label and by value, the first choice winning: the labels
    are lazy translations, read once per language rather than once per cell."""
    lookup = {}
    for choice_value, label in field.choices:
        lookup.setdefault(str(label), choice_value)
        lookup.setdefault(str(choice_value), choice_value)
    return lookup


def parse_choice(field: models.Field, value):
    if value in (None, ""):
        return None
    lookup = _choices_by_text(field, translation.get_language())
    text = parse_text(value)
    if text in lookup:
        return lookup[text]
    allowed = "、".join(str(label) for _value, label in field.choices)
    raise CellError(_("不是可选值，应为：%(allowed)s。") % {"allowed": allowed})


def parse_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number typed as a number
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.strftime("%Y-%m-%d")
    return clean_text(str(value)).strip()  # no bidi controls, zero-width characters … (core/text.py)


def parse_cell(field: models.Field, value):
    """A cell's value as the model field takes it; related records are resolved by the importer."""
    if field.choices:
        return parse_choice(field, value)
    if isinstance(field, models.DateField):
        return parse_date(value)
    if isinstance(field, models.BooleanField):
        return parse_bool(value)
    if isinstance(field, models.DecimalField):
        return parse_decimal(value)
    if isinstance(field, (models.IntegerField, models.PositiveIntegerField, models.PositiveSmallIntegerField)):
        return parse_int(value)
    if isinstance(field, models.CharField) and field.name == "id_number":
        return normalize_id_number(parse_text(value))
    return parse_text(value)


def parse_digits(kind: str, value) -> str:
    """A cell of an ID number or phone column as text; CellError when a spreadsheet has made it a
    number and lost digits. An ID number has 18 digits and a number keeps 15, so any number is
    refused. A mobile number (11 digits from 1) or a local one (7 or 8 digits) survives as a number;
    any other number was most likely a landline with its area code, whose leading 0 is gone."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if kind == ID_NUMBER or not float(value).is_integer() or abs(value) >= 1e15:
            raise CellError(mangled_message(kind))
        digits = str(int(value))
        if not (MOBILE.fullmatch(digits) or 7 <= len(digits) <= 8):
            raise CellError(_("电话号码被表格软件改成了数字，开头的0可能已丢失：请把该列设为文本后重新填写。"))
    text = parse_text(value)
    if SCIENTIFIC.fullmatch(text):
        raise CellError(mangled_message(kind))
    return normalize_id_number(text) if kind == ID_NUMBER else text


def mangled_message(kind: str) -> str:
    if kind == ID_NUMBER:
        return _("身份证号被表格软件改成了数字（科学计数法），请把该列设为文本后重新填写。")
    return _("电话号码被表格软件改成了数字（科学计数法），请把该列设为文本后重新填写。")


# --- values to cells ---------------------------------------------------------------------------


def cell_value(obj, sheet: Sheet, column: Column, *, show_full_ids: bool):
    """A record's value as the spreadsheet shows it (and the import reads back)."""
    field = sheet.field(column)
    if sheet.is_parent_field(column.field):
        obj = getattr(obj, sheet.parent.link)  # the union's name, kind … in each of its years' rows
    if column.field == "member":
        number = obj.member.id_number if obj.member_id else ""
        return number if show_full_ids else mask_id_number(number)
    if column.field == "union":
        return obj.union.name if obj.union_id else ""
    value = getattr(obj, column.field)
    if column.field == "id_number" and not show_full_ids:
        return mask_id_number(value)
    if field.choices:
        return getattr(obj, f"get_{column.field}_display")() if value not in (None, "") else ""
    if isinstance(value, bool):
        return YES if value else NO
    return "" if value is None else value


def neutralise(value):
    """Text that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_rows(sheet: Sheet, objects, *, show_full_ids: bool):
    for obj in objects:
        yield [cell_value(obj, sheet, column, show_full_ids=show_full_ids) for column in sheet.columns]


def write_xlsx(sheet: Sheet, rows, *, title: str) -> bytes:
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title[:31])
    worksheet.append(_header_cells(worksheet, sheet))
    digits = [bool(column.digits) for column in sheet.columns]
    for row in rows:
        worksheet.append([text_safe_cell(worksheet, value, as_text=is_digits) for value, is_digits in zip(row, digits)])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def write_csv(sheet: Sheet, rows) -> bytes:
    """CSV for programs. Opened in a spreadsheet all the same, ID numbers and phone numbers stay
    text: a tab before the digits keeps LibreOffice (tested), Excel and WPS from reading a number,
    and is no formula even where it is dropped (="…" would be one). Readers strip the tab."""
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(sheet.headers())
    digits = [bool(column.digits) for column in sheet.columns]
    for row in rows:
        writer.writerow([csv_text(value) if is_digits else neutralise(value) for value, is_digits in zip(row, digits)])
    # UTF-8 with BOM: Excel and WPS on Windows otherwise read the Chinese as GBK and garble it.
    return ("\ufeff" + output.getvalue()).encode("utf-8")


def _header_cells(worksheet, sheet: Sheet):
    cells = []
    for header in sheet.headers():
        cell = WriteOnlyCell(worksheet, value=header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F8D7DA" if header.endswith("*") else "E9ECEF")
        cells.append(cell)
    return cells


def csv_text(value):
    """A cell of digits that a spreadsheet must keep as text, as CSV writes it."""
    if isinstance(value, str) and CSV_TEXT_DIGITS.fullmatch(value):
        return "\t" + value
    return neutralise(value)


def text_safe_cell(worksheet, value, *, as_text: bool = False):
    """Text cells are written as text even when they look like formulas (=, +, -, @); `as_text`
    formats the cell as text (@), so that digits typed into it later stay text too."""
    cell = WriteOnlyCell(worksheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would store "=…" as a formula
    if as_text:
        cell.number_format = "@"
    if isinstance(value, datetime.date):
        cell.number_format = "yyyy-mm-dd"
    return cell


def template_xlsx(sheet: Sheet, *, title: str) -> bytes:
    """The import template: headers (* = required), one example row, drop-down lists for choices."""
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = title[:31]
    for index, header in enumerate(sheet.headers(), start=1):
        cell = worksheet.cell(row=1, column=index, value=header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F8D7DA" if header.endswith("*") else "E9ECEF")
        worksheet.column_dimensions[get_column_letter(index)].width = max(12, len(header) * 2 + 4)
    for index, column in enumerate(sheet.columns, start=1):
        cell = worksheet.cell(row=2, column=index, value=column.example)
        cell.font = Font(color="6C757D", italic=True)
        if isinstance(column.example, datetime.date):
            cell.number_format = "yyyy-mm-dd"
        elif isinstance(column.example, str):
            cell.number_format = "@"
        options = _options(sheet, column)
        if options:
            validation = DataValidation(
                type="list", formula1='"' + ",".join(options) + '"', allow_blank=not column.required,
                showErrorMessage=True, errorTitle=_("不是可选值"), error=_("请从下拉列表中选择。"),
            )
            worksheet.add_data_validation(validation)
            validation.add(f"{get_column_letter(index)}2:{get_column_letter(index)}50000")
        if column.digits:
            # As text, or Excel shows an 18-digit ID number as 1.10105E+17 and loses its last digits:
            # the example cell, and the column's style, which the cells typed below it take.
            for row in worksheet.iter_rows(min_row=2, max_row=2, min_col=index, max_col=index):
                row[0].number_format = "@"
            worksheet.column_dimensions[get_column_letter(index)].number_format = "@"
    worksheet.freeze_panes = "A2"
    notes = workbook.create_sheet(_("填写说明"))
    for line in (
        _("第1行为表头，带 * 的列必填；第2行为示例，导入时若未修改会自动跳过，可直接覆盖。"),
        _("日期写作 2025-01-31；是/否 列填写“是”或“否”；有下拉箭头的列请从列表中选择。"),
        _("身份证号请设为文本格式，避免 Excel 把18位数字显示为科学计数法。"),
        _("再次上传同一文件不会重复导入：会员按身份证号、基层工会按名称和年度识别已有记录并更新。"),
        *([str(sheet.note)] if sheet.note else []),
    ):
        notes.append([line])
    notes.column_dimensions["A"].width = 100
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _options(sheet: Sheet, column: Column) -> list[str]:
    field = sheet.field(column)
    if field is not None and field.choices:
        return [str(label) for _value, label in field.choices]
    if isinstance(field, models.BooleanField):
        return [YES, NO]
    return []
