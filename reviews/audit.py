"""Audit trails read from django-simple-history: of one application — every change of the
application (submission, decision), of its reviewer assignments, and of every score, bonus and
veto flag — and of one rubric; who, when, and the values before and after."""
from django.utils.translation import gettext as _

from core.history import ACTIONS, Event, events as history_events

from .models import (
    Application,
    Assignment,
    BonusItem,
    BonusScore,
    Dimension,
    Grade,
    Indicator,
    Review,
    Rubric,
    Score,
    VetoFlag,
    VetoItem,
)

# What a new score, bonus or veto says is shown with its creation, not only with later changes.
SHOWN_ON_CREATION = {Score: ("value", "comment"), BonusScore: ("value", "comment"), VetoFlag: ("reason",)}


def _events(records, subject) -> list[Event]:
    return history_events(records, subject, shown_on_creation=SHOWN_ON_CREATION)


def application_history(application: Application) -> list[Event]:
    reviews = Review.history.filter(submission__application=application)
    review_ids = set(reviews.values_list("id", flat=True))
    reviewer_of = {record.id: record.reviewer for record in reviews.select_related("reviewer")}

    def reviewer_name(review_id) -> str:
        reviewer = reviewer_of.get(review_id)
        return (reviewer.get_full_name() or reviewer.username) if reviewer else "?"

    events = _events(Application.history.filter(id=application.pk).select_related("history_user"),
                     lambda record: _("申报（状态 %(status)s）") % {"status": record.get_status_display()})
    events += _events(Assignment.history.filter(application_id=application.pk).select_related("history_user", "reviewer"),
                      lambda record: _("评审分配：%(name)s") % {"name": record.reviewer.get_full_name() or record.reviewer.username})
    events += _events(reviews.select_related("history_user"),
                      lambda record: _("%(name)s 的评分") % {"name": reviewer_name(record.id)})
    events += _events(Score.history.filter(review_id__in=review_ids).select_related("history_user", "indicator"),
                      lambda record: _("%(name)s · %(code)s 得分") % {"name": reviewer_name(record.review_id), "code": record.indicator.code})
    events += _events(BonusScore.history.filter(review_id__in=review_ids).select_related("history_user", "item"),
                      lambda record: _("%(name)s · %(code)s 加分") % {"name": reviewer_name(record.review_id), "code": record.item.code})
    events += _events(VetoFlag.history.filter(review_id__in=review_ids).select_related("history_user", "item"),
                      lambda record: _("%(name)s · %(code)s 一票否决") % {"name": reviewer_name(record.review_id), "code": record.item.code})
    for submission in application.submissions.select_related("submitted_by"):
        events.append(Event(submission.submitted_at, submission.submitted_by.get_full_name() or submission.submitted_by.username,
                            _("提交第 %(version)s 版（数据冻结）") % {"version": submission.version}, ACTIONS["+"]))
    events.sort(key=lambda event: event.when, reverse=True)
    return events


def rubric_history(rubric: Rubric) -> list[Event]:
    """Every change of the rubric and of its grades, dimensions, indicators, bonus and veto items,
    deleted ones included: who, when, and the values before and after."""
    dimensions = Dimension.history.filter(rubric_id=rubric.pk)
    dimension_ids = set(dimensions.values_list("id", flat=True))
    events = _events(Rubric.history.filter(id=rubric.pk).select_related("history_user"), lambda record: _("考核标准"))
    events += _events(dimensions.select_related("history_user"),
                      lambda record: _("考核项目：%(name)s") % {"name": record.name})
    events += _events(Indicator.history.filter(dimension_id__in=dimension_ids).select_related("history_user"),
                      lambda record: _("考核指标：%(code)s") % {"code": record.code})
    events += _events(Grade.history.filter(rubric_id=rubric.pk).select_related("history_user"),
                      lambda record: _("等次：%(name)s") % {"name": record.name})
    events += _events(BonusItem.history.filter(rubric_id=rubric.pk).select_related("history_user"),
                      lambda record: _("加分事项：%(code)s") % {"code": record.code})
    events += _events(VetoItem.history.filter(rubric_id=rubric.pk).select_related("history_user"),
                      lambda record: _("否决事项：%(code)s") % {"code": record.code})
    events.sort(key=lambda event: event.when, reverse=True)
    return events
