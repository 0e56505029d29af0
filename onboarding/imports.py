"""The county's townships and accounts from an .xlsx: the same check → preview → confirm as the
township's imports, through the same machinery (`unions.imports.open_sheet`: size, zip bomb and
header checks before a row is read; `ImportResult` for the preview; `ImportBatch` to keep the file
until it is confirmed; `unions.spreadsheets` for the template and the cells).

Rows are matched by their natural key (a township by its name in the county, an account by its
username), so uploading the same file again changes nothing: an existing account is never changed
and never given a new password by an import. A file with one bad row writes nothing. The one-time
passwords of the accounts created are returned to the caller once and kept nowhere.
"""
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from unions.access import county_accounts
from unions.imports import ImportResult, open_sheet
from unions.models import County, ImportBatch, Township, UserRole
from unions.spreadsheets import PHONE, CellError, Column, Sheet, parse_choice, parse_digits, parse_text
from unions.validators import normalize_phone

from . import services
from .services import IssuedPassword

TOWNSHIP, ACCOUNT = "township", "account"
# A county has tens of townships and a few hundred accounts; every account gets its password hashed.
MAX_ROWS = 300

TOWNSHIP_SHEET = Sheet(
    key=TOWNSHIP, model=Township, natural_key=("name",),
    note=gettext_lazy("乡镇按名称识别：已有的乡镇只更新类型；改名请在“乡镇”页面逐个修改。"),
    columns=(
        # the example row is skipped when left as it is: a real township's name would be skipped too
        Column("name", True, "示例镇（请改为本县乡镇名称）"),
        Column("kind", True, "镇"),
    ),
)
ACCOUNT_SHEET = Sheet(
    key=ACCOUNT, model=UserRole, natural_key=("username",),
    note=gettext_lazy("账号按用户名识别：已有的账号不会被修改，也不会重新发放密码。乡镇工会工作人员须填写所属乡镇，"
                      "该乡镇须已在本县（可先导入乡镇）；评审可填写回避乡镇。导入后每个新账号的一次性密码只显示一次。"),
    columns=(
        Column("username", True, "zhangwei", header_text=gettext_lazy("用户名")),
        Column("full_name", True, "张伟（示例）", header_text=gettext_lazy("姓名")),
        Column("role", True, "乡镇工会工作人员"),
        Column("township", False, "具茨山镇", header_text=gettext_lazy("所属乡镇（街道）")),
        Column("home_township", False, ""),
        Column("phone", False, "13800000000", digits=PHONE),
    ),
)
SHEETS = {TOWNSHIP: TOWNSHIP_SHEET, ACCOUNT: ACCOUNT_SHEET}
# the columns whose cells are read as choices of the model field
CHOICE_FIELDS = {TOWNSHIP: ("kind",), ACCOUNT: ("role",)}


@dataclass
class CountyImport:
    """A checked or written file: the counts and rejected rows (`result`), what each row does
    (`planned`: rows to create or update, as the preview lists them) and, once written, the
    accounts created with their one-time passwords (`issued`, never stored)."""

    result: ImportResult
    planned: list[dict] = field(default_factory=list)
    issued: list[IssuedPassword] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {**self.result.as_dict(), "planned": self.planned}

    @classmethod
    def from_dict(cls, data: dict) -> "CountyImport":
        data = dict(data)
        planned = data.pop("planned", [])
        return cls(ImportResult.from_dict(data), planned)


class _Abort(Exception):
    """Raised inside the write transaction so that nothing of a bad file is kept."""


def import_rows(*, county: County, kind: str, content: bytes, write: bool, by=None) -> CountyImport:
    """Check (write=False) or write (write=True: all rows or none) a file of townships or accounts."""
    outcome = CountyImport(ImportResult())
    sheet = SHEETS[kind]
    opened = open_sheet(sheet=sheet, content=content, result=outcome.result, max_rows=MAX_ROWS)
    if opened is None:
        return outcome
    rows = list(_read(opened, sheet, kind, outcome.result))
    if not rows and not outcome.result.error_count:
        outcome.result.fatal = _("文件中没有数据行（第1行为表头，数据从第2行开始）。")
        return outcome
    handler = _Townships(county, outcome) if kind == TOWNSHIP else _Accounts(county, outcome)
    for row_number, values in rows:
        if values is not None:
            handler.check(row_number, values)
    if not write or not outcome.result.ok:
        return outcome
    try:
        with transaction.atomic():
            handler.write(by)
            if not outcome.result.ok:
                raise _Abort
    except _Abort:
        outcome.issued = []
    return outcome


def _read(opened, sheet: Sheet, kind: str, result: ImportResult):
    """(row number, {field: value}) of each row after the header that is neither blank nor the
    template's example; None for the values of a row with a cell that cannot be read (recorded in
    `result`)."""
    headers = {column.field: str(sheet.header(column)) for column in sheet.columns}
    examples = {column.field: parse_text(column.example) for column in sheet.columns}
    row_number = 1
    for values in opened.rows:
        row_number += 1
        cells = []
        for index, column in opened.columns:
            at = index - opened.first_column
            cells.append((index, column, values[at] if 0 <= at < len(values) else None))
        formulas = [(index, column) for index, column, raw in cells
                    if raw in (None, "") and (row_number, index) in opened.formulas]
        if all(raw in (None, "") for _index, _column, raw in cells) and not formulas:
            continue
        if all(parse_text(raw) == examples[column.field] for _index, column, raw in cells):
            result.skipped_example = True  # the template's example row, left as it was
            continue
        parsed, ok = {}, True
        for _index, column in formulas:
            result.add_error(row_number, headers[column.field], _("公式单元格没有可读取的值：请把公式复制后“粘贴为数值”，再重新上传。"))
            ok = False
        for _index, column, raw in cells:
            try:
                if column.digits:
                    value = normalize_phone(parse_digits(column.digits, raw))
                elif column.field in CHOICE_FIELDS[kind]:
                    value = parse_choice(sheet.field(column), raw) or ""
                else:
                    value = parse_text(raw)
            except CellError as error:
                result.add_error(row_number, headers[column.field], str(error))
                ok = False
                continue
            if column.required and not value:
                result.add_error(row_number, headers[column.field], _("必填项未填写。"))
                ok = False
            parsed[column.field] = value
        yield row_number, parsed if ok else None


class _Rows:
    sheet: Sheet

    def __init__(self, county: County, outcome: CountyImport):
        self.county, self.outcome, self.result = county, outcome, outcome.result
        self.headers = {column.field: str(self.sheet.header(column)) for column in self.sheet.columns}
        self.seen: dict[str, int] = {}  # a row's key → the first row with it
        self.to_write: list[tuple[int, dict]] = []

    def error(self, row_number: int, field_name: str, message: str) -> None:
        self.result.add_error(row_number, self.headers.get(field_name, "—"), message)

    def first_time(self, row_number: int, field_name: str, key: str) -> bool:
        if key in self.seen:
            self.error(row_number, field_name, _("与第%(row)s行重复。") % {"row": self.seen[key]})
            return False
        self.seen[key] = row_number
        return True

    def errors(self, row_number: int, errors: dict[str, str]) -> bool:
        for field_name, message in errors.items():
            self.error(row_number, field_name, message)
        return not errors


class _Townships(_Rows):
    sheet = TOWNSHIP_SHEET

    def __init__(self, county, outcome):
        super().__init__(county, outcome)
        self.existing = {township.name: township for township in Township.objects.filter(county=county)}

    def check(self, row_number: int, values: dict) -> None:
        name, kind = values["name"], values["kind"]
        if not self.first_time(row_number, "name", name):
            return
        existing = self.existing.get(name)
        if existing is not None and existing.kind == kind:
            self.result.unchanged += 1
            return
        if not self.errors(row_number, services.township_errors(county=self.county, name=name, kind=kind, township=existing)):
            return
        if existing is None:
            self.result.created += 1
        else:
            self.result.updated += 1
        self.outcome.planned.append({"row": row_number, "name": name, "kind": str(Township.Kind(kind).label),
                                     "action": "update" if existing else "create"})
        self.to_write.append((row_number, values))

    def write(self, by) -> None:
        for row_number, values in self.to_write:
            existing = self.existing.get(values["name"])
            try:
                if existing is None:
                    services.township_create(county=self.county, name=values["name"], kind=values["kind"], by=by)
                else:
                    services.township_rename(township=existing, name=values["name"], kind=values["kind"], by=by)
            except ValidationError as error:  # changed since the check
                self.errors(row_number, {name: " ".join(messages) for name, messages in error.message_dict.items()})


class _Accounts(_Rows):
    sheet = ACCOUNT_SHEET

    def __init__(self, county, outcome):
        super().__init__(county, outcome)
        self.townships = {township.name: township for township in Township.objects.filter(county=county)}
        # the county's accounts by username, to recognise a row imported before
        self.existing = {role.user.username.lower(): role for role in UserRole.objects.select_related("user").filter(
            user__in=county_accounts(county))}

    def township(self, row_number: int, values: dict, field_name: str) -> tuple[Township | None, bool]:
        name = values.pop(field_name)
        if not name:
            return None, True
        township = self.townships.get(name)
        if township is None:
            self.error(row_number, field_name, _("本县没有名为“%(name)s”的乡镇（街道）。") % {"name": name})
            return None, False
        return township, True

    def check(self, row_number: int, values: dict) -> None:
        values = dict(values)
        username = values["username"]
        if not self.first_time(row_number, "username", username.lower()):
            return
        township, found = self.township(row_number, values, "township")
        home_township, home_found = self.township(row_number, values, "home_township")
        if not (found and home_found):
            return
        existing = self.existing.get(username.lower())
        if existing is not None:
            if (existing.user.username, existing.role, existing.township_id, existing.home_township_id) == (
                    username, values["role"], getattr(township, "pk", None), getattr(home_township, "pk", None)):
                self.result.unchanged += 1
            else:
                self.error(row_number, "username", _("本县已有用户名为“%(username)s”的账号，角色或乡镇与本行不同；"
                                                     "批量导入只新建账号，不修改已有账号。") % {"username": username})
            return
        account = dict(values, township=township, home_township=home_township)
        if not self.errors(row_number, services.account_errors(county=self.county, **account)):
            return
        self.result.created += 1
        self.outcome.planned.append({
            "row": row_number, "username": username, "full_name": values["full_name"],
            "role": str(UserRole.Role(values["role"]).label), "township": township.name if township else "",
            "home_township": home_township.name if home_township else "", "action": "create"})
        self.to_write.append((row_number, account))

    def write(self, by) -> None:
        for row_number, account in self.to_write:
            try:
                self.outcome.issued.append(services.account_create(county=self.county, by=by, **account))
            except ValidationError as error:  # changed since the check (a username taken meanwhile)
                self.errors(row_number, {name: " ".join(messages) for name, messages in error.message_dict.items()})


def confirm(batch: ImportBatch, *, by=None) -> CountyImport:
    """Write a checked upload of the county (all or nothing) and record the outcome on the batch;
    the file is emptied once imported. The batch is locked while it is written, so a second click
    or a second tab writes nothing again and gets no passwords: they were issued to the first."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.imported_at:
            return CountyImport.from_dict(dict(batch.check_result))
        outcome = import_rows(county=batch.county, kind=batch.kind, content=bytes(batch.content), write=True, by=by)
        batch.check_result = outcome.as_dict()
        if outcome.result.ok:
            batch.imported_at, batch.content = timezone.now(), b""
        batch.save(update_fields=["check_result", "imported_at", "content"])
    return outcome
