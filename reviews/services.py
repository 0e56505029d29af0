"""What may happen in a round, and the writes that make it happen. Each function checks the state
it needs and raises ProcessError with a message for the user; views only call these.
"""
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reports.builder import build_report
from reports.preflight import preflight
from unions.models import UserRole

from .evidence import read_evidence
from .models import Application, Assignment, BonusScore, Review, Round, Rubric, Score, Submission, VetoFlag
from .scoring import RubricParts, format_points, suggested_bonus, suggested_points
from .validators import on_grid


class ProcessError(Exception):
    """A step the round's state or the rules do not allow; the message is shown to the user."""


ROUND_STEPS = {Round.Status.OPEN: Round.Status.REVIEWING, Round.Status.REVIEWING: Round.Status.DECIDED}


def advance_round(round_: Round, to_status: str) -> None:
    if round_.status == to_status:
        return  # the same button clicked twice: the round is where it was asked to go
    if ROUND_STEPS.get(round_.status) != to_status:
        raise ProcessError(_("评选不能从“%(from)s”改为“%(to)s”。") % {
            "from": round_.get_status_display(), "to": Round.Status(to_status).label})
    if to_status == Round.Status.DECIDED:
        pending = round_.applications.filter(status=Application.Status.SUBMITTED).count()
        if pending:
            raise ProcessError(_("还有 %(n)s 份已提交的申报未作决定，不能结束评选。") % {"n": pending})
    round_.status = to_status
    round_.save(update_fields=["status"])


def create_application(round_: Round, township) -> Application:
    if round_.county_id != township.county_id:
        raise ProcessError(_("只能参加本县的评选。"))
    if round_.status != Round.Status.OPEN or timezone.localdate() > round_.deadline:
        raise ProcessError(_("该评选已截止申报。"))
    application, _created = Application.objects.get_or_create(round=round_, township=township)
    return application


def submit_application(application: Application, user) -> Submission:
    """Freeze every figure, the narrative and the rendered report as a new version, and submit."""
    round_ = application.round
    if not application.editable:
        return _repeated_submission(application, user)
    if round_.status == Round.Status.DECIDED:
        raise ProcessError(_("评选已结束。"))
    if application.status == Application.Status.DRAFT and (
            round_.status != Round.Status.OPEN or timezone.localdate() > round_.deadline):
        raise ProcessError(_("该评选已截止申报。"))
    with translation.override(settings.LANGUAGE_CODE):  # the frozen material is Chinese in any UI language
        report = build_report(application.township, round_.year)
        findings = preflight(report)
        if findings:
            raise ProcessError(_("导出前检查还有 %(n)s 个问题，解决后才能提交。") % {"n": len(findings)})
        document = render_to_string("reports/document.html", {"report": report, "edit_links": False, "ledgers_inline": True})
        narrative = "\n".join(paragraph for section in report.sections for paragraph in section.paragraphs)
        evidence = read_evidence(report.figures)
        tokens = report.tokens
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if not locked.editable:
            return _repeated_submission(locked, user)
        # the first submission locks the round's rubric (reviews/rubrics.py): an edit of it in
        # progress holds this row and is saved before, never after, the submission
        list(Rubric.objects.select_for_update().filter(pk=round_.rubric_id).values_list("pk"))
        version = (locked.submissions.order_by("-version").values_list("version", flat=True).first() or 0) + 1
        submission = Submission.objects.create(
            application=locked, version=version, submitted_by=user, evidence=evidence, tokens=tokens,
            narrative=narrative, document_html=document,
        )
        locked.status = Application.Status.SUBMITTED
        locked.grade, locked.decision_reasons, locked.decided_by, locked.decided_at = "", "", None, None
        locked.save()
    application.refresh_from_db()
    return submission


# A second 提交 by the same person this soon after the first is the same click (a double click, a
# reload of the posted page): it is answered with the version the first one made.
REPEAT_WINDOW = datetime.timedelta(minutes=5)


def _repeated_submission(application: Application, user) -> Submission:
    latest = application.submissions.order_by("-version").first()
    if latest is None or latest.submitted_by_id != user.pk or timezone.now() - latest.submitted_at > REPEAT_WINDOW:
        raise ProcessError(_("申报已提交，不能重复提交。"))
    return latest


def county_reviewers(county_id: int) -> list[UserRole]:
    return list(UserRole.objects.filter(role=UserRole.Role.COUNTY_REVIEWER, county_id=county_id)
                .select_related("user").order_by("user__username"))


def may_review(role: UserRole, application: Application) -> bool:
    """Reviewers of the round's county, except anyone tied to the applicant's own township."""
    return (role.role == UserRole.Role.COUNTY_REVIEWER and role.county_id == application.round.county_id
            and role.home_township_id != application.township_id)


def assign_reviewer(application: Application, reviewer) -> Assignment:
    if application.round.status == Round.Status.DECIDED:
        raise ProcessError(_("评选已结束。"))
    role = UserRole.objects.filter(user=reviewer).first()
    if role is None or not may_review(role, application):
        raise ProcessError(_("%(name)s 不能评审这份申报（不是本县评审，或与申报乡镇有关联须回避）。") % {
            "name": reviewer.get_full_name() or reviewer.username})
    assignment, _created = Assignment.objects.get_or_create(application=application, reviewer=reviewer)
    return assignment


def unassign_reviewer(application: Application, reviewer) -> None:
    latest = application.submissions.first()
    if latest and Review.objects.filter(submission=latest, reviewer=reviewer, submitted_at__isnull=False).exists():
        raise ProcessError(_("该评审已提交评分，不能取消分配。"))
    Assignment.objects.filter(application=application, reviewer=reviewer).delete()


@dataclass
class ScoreInput:
    value: Decimal | None
    comment: str = ""


def review_for(application: Application, reviewer) -> Review:
    """The reviewer's review of the latest submitted version (created on first use)."""
    submission = application.submissions.first()
    if submission is None:
        raise ProcessError(_("该申报尚未提交。"))
    try:
        review, _created = Review.objects.get_or_create(submission=submission, reviewer=reviewer)
    except IntegrityError:  # the same reviewer in two tabs, both creating it
        review = Review.objects.get(submission=submission, reviewer=reviewer)
    return review


def save_review(application: Application, reviewer, *, scores: dict[int, ScoreInput], bonus: dict[int, ScoreInput],
                vetoes: dict[int, str], overall_comment: str = "", submit: bool = False) -> Review:
    """Store a reviewer's scores line by line (each indicator its own row, so concurrent saves of
    different reviewers never touch the same rows); on submit, check completeness and freeze."""
    if not Assignment.objects.filter(application=application, reviewer=reviewer).exists():
        raise ProcessError(_("这份申报没有分配给您。"))
    if application.round.status != Round.Status.REVIEWING or application.status != Application.Status.SUBMITTED:
        raise ProcessError(_("现在不能评分：评选不在评审阶段，或申报不在待评审状态。"))
    parts = RubricParts.load(application.round.rubric)
    review = review_for(application, reviewer)
    errors = _score_errors(parts, review.submission.evidence, scores, bonus, vetoes, complete=submit)
    if errors:
        raise ProcessError(*errors)
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review.pk)
        if review.is_submitted:
            if submit and _holds(review, scores, bonus, vetoes, overall_comment):
                return review  # 提交评分 clicked twice: the first click submitted exactly this
            raise ProcessError(_("评分已提交，不能再修改。"))
        _save_lines(Score.objects, review, "indicator_id", scores)
        _save_lines(BonusScore.objects, review, "item_id", bonus)
        for flag in VetoFlag.objects.filter(review=review).exclude(item_id__in=vetoes):
            flag.delete()  # one by one, so the history records each withdrawn flag
        for item_id, reason in vetoes.items():
            VetoFlag.objects.update_or_create(review=review, item_id=item_id, defaults={"reason": reason})
        review.overall_comment = overall_comment
        if submit:
            review.submitted_at = timezone.now()
        review.save()
    return review


def _score_errors(parts: RubricParts, evidence: dict, scores: dict[int, ScoreInput], bonus: dict[int, ScoreInput],
                  vetoes: dict[int, str], *, complete: bool) -> list[str]:
    errors, unscored = [], []
    for indicator in parts.indicators:
        entry = scores.get(indicator.pk)
        if complete and (entry is None or entry.value is None):
            unscored.append(indicator.code)
        errors += _line_errors(indicator.code, entry, indicator.points, suggested_points(indicator, evidence), complete,
                               _("%(code)s 的得分须在 0 到 %(limit)s 之间"), _("%(code)s 的得分与建议分 %(suggested)s 不同，请说明理由"))
    for item in parts.bonus_items:
        errors += _line_errors(item.code, bonus.get(item.pk), item.cap, suggested_bonus(item, evidence), complete,
                               _("%(code)s 的加分须在 0 到 %(limit)s 之间"), _("%(code)s 的加分与建议分 %(suggested)s 不同，请说明理由"))
    veto_codes = {item.pk: item.code for item in parts.veto_items}
    for item_id, reason in vetoes.items():
        if item_id not in veto_codes:
            errors.append(_("未知的否决事项"))
        elif not reason.strip():
            errors.append(_("%(code)s 一票否决须写明理由") % {"code": veto_codes[item_id]})
    if unscored:
        errors.insert(0, _("还有 %(count)s 项尚未评分：%(codes)s") % {"count": len(unscored), "codes": "、".join(unscored)})
    return errors


def _holds(review: Review, scores: dict[int, ScoreInput], bonus: dict[int, ScoreInput], vetoes: dict[int, str],
           overall_comment: str) -> bool:
    """Whether the review already stores exactly these entries."""
    def stored(manager, key):
        return {getattr(line, key): ScoreInput(line.value, line.comment) for line in manager.filter(review=review)}

    def posted(entries):
        return {line_id: entry for line_id, entry in entries.items() if entry.value is not None}

    return (stored(Score.objects, "indicator_id") == posted(scores) and stored(BonusScore.objects, "item_id") == posted(bonus)
            and dict(VetoFlag.objects.filter(review=review).values_list("item_id", "reason")) == vetoes
            and review.overall_comment == overall_comment)


def _save_lines(manager, review: Review, key: str, entries: dict[int, ScoreInput]) -> None:
    """One row per scored line; an emptied line is removed (one by one, so the history keeps it)."""
    for line_id, entry in entries.items():
        if entry.value is None:
            for line in manager.filter(review=review, **{key: line_id}):
                line.delete()
        else:
            manager.update_or_create(review=review, **{key: line_id}, defaults={"value": entry.value, "comment": entry.comment})


def _line_errors(code: str, entry: ScoreInput | None, limit: Decimal, suggestion: Decimal | None, complete: bool,
                 out_of_range: str, unexplained: str) -> list[str]:
    if entry is None or entry.value is None:
        return []
    errors = []
    if not Decimal("0") <= entry.value <= limit:
        errors.append(out_of_range % {"code": code, "limit": format_points(limit)})
    elif not on_grid(entry.value):
        errors.append(_("%(code)s 须以0.5分为单位，如 4 或 4.5") % {"code": code})
    if complete and suggestion is not None and entry.value != suggestion and not entry.comment.strip():
        errors.append(unexplained % {"code": code, "suggested": format_points(suggestion)})
    return errors


def submitted_review_count(application: Application) -> int:
    """Reviews submitted on the application's latest version: the ones its result is made of."""
    latest = application.submissions.order_by("-version").values("pk")[:1]
    return Review.objects.filter(submission__in=latest, submitted_at__isnull=False).count()


DECISIONS = (Application.Status.NAMED, Application.Status.RETURNED, Application.Status.REJECTED)


def decide(application: Application, admin, *, decision: str, grade: str = "", reasons: str = "") -> None:
    if decision not in DECISIONS:
        raise ProcessError(_("未知的决定。"))
    if decision == Application.Status.NAMED:
        grades = set(application.round.rubric.grades.values_list("name", flat=True))
        if grade not in grades:
            raise ProcessError(_("命名须选择等次。"))
    elif not reasons.strip():
        raise ProcessError(_("退回整改或不通过须写明意见。"))
    grade = grade if decision == Application.Status.NAMED else ""
    with transaction.atomic():
        locked = Application.objects.select_for_update().select_related("round").get(pk=application.pk)
        if (locked.status, locked.grade, locked.decision_reasons) == (decision, grade, reasons):
            return  # 保存决定 clicked twice: the first click decided exactly this
        if locked.round.status != Round.Status.REVIEWING:
            raise ProcessError(_("只有评审阶段才能作出决定。"))
        if locked.status != Application.Status.SUBMITTED:
            raise ProcessError(_("只能对已提交的申报作出决定。"))
        submitted = submitted_review_count(locked)
        if submitted < locked.round.min_reviews:
            raise ProcessError(_("本评选要求至少 %(min)s 位评审提交评分后才能作出决定，目前只有 %(n)s 位。") % {
                "min": locked.round.min_reviews, "n": submitted})
        locked.status, locked.grade, locked.decision_reasons = decision, grade, reasons
        locked.decided_by, locked.decided_at = admin, timezone.now()
        locked.save()
    application.refresh_from_db()
