"""Read side of the review: a reviewer's queue, an application's scores and the round's ranking."""
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch
from django.utils.translation import gettext as _

from .models import Application, Assignment, BonusScore, Review, Round, Score, Submission, VetoFlag
from .scoring import Aggregate, ReviewTotals, RubricParts, aggregate, combine, review_totals


@dataclass
class QueueEntry:
    assignment: Assignment
    scored: int
    indicators: int
    submitted: bool


def latest_submission_ids(**filters) -> dict[int, int]:
    """application id → id of its latest submitted version, in one query."""
    latest = {}
    for application_id, submission_id in (Submission.objects.filter(**filters).order_by("application_id", "version")
                                          .values_list("application_id", "pk")):
        latest[application_id] = submission_id
    return latest


def reviewer_queue(user) -> list[QueueEntry]:
    """Applications assigned to the reviewer in rounds that are not over, with how far they got
    on the latest submitted version."""
    assignments = list(
        Assignment.objects.filter(reviewer=user).exclude(application__round__status=Round.Status.DECIDED)
        .select_related("application__township", "application__round")
        .order_by("application__round__deadline", "application__township__name")
    )
    reviews = {
        review.submission.application_id: review
        for review in Review.objects.filter(reviewer=user, submission__application__in=[a.application for a in assignments])
        .select_related("submission").annotate(scored=Count("scores")).order_by("submission__version")
    }
    latest = latest_submission_ids(application__in=[assignment.application_id for assignment in assignments])
    indicator_counts = dict(
        Round.objects.filter(pk__in={a.application.round_id for a in assignments})
        .annotate(n=Count("rubric__dimensions__indicators")).values_list("pk", "n")
    )
    entries = []
    for assignment in assignments:
        application = assignment.application
        review = reviews.get(application.pk)
        latest_version = review is not None and review.submission_id == latest.get(application.pk)
        entries.append(QueueEntry(
            assignment=assignment, scored=review.scored if latest_version else 0,
            indicators=indicator_counts[application.round_id],
            submitted=bool(latest_version and review.is_submitted),
        ))
    return entries


@dataclass
class ReviewerResult:
    review: Review
    totals: ReviewTotals


@dataclass
class ApplicationResult:
    application: Application
    assigned: int
    results: list[ReviewerResult]
    aggregate: Aggregate


def _submitted_reviews(submission_ids):
    return (Review.objects.filter(submission_id__in=submission_ids, submitted_at__isnull=False)
            .select_related("reviewer")
            # scores by indicator id only: building each score's Indicator (with its JSON tiers) doubled the time
            .prefetch_related(Prefetch("scores", queryset=Score.objects.all()),
                              Prefetch("bonus_scores", queryset=BonusScore.objects.select_related("item")),
                              Prefetch("veto_flags", queryset=VetoFlag.objects.select_related("item")))
            .order_by("submitted_at"))


def _totals(parts: RubricParts, review: Review) -> ReviewTotals:
    return review_totals(
        parts, {score.indicator_id: score.value for score in review.scores.all()},
        {bonus.item_id: bonus.value for bonus in review.bonus_scores.all()}, len(review.veto_flags.all()),
    )


def round_results(round_: Round, parts: RubricParts | None = None) -> list[ApplicationResult]:
    """Every application of the round with its submitted reviews (of the latest version) combined
    by the round's method; ranked by total, vetoed and unscored ones last."""
    parts = parts or RubricParts.load(round_.rubric)
    applications = list(round_.applications.select_related("township").annotate(assigned=Count("assignments", distinct=True)))
    latest = latest_submission_ids(application__round=round_)
    by_submission: dict[int, list[Review]] = {}
    for review in _submitted_reviews(latest.values()):
        by_submission.setdefault(review.submission_id, []).append(review)
    results = []
    for application in applications:
        reviews = by_submission.get(latest.get(application.pk), [])
        reviewer_results = [ReviewerResult(review, _totals(parts, review)) for review in reviews]
        results.append(ApplicationResult(
            application=application, assigned=application.assigned, results=reviewer_results,
            aggregate=aggregate(parts, [result.totals for result in reviewer_results], method=round_.aggregate,
                                spread_threshold=round_.spread_threshold),
        ))
    results.sort(key=lambda result: (result.aggregate.vetoed, result.aggregate.total is None,
                                     -(result.aggregate.total or Decimal("0")), result.application.township.name))
    return results


def application_result(application: Application, parts: RubricParts | None = None) -> ApplicationResult:
    return next(result for result in round_results(application.round, parts) if result.application.pk == application.pk)


def reviewers_missing(result: ApplicationResult) -> list:
    """The assigned reviewers who have not submitted a review of the latest version, in the order
    they were assigned."""
    done = {item.review.reviewer_id for item in result.results}
    return [assignment.reviewer for assignment in
            result.application.assignments.select_related("reviewer").order_by("created_at", "pk")
            if assignment.reviewer_id not in done]


@dataclass
class SheetLine:
    code: str
    text: str
    points: Decimal
    suggested: Decimal | None
    values: list[Decimal | None]
    combined: Decimal | None


@dataclass
class SheetSection:
    name: str
    points: Decimal
    lines: list[SheetLine]
    totals: list[Decimal]
    combined: Decimal | None


def score_sheet(parts: RubricParts, result: ApplicationResult, suggestions: dict[int, Decimal | None], method: str):
    """The 考核评分表 as rows: per indicator the suggestion, each reviewer's score and the combined one."""
    reviews = [item.review for item in result.results]
    scores = [{score.indicator_id: score.value for score in review.scores.all()} for review in reviews]
    sections = []
    for dimension in parts.dimensions:
        lines = []
        for indicator in (indicator for indicator in parts.indicators if indicator.dimension_id == dimension.pk):
            values = [by_indicator.get(indicator.pk) for by_indicator in scores]
            lines.append(SheetLine(indicator.code, indicator.text, indicator.points, suggestions.get(indicator.pk), values,
                                   combine([value for value in values if value is not None], method)))
        sections.append(SheetSection(dimension.name, dimension.points, lines,
                                     [item.totals.by_dimension[dimension.pk] for item in result.results],
                                     result.aggregate.by_dimension[dimension.pk]))
    bonus = SheetSection(_("加分"), Decimal("0"), [
        SheetLine(item.code, item.text, item.cap, None,
                  [next((b.value for b in review.bonus_scores.all() if b.item_id == item.pk), None) for review in reviews], None)
        for item in parts.bonus_items
    ], [item.totals.bonus for item in result.results], combine([item.totals.bonus for item in result.results], method))
    return sections, bonus
