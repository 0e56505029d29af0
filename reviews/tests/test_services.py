"""The process: every allowed and refused step of rounds, applications, reviews and decisions."""
import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from reports.models import SectionText
from reviews import services
from reviews.models import Application, Review, Round, Score
from reviews.scoring import RubricParts, assess
from reviews.services import ProcessError, ScoreInput
from unions.models import Member
from unions.tests.factories import TownshipFactory, UserRoleFactory

from .factories import RoundFactory

pytestmark = pytest.mark.django_db


def full_scores(application, *, adjust=Decimal("0"), comment=""):
    """Every indicator scored: the suggestion where there is one (minus `adjust`), else the full points."""
    submission = application.submissions.first()
    parts = RubricParts.load(application.round.rubric)
    return {line.indicator.pk: ScoreInput(max(Decimal("0"), (line.suggested if line.suggested is not None else line.indicator.points) - adjust),
                                          comment) for line in assess(parts, submission.evidence).lines}


# rounds ------------------------------------------------------------------------------------------

def test_round_moves_open_reviewing_decided_and_never_back(round_):
    with pytest.raises(ProcessError):
        services.advance_round(round_, Round.Status.DECIDED)
    services.advance_round(round_, Round.Status.OPEN)  # where it is: nothing to do
    services.advance_round(round_, Round.Status.REVIEWING)
    services.advance_round(round_, Round.Status.REVIEWING)  # clicked twice: stays, no error
    with pytest.raises(ProcessError):
        services.advance_round(round_, Round.Status.OPEN)
    services.advance_round(round_, Round.Status.DECIDED)
    for refused in (Round.Status.OPEN, Round.Status.REVIEWING):
        with pytest.raises(ProcessError):
            services.advance_round(round_, refused)
    assert round_.status == Round.Status.DECIDED


def test_round_cannot_end_while_a_submitted_application_waits(reviewed, county_admin):
    with pytest.raises(ProcessError, match="未作决定"):
        services.advance_round(reviewed.round, Round.Status.DECIDED)
    services.decide(reviewed, county_admin, decision=Application.Status.REJECTED, reasons="材料不实")
    services.advance_round(reviewed.round, Round.Status.DECIDED)


# applications ------------------------------------------------------------------------------------

def test_application_only_to_an_open_round_of_the_own_county(round_, township):
    assert services.create_application(round_, township) == services.create_application(round_, township)
    with pytest.raises(ProcessError):
        services.create_application(RoundFactory(), township)  # another county
    late = RoundFactory(county=township.county, year=2024, deadline=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(ProcessError, match="截止"):
        services.create_application(late, township)


def test_submission_freezes_figures_and_narrative(application, staff_user, township):
    submission = services.submit_application(application, staff_user)
    assert application.status == Application.Status.SUBMITTED and submission.version == 1
    assert submission.evidence["membership_rate"] == "90.0" and submission.tokens["会员人数"] == "144人"
    assert "具茨山镇" in submission.document_html and "会员144人" in submission.narrative.replace("，", "")
    Member.objects.filter(township=township).first().delete()  # later edits change nothing submitted
    SectionText.objects.create(township=township, year=2025, section="plans", text="改写后的打算。")
    submission.refresh_from_db()
    assert submission.tokens["会员人数"] == "144人" and "改写后的打算" not in submission.document_html


def test_a_second_submit_soon_after_is_the_same_click_and_later_or_by_another_is_refused(application, staff_user):
    first = services.submit_application(application, staff_user)
    assert services.submit_application(application, staff_user) == first  # double click / reload
    assert application.submissions.count() == 1
    with pytest.raises(ProcessError, match="不能重复提交"):
        services.submit_application(application, UserRoleFactory(township=application.township).user)
    first.submitted_at -= services.REPEAT_WINDOW + datetime.timedelta(seconds=1)
    first.save(update_fields=["submitted_at"])
    with pytest.raises(ProcessError, match="不能重复提交"):
        services.submit_application(application, staff_user)


def test_preflight_findings_block_submission(application, staff_user, township):
    SectionText.objects.create(township=township, year=2025, section="plans", text="**镇工会将继续努力。")
    with pytest.raises(ProcessError, match="导出前检查"):
        services.submit_application(application, staff_user)
    assert application.submissions.count() == 0 and application.status == Application.Status.DRAFT


def test_draft_after_the_deadline_cannot_be_submitted(application, staff_user):
    Round.objects.filter(pk=application.round_id).update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    application.refresh_from_db()
    with pytest.raises(ProcessError, match="截止"):
        services.submit_application(application, staff_user)


def test_returned_application_is_editable_and_resubmitted_as_a_new_version(reviewed, staff_user, county_admin):
    with pytest.raises(ProcessError, match="意见"):
        services.decide(reviewed, county_admin, decision=Application.Status.RETURNED)
    services.decide(reviewed, county_admin, decision=Application.Status.RETURNED, reasons="补充职代会材料")
    reviewed.refresh_from_db()
    assert reviewed.editable and reviewed.decision_reasons == "补充职代会材料"
    second = services.submit_application(reviewed, staff_user)  # allowed while the round is in review
    assert second.version == 2 and reviewed.status == Application.Status.SUBMITTED
    assert list(reviewed.submissions.values_list("version", flat=True)) == [2, 1]
    assert reviewed.decision_reasons == "" and reviewed.history.count() >= 4


# assignments -------------------------------------------------------------------------------------

def test_reviewers_of_the_county_only_and_never_from_the_applicant_township(application, reviewers, township):
    services.assign_reviewer(application, reviewers[0])
    outsider = UserRoleFactory(reviewer=True).user
    tied = UserRoleFactory(reviewer=True, county=township.county, home_township=township).user
    colleague = UserRoleFactory(township=TownshipFactory(county=township.county)).user  # staff, not a reviewer
    for user in (outsider, tied, colleague):
        with pytest.raises(ProcessError, match="不能评审"):
            services.assign_reviewer(application, user)
    assert list(application.assignments.values_list("reviewer", flat=True)) == [reviewers[0].pk]


def test_a_reviewer_who_submitted_cannot_be_unassigned(under_review, reviewers):
    services.save_review(under_review, reviewers[0], scores=full_scores(under_review), bonus={}, vetoes={}, submit=True)
    with pytest.raises(ProcessError):
        services.unassign_reviewer(under_review, reviewers[0])
    services.unassign_reviewer(under_review, reviewers[1])
    assert under_review.assignments.count() == 1


# reviews -----------------------------------------------------------------------------------------

def test_scoring_only_when_assigned_and_in_review(application, staff_user, reviewers):
    services.submit_application(application, staff_user)
    services.assign_reviewer(application, reviewers[0])
    with pytest.raises(ProcessError, match="评审阶段"):  # round still open
        services.save_review(application, reviewers[0], scores={}, bonus={}, vetoes={})
    services.advance_round(application.round, Round.Status.REVIEWING)
    application.round.refresh_from_db()
    with pytest.raises(ProcessError, match="没有分配"):
        services.save_review(application, reviewers[1], scores={}, bonus={}, vetoes={})


def test_scores_in_range_comment_where_departing_complete_on_submit(under_review, reviewers):
    reviewer = reviewers[0]
    parts = RubricParts.load(under_review.round.rubric)
    b2 = next(i for i in parts.indicators if i.code == "B2")
    with pytest.raises(ProcessError, match="B2 的得分须在 0 到 6"):
        services.save_review(under_review, reviewer, scores={b2.pk: ScoreInput(Decimal("7"))}, bonus={}, vetoes={})
    services.save_review(under_review, reviewer, scores={b2.pk: ScoreInput(Decimal("2"))}, bonus={}, vetoes={})  # a draft may be partial
    with pytest.raises(ProcessError, match="尚未评分"):
        services.save_review(under_review, reviewer, scores={b2.pk: ScoreInput(Decimal("2"))}, bonus={}, vetoes={}, submit=True)
    scores = full_scores(under_review)
    scores[b2.pk] = ScoreInput(Decimal("2"))
    with pytest.raises(ProcessError, match="B2 的得分与建议分 6 不同"):
        services.save_review(under_review, reviewer, scores=scores, bonus={}, vetoes={}, submit=True)
    veto = parts.veto_items[0]
    scores[b2.pk] = ScoreInput(Decimal("2"), "入会率台账与花名册不符")
    with pytest.raises(ProcessError, match="V1 一票否决须写明理由"):
        services.save_review(under_review, reviewer, scores=scores, bonus={}, vetoes={veto.pk: " "}, submit=True)
    review = services.save_review(under_review, reviewer, scores=scores, bonus={}, vetoes={veto.pk: "数据造假"}, submit=True)
    assert review.is_submitted and review.scores.count() == 28 and review.veto_flags.get().reason == "数据造假"
    again = services.save_review(under_review, reviewer, scores=scores, bonus={}, vetoes={veto.pk: "数据造假"}, submit=True)
    assert again.submitted_at == review.submitted_at  # 提交评分 clicked twice: the same review, unchanged
    with pytest.raises(ProcessError, match="不能再修改"):  # anything else after submitting is refused
        services.save_review(under_review, reviewer, scores=scores, bonus={}, vetoes={}, submit=True)
    with pytest.raises(ProcessError, match="不能再修改"):
        services.save_review(under_review, reviewer, scores=scores, bonus={}, vetoes={veto.pk: "数据造假"}, submit=False)


def test_score_changes_are_kept_in_history(under_review, reviewers):
    parts = RubricParts.load(under_review.round.rubric)
    a1 = parts.indicators[0]
    for value in ("1", "2", "3"):
        services.save_review(under_review, reviewers[0], scores={a1.pk: ScoreInput(Decimal(value))}, bonus={}, vetoes={})
    score = Score.objects.get(indicator=a1)
    assert [record.value for record in score.history.order_by("history_date")] == [Decimal("1"), Decimal("2"), Decimal("3")]


# decisions ---------------------------------------------------------------------------------------

def test_decisions_need_a_grade_or_reasons_and_a_round_in_review(reviewed, county_admin):
    with pytest.raises(ProcessError, match="等次"):
        services.decide(reviewed, county_admin, decision=Application.Status.NAMED, grade="金奖")
    with pytest.raises(ProcessError, match="未知"):
        services.decide(reviewed, county_admin, decision=Application.Status.DRAFT)
    services.decide(reviewed, county_admin, decision=Application.Status.NAMED, grade="先进")
    reviewed.refresh_from_db()
    assert reviewed.status == Application.Status.NAMED and reviewed.grade == "先进" and reviewed.decided_by == county_admin
    with pytest.raises(ProcessError, match="已提交的申报"):
        services.decide(reviewed, county_admin, decision=Application.Status.REJECTED, reasons="x")


def test_a_decision_waits_for_the_rounds_minimum_of_submitted_reviews(under_review, reviewers, county_admin, staff_user):
    assert under_review.round.min_reviews == 2  # the default: two independent scores to compare
    with pytest.raises(ProcessError, match="本评选要求至少 2 位评审提交评分后才能作出决定，目前只有 0 位。"):
        services.decide(under_review, county_admin, decision=Application.Status.NAMED, grade="达标")
    services.save_review(under_review, reviewers[0], scores=full_scores(under_review), bonus={}, vetoes={}, submit=True)
    services.save_review(under_review, reviewers[1], scores=full_scores(under_review), bonus={}, vetoes={})  # a draft does not count
    for decision, reasons in ((Application.Status.RETURNED, "补充材料"), (Application.Status.REJECTED, "材料不实")):
        with pytest.raises(ProcessError, match="目前只有 1 位"):
            services.decide(under_review, county_admin, decision=decision, reasons=reasons)
    under_review.refresh_from_db()
    assert under_review.status == Application.Status.SUBMITTED and under_review.decided_by is None
    Round.objects.filter(pk=under_review.round_id).update(min_reviews=1)
    services.decide(under_review, county_admin, decision=Application.Status.RETURNED, reasons="补充材料")
    services.submit_application(under_review, staff_user)  # version 2: the reviews of version 1 no longer count
    with pytest.raises(ProcessError, match="目前只有 0 位"):
        services.decide(under_review, county_admin, decision=Application.Status.REJECTED, reasons="材料不实")


def test_decision_outside_the_review_phase_is_refused(application, staff_user, county_admin):
    services.submit_application(application, staff_user)
    with pytest.raises(ProcessError, match="评审阶段"):
        services.decide(application, county_admin, decision=Application.Status.NAMED, grade="达标")


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_saving_at_once_lose_nothing(under_review, reviewers):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer at a time; the concurrent case runs on PostgreSQL")
    barrier = threading.Barrier(len(reviewers))
    errors = []

    def save(reviewer, adjust):
        try:
            barrier.wait()
            services.save_review(under_review, reviewer, scores=full_scores(under_review, adjust=adjust, comment="扣分"),
                                 bonus={}, vetoes={}, submit=True)
        except Exception as error:  # noqa: BLE001 — reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(reviewer, Decimal(n))) for n, reviewer in enumerate(reviewers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    reviews = Review.objects.filter(submission__application=under_review)
    assert reviews.count() == 2 and all(review.scores.count() == 28 and review.is_submitted for review in reviews)
