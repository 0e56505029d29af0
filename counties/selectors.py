"""The county desk's table: every township of a county in a year with the rates the county compares
(`unions.comparison.COMPARED_RATES`) and its funding, its application in that year's round, the
county's median and total, each value marked against the median and the rubric's threshold, and
five years of trend — for the county as a whole and for each township.

A fixed number of queries whatever the number of townships: the figures come from
`unions.comparison.county_figures` (`compared_figures`, grouped by township and year, cached for
ten minutes), the applications and their scores from `reviews.selectors.round_results` (the
round's applications at once, fresh on every request).
"""
import datetime
import functools
import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from reviews.evidence import EVIDENCE
from reviews.models import Application, Indicator, Round, Rubric
from reviews.scoring import RubricParts, format_points
from reviews.selectors import ApplicationResult, round_results
from unions.comparison import (
    ABOVE,
    BELOW,
    COMPARED_RATES,
    COUNTY_CACHE_SECONDS,
    LEVEL,
    Standing,
    county_figures,
    median_of,
    percent_text,
    standing,
    total_ratio,
)
from unions.figures import Ratio, format_yuan
from unions.models import County, Township
from unions.selectors import ComparedFigures, picker_years, years_with_data

TREND_YEARS = 5
RATE_KEYS = tuple(key for key, _label in COMPARED_RATES)
FUNDING = "funding"  # also the rubric's evidence key for 经费 (reviews/evidence.py)


@dataclass(frozen=True)
class Column:
    key: str  # its ?sort= value
    label: str
    title: str  # the header's tooltip: what the column holds, and how its median and total are taken
    numeric: bool = True


def columns(thresholds: dict | None = None) -> list[Column]:
    """The table's columns, in the request's language; a column's header also names the rubric's
    threshold its values are marked against."""
    rate_rule = _("中位数：各乡镇比率的中位数，不含不适用的乡镇；合计：各乡镇分子之和除以分母之和（不是各乡镇比率的平均数）。")
    definitions = {
        "formation_rate": _("组建率 = 基层工会覆盖的单位 ÷ 应建会单位数。"),
        "membership_rate": _("入会率 = 年末在册会员 ÷ 已建会单位职工数。"),
        "collective_contract_rate": _("集体合同覆盖率 = 集体合同在有效期内的基层工会 ÷ 填报了年度数据的基层工会。"),
        "conclusion_rate": _("维权办结率 = 本年受理案件中已办结（含移交）的 ÷ 本年受理案件。"),
        "hardship_coverage_rate": _("困难职工帮扶覆盖率 = 本年得到帮扶的建档困难职工 ÷ 年末建档困难职工。"),
        "workers_home_rate": _("职工之家建家率 = 建有职工之家的基层工会 ÷ 填报了年度数据的基层工会。"),
    }
    labels = dict(COMPARED_RATES)
    labels["workers_home_rate"] = _("职工之家")
    return [
        Column("name", _("乡镇（街道）"), _("点击乡镇名称查看其工作台。"), numeric=False),
        Column("kind", _("类型"), _("乡、镇或街道。"), numeric=False),
        Column("unions", _("基层工会数"), _("本年度存续的基层工会。中位数：各乡镇的中位数；合计：全县之和。")),
        *[Column(key, str(labels[key]), f"{definitions[key]}{rate_rule}{_rule(thresholds, key)}") for key in RATE_KEYS],
        Column(FUNDING, _("经费"), _("本年工会经费（元）。中位数：已填报经费的乡镇的中位数；合计：全县之和。")
               + _rule(thresholds, FUNDING)),
        Column("status", _("申报"), _("本年度评选中的申报状态。"), numeric=False),
        Column("score", _("得分"), _("评审汇总得分（按评选的汇总方式）。管理员可见全部；评审提交自己的评分后可见该申报的得分。")),
    ]


def _rule(thresholds: dict | None, key: str) -> str:
    threshold = (thresholds or {}).get(key)
    return _("%(rule)s。") % {"rule": threshold.describe()} if threshold else ""


COLUMN_KEYS = {"name", "kind", "unions", *RATE_KEYS, FUNDING, "status", "score"}


@dataclass(frozen=True)
class Threshold:
    """The figure at which a rubric indicator earns its full points, read from its rule."""

    indicator: Indicator
    full_at: Decimal
    unit: str

    @classmethod
    def of(cls, indicator: Indicator) -> "Threshold | None":
        if indicator.rule == Indicator.Rule.MANUAL or not indicator.tiers:
            return None
        pairs = [(Decimal(str(threshold)), Decimal(str(points))) for threshold, points in indicator.tiers]
        best = max(points for _threshold, points in pairs)
        return cls(indicator, min(threshold for threshold, points in pairs if points == best), EVIDENCE[indicator.evidence].unit)

    def describe(self) -> str:
        return _("考核标准 %(code)s“%(text)s”：满分门槛 %(value)s%(unit)s") % {
            "code": self.indicator.code, "text": self.indicator.text, "value": format_points(self.full_at), "unit": self.unit}

    @functools.cached_property
    def _marks(self) -> tuple["ThresholdMark", "ThresholdMark"]:
        """(met, not met), worded once for the whole column; the rule in full is in its header."""
        rule = {"code": self.indicator.code, "value": format_points(self.full_at), "unit": self.unit}
        return (ThresholdMark(True, _("达标"), "check-circle", _("达标：达到 %(code)s 满分门槛 %(value)s%(unit)s") % rule),
                ThresholdMark(False, _("未达标"), "exclamation-triangle", _("未达标：低于 %(code)s 满分门槛 %(value)s%(unit)s") % rule))

    def mark(self, value: Decimal | int | None) -> "ThresholdMark | None":
        if value is None:
            return None
        return self._marks[0] if Decimal(value) >= self.full_at else self._marks[1]


@dataclass(frozen=True)
class ThresholdMark:
    met: bool
    word: str
    icon: str
    title: str


@dataclass(frozen=True)
class Cell:
    text: str
    sort_value: Decimal | int | str | None = None  # None: nothing to compare (sorted last either way)
    note: str = ""  # the numbers behind the value, as a tooltip
    standing: Standing | None = None
    standing_title: str = ""
    threshold: ThresholdMark | None = None


@dataclass
class TownshipRow:
    township: Township
    cells: dict[str, Cell]
    application: Application | None
    trend: dict[str, list[Decimal | None]]  # per rate, its percent in each of the trend's years

    @property
    def marked_cells(self) -> list[Cell]:
        """The rates and the funding: the cells marked against the median and the threshold."""
        return [self.cells[key] for key in (*RATE_KEYS, FUNDING)]


@dataclass
class Overview:
    county: County
    year: int
    year_choices: list[int]
    years: list[int]  # the trend's, the chosen year last
    round: Round | None
    rubric: Rubric | None
    thresholds: dict[str, Threshold]
    columns: list[Column]
    rows: list[TownshipRow]
    median: dict[str, Cell]
    total: dict[str, Cell]
    county_trend: dict[str, list[Decimal | None]]  # per rate, the county's total rate in each year
    trend_floor: dict[str, int]  # per rate, where the small multiples' common scale starts
    sort: str
    descending: bool
    computed_at: datetime.datetime  # when the figures were computed (they are cached for ten minutes)


def county_overview(county: County, user, *, year=None, sort: str = "", refresh: bool = False) -> Overview:
    """The desk as `user` sees it (scores by their permission) for `year` (the picker's rule),
    sorted by `sort` (a column key, "-" first for descending); `refresh` recomputes the cached figures."""
    townships = list(Township.objects.filter(county=county).order_by("name", "pk"))
    ids = [township.pk for township in townships]
    rounds = list(Round.objects.filter(county=county).select_related("rubric", "county").order_by("-year"))
    with_data = county_data_years(county, ids, refresh=refresh)
    choices = county_year_choices(with_data, rounds)
    year = chosen_county_year(year, choices, with_data, rounds)
    round_ = next((candidate for candidate in rounds if candidate.year == year), None)
    # the thresholds of the year's round, else of the county's latest round, else of the first rubric installed
    rubric = round_.rubric if round_ else rounds[0].rubric if rounds else Rubric.objects.order_by("pk").first()
    parts = RubricParts.load(rubric) if rubric else None
    results = {result.application.township_id: result for result in round_results(round_, parts)} if round_ else {}
    thresholds = _thresholds(parts)

    years = list(range(year - TREND_YEARS + 1, year + 1))
    figures, computed_at = county_figures(county.pk, years, township_ids=ids, refresh=refresh)
    this_year = [figures[(township.pk, year)] for township in townships]
    medians = {key: median_of(getattr(row, key).percent for row in this_year) for key in RATE_KEYS}
    counted = {key: sum(getattr(row, key).applicable for row in this_year) for key in RATE_KEYS}
    counted[FUNDING] = sum(row.funding_recorded for row in this_year)
    funding_median = median_of(row.funding_amount for row in this_year if row.funding_recorded)
    markers = {key: Marker(medians[key], counted[key], percent_text(medians[key]), thresholds.get(key)) for key in RATE_KEYS}
    markers[FUNDING] = Marker(funding_median, counted[FUNDING], format_yuan(funding_median), thresholds.get(FUNDING))
    not_applicable = _("分母为0，不适用")
    visible = {township_id: _score_visible(user, result) for township_id, result in results.items()}

    rows = []
    for township, row in zip(townships, this_year):
        result = results.get(township.pk)
        cells = {
            "name": Cell(township.name),
            "kind": Cell(township.get_kind_display(), township.get_kind_display()),
            "unions": Cell(str(row.unions_total), row.unions_total),
            **{key: _rate_cell(getattr(row, key), markers[key], not_applicable) for key in RATE_KEYS},
            FUNDING: _funding_cell(row, markers[FUNDING]),
            "status": _status_cell(round_, result),
            "score": _score_cell(result, visible.get(township.pk, False)),
        }
        rows.append(TownshipRow(township, cells, result.application if result else None,
                                {key: [getattr(figures[(township.pk, y)], key).percent for y in years] for key in RATE_KEYS}))

    sort_key, descending = _sort_key(sort)
    return Overview(
        county=county, year=year, year_choices=choices, years=years, round=round_, rubric=rubric,
        thresholds=thresholds, columns=columns(thresholds), rows=sort_rows(rows, sort_key, descending),
        median=_median_row(medians, counted, funding_median, this_year, rows),
        total=_total_row(this_year, rows, results),
        county_trend={key: [total_ratio(getattr(figures[(pk, y)], key) for pk in ids).percent for y in years]
                      for key in RATE_KEYS},
        trend_floor={key: _floor(value for row in rows for value in row.trend[key]) for key in RATE_KEYS},
        sort=sort_key, descending=descending, computed_at=computed_at,
    )


def county_data_years(county: County, township_ids: list[int], *, refresh: bool = False) -> list[int]:
    """The years with data in any township of the county, latest first; kept as long as the county's
    figures (finding them reads every dated record of the county)."""
    key = f"county-years:{county.pk}:{hashlib.sha256(repr(township_ids).encode()).hexdigest()[:16]}"  # a new township: a new key
    years = None if refresh else cache.get(key)
    if years is None:
        years = years_with_data(township_ids)
        cache.set(key, years, COUNTY_CACHE_SECONDS)
    return years


def county_year_choices(with_data: list[int], rounds: list[Round]) -> list[int]:
    """The year picker's years: every year with data and the one after (as for one township), and
    the years of the county's rounds up to this year."""
    this_year = timezone.localdate().year
    return sorted(set(picker_years(with_data)) | {r.year for r in rounds if r.year <= this_year}, reverse=True)


def chosen_county_year(raw, choices: list[int], with_data: list[int], rounds: list[Round]) -> int:
    """The year asked for when the picker offers it; else the latest round's (the 评选 under way);
    else the latest year with data; else this year."""
    try:
        year = int(raw)
    except (TypeError, ValueError):
        year = None
    if year in choices:
        return year
    offered = [r.year for r in rounds if r.year in choices]
    return offered[0] if offered else with_data[0] if with_data else timezone.localdate().year


def _thresholds(parts: RubricParts | None) -> dict[str, Threshold]:
    """Per compared column, the rubric's first indicator scored on that figure, when it has a rule."""
    found = {}
    for indicator in parts.indicators if parts else []:
        if indicator.evidence in (*RATE_KEYS, FUNDING) and indicator.evidence not in found:
            threshold = Threshold.of(indicator)
            if threshold is not None:
                found[indicator.evidence] = threshold
    return found


@dataclass(frozen=True)
class Marker:
    """A column's marks, worded once: where a value stands from the column's median, and whether it
    reaches the rubric's threshold."""

    median: Decimal | None
    counted: int  # townships where the column has a value
    median_text: str
    threshold: Threshold | None

    @functools.cached_property
    def titles(self) -> dict[str, str]:
        return {place.key: _("%(word)s（全县中位数 %(median)s）") % {"word": place.word, "median": self.median_text}
                for place in (ABOVE, BELOW, LEVEL)}

    def cell(self, text: str, value, note: str, evidence) -> Cell:
        place = standing(value, self.median, self.counted)
        return Cell(text, value, note=note, standing=place, standing_title=self.titles[place.key] if place else "",
                    threshold=self.threshold.mark(evidence) if self.threshold else None)


def _rate_cell(ratio: Ratio, marker: Marker, not_applicable: str) -> Cell:
    note = f"{ratio.numerator} / {ratio.denominator}" if ratio.applicable else not_applicable
    return marker.cell(str(ratio), ratio.percent, note, ratio.percent)


def _funding_cell(row: ComparedFigures, marker: Marker) -> Cell:
    if not row.funding_recorded:
        return Cell(_("未填报"), None)
    # the threshold reads the rubric's 经费 evidence: funded, and audited by the 经审会
    # (reviews/evidence.py reads the same two attributes of the figures)
    return marker.cell(format_yuan(row.funding_amount), row.funding_amount,
                       _("经审会已审查") if row.funding_audited else _("未全部经审会审查"), EVIDENCE[FUNDING].read(row))


# Applications in the order of their way through a round, for sorting by status.
STATUS_ORDER = [Application.Status.DRAFT, Application.Status.SUBMITTED, Application.Status.RETURNED,
                Application.Status.REJECTED, Application.Status.NAMED]


def _status_cell(round_: Round | None, result: ApplicationResult | None) -> Cell:
    if round_ is None:
        return Cell("—", None, note=_("本年度没有评选。"))
    if result is None:
        return Cell(_("未申报"), -1)
    application = result.application
    text = application.get_status_display()
    if application.status == Application.Status.SUBMITTED and round_.status == Round.Status.REVIEWING:
        text = _("评审中")
    if application.status == Application.Status.NAMED and application.grade:
        text = f"{text} · {application.grade}"
    return Cell(text, STATUS_ORDER.index(application.status))


def _score_visible(user, result: ApplicationResult) -> bool:
    """Admins see every application's combined score; a reviewer only where they have submitted
    their own scores (the independence rule of the review page)."""
    return user.has_perm("reviews.view_results", result.application) or any(
        item.review.reviewer_id == user.pk for item in result.results)


def _score_cell(result: ApplicationResult | None, visible: bool) -> Cell:
    if result is None:
        return Cell("—", None)
    if not visible:
        return Cell("—", None, note=_("提交您对这份申报的评分后可见。"))
    aggregate = result.aggregate
    if aggregate.total is None:
        return Cell("—", None, note=_("还没有提交的评分。"))
    if aggregate.vetoed:
        return Cell(_("一票否决"), None, note=format_points(aggregate.total))
    text = format_points(aggregate.total) + (f" · {aggregate.grade}" if aggregate.grade else "")
    return Cell(text, aggregate.total, note=_("%(reviews)s 位评审的汇总分") % {"reviews": aggregate.reviews})


def _median_row(medians: dict, counted: dict, funding_median, this_year: list[ComparedFigures],
                rows: list[TownshipRow]) -> dict[str, Cell]:
    unions = median_of(row.unions_total for row in this_year)
    scores = median_of(row.cells["score"].sort_value for row in rows)
    # each with its value too, which the .xlsx writes as a number
    return {
        "unions": Cell(format_points(unions) if unions is not None else "—", unions),
        **{key: Cell(percent_text(medians[key]) if medians[key] is not None else "—", medians[key],
                     note=_("%(n)s 个乡镇可比") % {"n": counted[key]}) for key in RATE_KEYS},
        FUNDING: Cell(format_yuan(funding_median) if funding_median is not None else "—", funding_median),
        "score": Cell(format_points(scores) if scores is not None else "—", scores),
    }


def _total_row(this_year: list[ComparedFigures], rows: list[TownshipRow], results: dict) -> dict[str, Cell]:
    unions = sum(row.unions_total for row in this_year)
    cells = {"unions": Cell(str(unions), unions)}
    for key in RATE_KEYS:
        ratio = total_ratio(getattr(row, key) for row in this_year)
        cells[key] = Cell(str(ratio), ratio.percent, note=f"{ratio.numerator} / {ratio.denominator}" if ratio.applicable else "")
    funded = [row.funding_amount for row in this_year if row.funding_recorded]
    funding = sum(funded, Decimal("0")) if funded else None
    cells[FUNDING] = Cell(format_yuan(funding) if funding is not None else "—", funding)
    cells["status"] = Cell(_("申报 %(n)s / %(all)s") % {"n": len(results), "all": len(rows)})
    return cells


def _sort_key(raw: str) -> tuple[str, bool]:
    descending = raw.startswith("-")
    key = raw.removeprefix("-")
    if key not in COLUMN_KEYS:
        return "name", False
    return key, descending


def sort_rows(rows: list[TownshipRow], key: str, descending: bool) -> list[TownshipRow]:
    """By a column's value, ties and the name column in the database's order of names; rows
    without a value for the column (not applicable, not scored) last either way."""
    if key == "name":
        return list(reversed(rows)) if descending else list(rows)
    present = [row for row in rows if row.cells[key].sort_value is not None]
    missing = [row for row in rows if row.cells[key].sort_value is None]
    return sorted(present, key=lambda row: row.cells[key].sort_value, reverse=descending) + missing


def _floor(values) -> int:
    """The small multiples' scale starts at the lowest tenth below every value shown (0 at least)."""
    known = [float(value) for value in values if value is not None]
    return max(0, int(min(known, default=0) // 10) * 10)
