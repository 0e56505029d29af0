"""The round's ranking as .xlsx, written through the same formula-safe cells as every export."""
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from unions.spreadsheets import text_safe_cell

from .models import Round
from .scoring import RubricParts
from .selectors import ApplicationResult


def ranking_xlsx(round_: Round, parts: RubricParts, results: list[ApplicationResult]) -> bytes:
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(_("排名")[:31])
    headers = [_("排名"), _("乡镇（街道）"), _("申报状态"), _("已评/分配"), *[f"{d.name}（{d.points}）" for d in parts.dimensions],
               _("总分（%(method)s）") % {"method": round_.get_aggregate_display()}, _("评审分差"), _("分歧较大"),
               _("一票否决"), _("对应等次"), _("命名等次"), _("决定意见")]
    worksheet.append([_bold(worksheet, header) for header in headers])
    for rank, result in enumerate(results, start=1):
        aggregate = result.aggregate
        row = [
            rank if aggregate.total is not None and not aggregate.vetoed else "",
            result.application.township.name, result.application.get_status_display(),
            f"{aggregate.reviews}/{result.assigned}",
            *[_number(aggregate.by_dimension[dimension.pk]) for dimension in parts.dimensions],
            _number(aggregate.total), _number(aggregate.spread), _("是") if aggregate.disagreement else "",
            _("是") if aggregate.vetoed else "", aggregate.grade, result.application.grade, result.application.decision_reasons,
        ]
        worksheet.append([text_safe_cell(worksheet, value) for value in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _number(value):
    return "" if value is None else float(value)


def _bold(worksheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(worksheet, value=text)
    cell.font = Font(bold=True)
    return cell
