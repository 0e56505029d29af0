"""The county overview as .xlsx: the table as the page shows it (same rows, same order, same marks),
with the median and total rows and a note on how they are taken; written through the same
formula-safe cells as every export (unions/spreadsheets.py)."""
import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from unions.spreadsheets import text_safe_cell

from .selectors import FUNDING, RATE_KEYS, Cell, Overview

PERCENT_FORMAT = "0.0%"
YUAN_FORMAT = "#,##0.00"


def overview_xlsx(overview: Overview) -> bytes:
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(_("%(year)s年度") % {"year": overview.year})
    labels = {column.key: column.label for column in overview.columns}
    headers = [labels["name"], labels["kind"], labels["unions"]]
    for key in RATE_KEYS:
        headers += [labels[key], _("%(label)s·与中位数") % {"label": labels[key]}, _("%(label)s·考核门槛") % {"label": labels[key]}]
    headers += [_("经费（元）"), _("经费·经审"), _("经费·与中位数"), _("经费·考核门槛"), labels["status"], labels["score"]]
    worksheet.append([_bold(worksheet, header) for header in headers])
    for row in overview.rows:
        cells = row.cells
        line = [text_safe_cell(worksheet, row.township.name), text_safe_cell(worksheet, cells["kind"].text),
                _number(worksheet, cells["unions"].sort_value)]
        for key in RATE_KEYS:
            line += [_percent(worksheet, cells[key]), _word(worksheet, cells[key].standing),
                     _word(worksheet, cells[key].threshold)]
        funding = cells[FUNDING]
        line += [_number(worksheet, funding.sort_value, YUAN_FORMAT) if funding.sort_value is not None
                 else text_safe_cell(worksheet, funding.text),
                 text_safe_cell(worksheet, funding.note), _word(worksheet, funding.standing), _word(worksheet, funding.threshold),
                 text_safe_cell(worksheet, cells["status"].text), text_safe_cell(worksheet, cells["score"].text)]
        worksheet.append(line)
    for title, summary in ((_("全县中位数"), overview.median), (_("全县合计"), overview.total)):
        # numbers in the townships' formats, so that the sheet can go on calculating with them
        line = [_bold(worksheet, title), None, _summary_number(worksheet, summary["unions"], "General")]
        for key in RATE_KEYS:
            line += [_percent(worksheet, summary[key]), None, None]
        line += [_summary_number(worksheet, summary[FUNDING], YUAN_FORMAT), None, None, None,
                 text_safe_cell(worksheet, summary["status"].text) if "status" in summary else None,
                 _summary_number(worksheet, summary["score"], "General") if "score" in summary else None]
        worksheet.append(line)
    worksheet.append([])
    for note in (_("中位数：各乡镇比率的中位数，不含不适用的乡镇；合计：各乡镇分子之和除以分母之和，不是各乡镇比率的平均数。"),
                 _("考核门槛：%(rubric)s 中该项指标得满分的门槛。") % {"rubric": overview.rubric or "—"}):
        worksheet.append([text_safe_cell(worksheet, note)])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _percent(worksheet, cell: Cell):
    """A rate as a spreadsheet percentage, rounded as the page quotes it; 不适用 as text."""
    if cell.sort_value is None:
        return text_safe_cell(worksheet, cell.text)
    written = WriteOnlyCell(worksheet, value=float(Decimal(cell.sort_value) / 100))
    written.number_format = PERCENT_FORMAT
    return written


def _number(worksheet, value, number_format: str = "0"):
    written = WriteOnlyCell(worksheet, value=float(value) if isinstance(value, Decimal) else value)
    written.number_format = number_format
    return written


def _summary_number(worksheet, cell: Cell, number_format: str):
    return _number(worksheet, cell.sort_value, number_format) if cell.sort_value is not None else text_safe_cell(worksheet, cell.text)


def _word(worksheet, mark):
    return text_safe_cell(worksheet, str(mark.word)) if mark else None


def _bold(worksheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(worksheet, value=text)
    cell.font = Font(bold=True)
    return cell
