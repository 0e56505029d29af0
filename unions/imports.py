"""Importing a filled .xlsx into a township: check every row, then write all of it or nothing.

The same function checks (write=False, for the preview) and writes (write=True, after the user
confirms). Rows are streamed from the workbook and handled in chunks, so a 20 000-row roster is
checked with a handful of queries per chunk and written with bulk inserts and updates.
The workbook is read with calamine (Rust): openpyxl, which writes our templates and exports,
needs about 3 s just to read 20 000 rows, calamine 0.2 s. Calamine holds a whole unpacked part in
memory, so the zip is looked at first (`_refusal`) and a file that would unpack to far more than
any real roster (a zip bomb) is refused before calamine opens it.

A sheet of yearly figures (one row per union and year) also creates or updates the record the
figures belong to, from the identity columns that each of its rows repeats (`Sheet.parent`).
"""
import copy
import datetime
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .models import GrassrootsUnion, Member, Township
from .spreadsheets import SHEETS, CellError, Column, Sheet, parse_cell, parse_text

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
# A cell's or the sheet's stated range: <c r="CV1000000" …> and <dimension ref="A1:CV1000000"/>.
CELL_REFERENCE = re.compile(rb'<(?:\w+:)?(?:c|dimension)\s[^>]*?\b(?:r|ref)="(?:[A-Z]{1,3}\d{1,7}:)?([A-Z]{1,3})(\d{1,7})"')
UNPACK_CHUNK = 1024 * 1024
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
    _last_rejected_row: int = field(default=0, repr=False)

    @property
    def ok(self) -> bool:
        return not self.fatal and self.error_count == 0

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged

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
        }

    @classmethod
    def from_dict(cls, data: dict) -> "ImportResult":
        errors = [RowError(*error) for error in data.pop("errors", [])]
        return cls(errors=errors, **data)


class _Abort(Exception):
    """Raised inside the write transaction so that nothing of a bad file is kept."""


def import_records(*, township: Township, sheet: Sheet, content: bytes, write: bool, user=None) -> ImportResult:
    """Check (write=False) or write the file's rows; `user` is recorded in the audit trail."""
    result = ImportResult()
    if len(content) > MAX_UPLOAD_BYTES:
        result.fatal = _("文件超过 %(size)s MB，请分成几个文件上传。") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
        return result
    result.fatal = _refusal(content)
    if result.fatal:
        return result
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        rows = workbook.get_sheet_by_index(0).iter_rows()
    except (CalamineError, IndexError, ValueError):
        result.fatal = _unreadable()
        return result
    if write:
        try:
            with transaction.atomic():
                _Importer(township, sheet, result, write=True, user=user).run(rows)
                if not result.ok:
                    raise _Abort
        except _Abort:
            pass
    else:
        _Importer(township, sheet, result, write=False).run(rows)
    return result


def _unreadable() -> str:
    return _("无法读取该文件：请上传用本系统模板填写的 .xlsx 工作簿（WPS 请另存为 .xlsx）。")


def _too_large() -> str:
    return _("文件解压后超过 %(size)s MB，可能不是正常的 Excel 工作簿，已拒绝。") % {
        "size": MAX_UNPACKED_BYTES // (1024 * 1024)}


def _refusal(content: bytes) -> str:
    """Why the file is not given to calamine, or "" if it may be.

    First the zip's central directory: an .xlsx workbook, not too many parts, declared sizes and
    compression ratios within bounds. Sizes in zip headers are whatever the file says, so each part
    is then unpacked into nothing, counting the bytes and stopping at the limit: memory stays flat
    (one chunk), and it takes 0.02 s for a 20 000-row roster, 0.05 s for 60 000 rows.
    """
    # zipfile builds an object per central-directory entry, each starting with this signature.
    if content.count(b"PK\x01\x02") > MAX_ENTRIES:
        return _too_many_parts()
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return _unreadable()
    if len(parts) > MAX_ENTRIES:
        return _too_many_parts()
    if "xl/workbook.xml" not in {part.filename for part in parts}:
        return _unreadable()  # a zip, but not an .xlsx workbook
    if any(part.flag_bits & 0x1 or part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) for part in parts):
        return _unreadable()  # encrypted, or packed in a way Excel and WPS never use
    if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
        return _too_large()
    if any(_ratio_too_high(part.file_size, part.compress_size) for part in parts):
        return _ratio_refused()
    budget = MAX_UNPACKED_BYTES
    for part in parts:
        # zipfile stops unpacking at the size the header declares: make that never, so that the
        # stream's own end or the budget stops it.
        probe = copy.copy(part)
        probe.file_size = 1 << 62
        unpacked, tail = 0, b""
        worksheet = part.filename.startswith("xl/worksheets/")
        try:
            with archive.open(probe) as stream:
                while chunk := stream.read(UNPACK_CHUNK):
                    unpacked += len(chunk)
                    if unpacked > budget:
                        return _too_large()
                    if _ratio_too_high(unpacked, part.compress_size):
                        return _ratio_refused()
                    if worksheet:
                        # the tail of the chunk before: a reference may straddle two chunks
                        if _range_too_large(tail + chunk):
                            return _range_refused()
                        tail = chunk[-200:]
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError):
            return _unreadable()  # including a part whose checksum does not match what it unpacks to
        budget -= unpacked
    return ""


def _range_too_large(xml: bytes) -> bool:
    for match in CELL_REFERENCE.finditer(xml):
        letters, row = match.groups()
        column = 0
        for letter in letters:
            column = column * 26 + letter - 64
        if column > MAX_COLUMNS or int(row) > MAX_SHEET_ROWS:
            return True
    return False


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


class _Importer:
    def __init__(self, township: Township, sheet: Sheet, result: ImportResult, *, write: bool, user=None):
        self.township, self.sheet, self.result, self.write, self.user = township, sheet, result, write, user
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

    def run(self, rows) -> None:
        header = next(rows, None)
        columns = self._columns(header)
        if columns is None:
            return
        chunk, row_number = [], 1
        for values in rows:
            row_number += 1
            if row_number - 1 > MAX_ROWS:
                self.result.fatal = _("一个文件最多 %(rows)s 行，请分成几个文件上传。") % {"rows": MAX_ROWS}
                return
            if all(value in (None, "") for value in values):
                continue
            chunk.append((row_number, values))
            if len(chunk) == CHUNK:
                self._chunk(chunk, columns)
                chunk = []
        if chunk:
            self._chunk(chunk, columns)
        if self.result.rows == 0 and self.result.error_count == 0:
            self.result.fatal = _("文件中没有数据行（第1行为表头，数据从第2行开始）。")

    def _columns(self, header) -> list[tuple[int, Column]] | None:
        if header is None:
            self.result.fatal = _("文件是空的：第1行应为表头。")
            return None
        by_header = {self.sheet.header(column): column for column in self.sheet.columns}
        found = {}
        for index, title in enumerate(header):
            text = parse_text(title).rstrip("*＊ ").strip()
            if text in by_header:
                found[by_header[text].field] = (index, by_header[text])
        missing = [self.sheet.header(column) for column in self.sheet.columns if column.required and column.field not in found]
        if missing:
            self.result.fatal = _("缺少必填列：%(columns)s。请使用本系统下载的模板。") % {"columns": "、".join(missing)}
            return None
        return list(found.values())

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
        raws = [(column, values[index] if index < len(values) else None) for index, column in columns]
        if self._is_example(raws):
            self.result.skipped_example = True  # the template's example row, left as it was
            return None
        parsed, ok = {}, True
        for column, raw in raws:
            header = self.headers[column.field]
            try:
                value = parse_text(raw) if column.field in RELATED else parse_cell(self.fields[column.field], raw)
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
        return all(parse_text(raw) == self.examples[column.field] for column, raw in raws)

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


def confirm_import(batch) -> ImportResult:
    """Write a checked upload (all or nothing) and record the outcome on the batch; the file,
    which holds personal data, is emptied once imported."""
    result = import_records(township=batch.township, sheet=SHEETS[batch.kind], content=bytes(batch.content), write=True,
                            user=batch.uploaded_by)
    batch.check_result, batch.task_id = result.as_dict(), ""
    if result.ok:
        batch.imported_at, batch.content = timezone.now(), b""
    batch.save(update_fields=["check_result", "task_id", "imported_at", "content"])
    return result
