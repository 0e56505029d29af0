"""Scoring maths: the rubric applied to figures (suggestions, self-assessment), a reviewer's
totals, and the county's aggregate per application. Plain functions over plain values.
"""
import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .models import BonusItem, Dimension, Grade, Indicator, Rubric
from .validators import to_grid

TENTH = Decimal("0.1")
ZERO = Decimal("0")


def format_points(value) -> str:
    """6.0 → "6", 4.5 → "4.5", None → "—": points as a score sheet writes them."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(str(value)).normalize():f}"


def plain_points(value: Decimal | None) -> Decimal | None:
    """6.0 → 6 and 4.50 → 4.5 as a number, for form fields and their limits (which print it)."""
    return None if value is None else Decimal(format_points(value))


def _decimal(value) -> Decimal:
    return Decimal(str(value))


def suggested_points(indicator: Indicator, values: dict[str, str | None]) -> Decimal | None:
    """The score the figures suggest; None when a reviewer has to judge (manual indicator, or a
    figure that does not apply and no points set for that case)."""
    if indicator.rule == Indicator.Rule.MANUAL:
        return None
    raw = values.get(indicator.evidence)
    if raw is None:
        return indicator.not_applicable_points
    value = _decimal(raw)
    pairs = sorted((_decimal(threshold), _decimal(points)) for threshold, points in indicator.tiers)
    if indicator.rule == Indicator.Rule.TIERS:
        return max((points for threshold, points in pairs if value >= threshold), default=ZERO)
    (low, low_points), (high, high_points) = pairs
    if value <= low:
        return low_points
    if value >= high:
        return high_points
    share = (value - low) / (high - low)
    return to_grid(low_points + share * (high_points - low_points))  # a score a reviewer can give


def suggested_bonus(item: BonusItem, values: dict[str, str | None]) -> Decimal | None:
    if not item.evidence or values.get(item.evidence) is None:
        return None
    return min(_decimal(values[item.evidence]) * item.points_each, item.cap)


def grade_for(grades: list[Grade], total: Decimal | None, *, vetoed: bool = False) -> str:
    """The highest grade whose minimum the total reaches; none when vetoed or below every grade."""
    if vetoed or total is None:
        return ""
    reached = [grade for grade in grades if total >= grade.min_score]
    return max(reached, key=lambda grade: grade.min_score).name if reached else ""


@dataclass
class RubricParts:
    """A rubric read once: dimensions with their indicators, bonus and veto items, grades."""

    rubric: Rubric
    dimensions: list[Dimension]
    indicators: list[Indicator]
    bonus_items: list[BonusItem]
    veto_items: list
    grades: list[Grade]

    @classmethod
    def load(cls, rubric: Rubric) -> "RubricParts":
        dimensions = list(rubric.dimensions.prefetch_related("indicators"))
        return cls(
            rubric=rubric, dimensions=dimensions,
            indicators=[indicator for dimension in dimensions for indicator in dimension.indicators.all()],
            bonus_items=list(rubric.bonus_items.all()), veto_items=list(rubric.veto_items.all()),
            grades=list(rubric.grades.all()),
        )


@dataclass
class AssessedLine:
    indicator: Indicator
    evidence_value: str | None
    suggested: Decimal | None


@dataclass
class Assessment:
    """The rubric applied to a township's figures: what staff see as their self-assessed score and
    reviewers as the suggestion. Indicators a reviewer has to judge are left out of the total."""

    lines: list[AssessedLine]
    by_dimension: dict[int, Decimal]
    bonus: Decimal
    total: Decimal
    judged_points: Decimal  # points of the indicators left to the reviewers
    grade: str

    def for_dimension(self, dimension: Dimension) -> list[AssessedLine]:
        return [line for line in self.lines if line.indicator.dimension_id == dimension.pk]


def assess(parts: RubricParts, values: dict[str, str | None]) -> Assessment:
    lines = [AssessedLine(indicator, values.get(indicator.evidence) if indicator.evidence else None,
                          suggested_points(indicator, values)) for indicator in parts.indicators]
    by_dimension = {dimension.pk: ZERO for dimension in parts.dimensions}
    for line in lines:
        by_dimension[line.indicator.dimension_id] += line.suggested or ZERO
    bonus = sum((suggested_bonus(item, values) or ZERO for item in parts.bonus_items), ZERO)
    total = sum(by_dimension.values(), ZERO) + bonus
    judged = sum((line.indicator.points for line in lines if line.suggested is None), ZERO)
    return Assessment(lines, by_dimension, bonus, total, judged, grade_for(parts.grades, total))


@dataclass
class ReviewTotals:
    total: Decimal
    by_dimension: dict[int, Decimal]
    bonus: Decimal
    vetoed: bool


def review_totals(parts: RubricParts, scores: dict[int, Decimal], bonus: dict[int, Decimal], vetoes: int) -> ReviewTotals:
    """A reviewer's sums: each score within its indicator's points, each bonus within its cap."""
    dimension_of = {indicator.pk: indicator.dimension_id for indicator in parts.indicators}
    points_of = {indicator.pk: indicator.points for indicator in parts.indicators}
    by_dimension = {dimension.pk: ZERO for dimension in parts.dimensions}
    for indicator_id, value in scores.items():
        by_dimension[dimension_of[indicator_id]] += min(value, points_of[indicator_id])
    caps = {item.pk: item.cap for item in parts.bonus_items}
    bonus_total = sum((min(value, caps[item_id]) for item_id, value in bonus.items()), ZERO)
    return ReviewTotals(sum(by_dimension.values(), ZERO) + bonus_total, by_dimension, bonus_total, vetoes > 0)


def combine(values: list[Decimal], method: str) -> Decimal | None:
    """Mean or median of reviewers' figures, to one decimal; None without any review."""
    if not values:
        return None
    result = statistics.median(values) if method == "median" else sum(values, ZERO) / len(values)
    return _decimal(result).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass
class Aggregate:
    total: Decimal | None
    by_dimension: dict[int, Decimal | None]
    spread: Decimal | None
    disagreement: bool
    vetoed: bool
    grade: str
    reviews: int
    totals: list[Decimal] = field(default_factory=list)


def aggregate(parts: RubricParts, reviews: list[ReviewTotals], *, method: str, spread_threshold: Decimal) -> Aggregate:
    totals = [review.total for review in reviews]
    spread = max(totals) - min(totals) if totals else None
    total = combine(totals, method)
    vetoed = any(review.vetoed for review in reviews)
    return Aggregate(
        total=total,
        by_dimension={dimension.pk: combine([review.by_dimension[dimension.pk] for review in reviews], method)
                      for dimension in parts.dimensions},
        spread=spread, disagreement=spread is not None and spread > spread_threshold, vetoed=vetoed,
        grade=grade_for(parts.grades, total, vetoed=vetoed), reviews=len(reviews), totals=totals,
    )
