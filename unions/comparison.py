"""A township's figures against its county's: the median and the total of the townships, and where
a value stands from the median.

The county overview marks every township so and a township's dashboard its own, with the same
words; the dashboard names no other township. Rates are compared as they are quoted (percent to
one decimal), so a mark never contradicts the numbers beside it.
"""
import datetime
import functools
import statistics
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.digests import source_digest

from .figures import Ratio
from .models import Township
from .selectors import ComparedFigures, TownshipFigures, compared_figures, figures_version

# The rates a county compares its townships on, in the order pages show them.
COMPARED_RATES: tuple[tuple[str, str], ...] = (
    ("formation_rate", _("组建率")),
    ("membership_rate", _("入会率")),
    ("collective_contract_rate", _("集体合同覆盖率")),
    ("conclusion_rate", _("维权办结率")),
    ("hardship_coverage_rate", _("困难职工帮扶覆盖率")),
    ("workers_home_rate", _("职工之家建家率")),
)
TENTH = Decimal("0.1")
# A county's figures are read from the cache for up to this long: computing them reads every member
# of the county (600 000 in a county of 30 large townships, about half a second), too much for each
# look at the county overview or at a dashboard's comparison. Pages say when they were computed.
COUNTY_CACHE_SECONDS = 600


def median_of(values) -> Decimal | None:
    """The median of the values that are there (None left out), to one decimal; None without any."""
    known = [Decimal(value) for value in values if value is not None]
    if not known:
        return None
    return Decimal(statistics.median(known)).quantize(TENTH, rounding=ROUND_HALF_UP)


def total_ratio(ratios) -> Ratio:
    """The county's rate: the summed numerators over the summed denominators of the townships
    where the rate applies (a township without a denominator adds nothing) — not a mean of rates."""
    applicable = [ratio for ratio in ratios if ratio.applicable]
    return Ratio(sum(ratio.numerator for ratio in applicable), sum(ratio.denominator for ratio in applicable))


def percent_text(percent: Decimal | None) -> str:
    """A percentage as `format_percent` writes a rate: 86.8%, 100% rather than 100.0%."""
    if percent is None:
        return str(_("不适用"))
    return f"{percent.to_integral_value() if percent == percent.to_integral_value() else percent}%"


@dataclass(frozen=True)
class Standing:
    """Where a value stands from the median: its key (above / below / level), a word (and a short
    one for a table cell) and an icon, so that the mark does not rest on colour."""

    key: str
    word: str
    short: str
    icon: str


ABOVE = Standing("above", _("高于中位数"), _("高于"), "arrow-up")
BELOW = Standing("below", _("低于中位数"), _("低于"), "arrow-down")
LEVEL = Standing("level", _("等于中位数"), _("持平"), "dash")


def standing(value: Decimal | None, median: Decimal | None, counted: int) -> Standing | None:
    """None when either is missing (a rate that does not apply, a county without any), and when
    fewer than two townships are compared (a median of one is the township itself)."""
    if value is None or median is None or counted < 2:
        return None
    return ABOVE if value > median else BELOW if value < median else LEVEL


def rate_medians(figures: list[ComparedFigures]) -> dict[str, Decimal | None]:
    """Per compared rate, the median percent over the townships where it applies."""
    return {key: median_of(getattr(row, key).percent for row in figures) for key, _label in COMPARED_RATES}


@dataclass(frozen=True)
class CountyMedians:
    townships: int  # townships of the county
    medians: dict[str, Decimal | None]
    counted: dict[str, int]  # per rate, townships where it applies
    computed_at: datetime.datetime


def county_medians(county_id: int, year: int) -> CountyMedians:
    """The medians of a county's townships in `year` (the county's figures from the cache)."""
    figures, computed_at = county_figures(county_id, [year])
    rows = list(figures.values())
    return CountyMedians(len(rows), rate_medians(rows),
                         {key: sum(getattr(row, key).applicable for row in rows) for key, _label in COMPARED_RATES}, computed_at)


@dataclass(frozen=True)
class _CachedYear:
    computed_at: datetime.datetime
    figures: dict[int, ComparedFigures]  # township id → its figures


def county_figures(county_id: int, years: list[int], *, township_ids: list[int] | None = None,
                   refresh: bool = False) -> tuple[dict[tuple[int, int], ComparedFigures], datetime.datetime]:
    """`compared_figures` of a county's townships, one cache entry per county and year, kept for
    COUNTY_CACHE_SECONDS; and when the oldest of them was computed. The years missing from the cache
    (or all with `refresh`, or those lacking one of `township_ids`, a township added since) are
    computed together. One query when all are cached."""
    keys = {year: f"county-figures:{_code_version()}:{county_id}:{year}" for year in years}
    found = {} if refresh else cache.get_many(list(keys.values()))
    result, oldest, missing = {}, None, []
    for year, key in keys.items():
        entry = found.get(key)
        if entry is None or (township_ids is not None and not set(township_ids) <= set(entry.figures)):
            missing.append(year)
            continue
        result.update({(township_id, year): figures for township_id, figures in entry.figures.items()
                       if township_ids is None or township_id in township_ids})
        oldest = min(oldest or entry.computed_at, entry.computed_at)
    if missing:
        ids = township_ids if township_ids is not None else list(
            Township.objects.filter(county_id=county_id).values_list("pk", flat=True))
        fresh, now = compared_figures(ids, missing), timezone.now()
        cache.set_many({keys[year]: _CachedYear(now, {township_id: fresh[(township_id, year)] for township_id in ids})
                        for year in missing}, COUNTY_CACHE_SECONDS)
        result.update(fresh)
        oldest = min(oldest or now, now)
    return result, oldest or timezone.now()


@functools.cache
def _code_version() -> str:
    """The code behind a cached county's figures: the figures' and this module's."""
    return figures_version() + source_digest([Path(__file__)])


@dataclass(frozen=True)
class ComparisonLine:
    key: str
    label: str
    ratio: Ratio
    median: Decimal | None
    counted: int
    standing: Standing | None

    @property
    def median_text(self) -> str:
        return percent_text(self.median)


def against_county(figures: dict[str, Ratio], medians: CountyMedians) -> list[ComparisonLine]:
    """The dashboard's lines: the township's own rate, the county's median and where it stands."""
    return [ComparisonLine(key, label, figures[key], medians.medians[key], medians.counted[key],
                           standing(figures[key].percent, medians.medians[key], medians.counted[key]))
            for key, label in COMPARED_RATES]


def own_rates(figures: TownshipFigures) -> dict[str, Ratio]:
    """The compared rates out of a township's full figures (its dashboard's)."""
    org = figures.organisation
    return {
        "formation_rate": org.formation_rate, "membership_rate": org.membership_rate,
        "collective_contract_rate": org.collective_contract_rate, "conclusion_rate": figures.rights.conclusion_rate,
        "hardship_coverage_rate": figures.assistance.hardship_coverage_rate, "workers_home_rate": org.workers_home_rate,
    }
