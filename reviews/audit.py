"""The audit trail of one application, read from django-simple-history: every change of the
application (submission, decision), of its reviewer assignments, and of every score, bonus and
veto flag — who, when, and the values before and after."""
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _, gettext_lazy

from .models import Application, Assignment, BonusScore, Review, Score, VetoFlag
from .scoring import format_points

ACTIONS = {"+": gettext_lazy("新建"), "~": gettext_lazy("修改"), "-": gettext_lazy("删除")}


@dataclass
class Event:
    when: datetime
    who: str
    subject: str
    action: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (field, before, after)


def _who(record) -> str:
    user = record.history_user
    return (user.get_full_name() or user.username) if user else _("系统")


# What a new score, bonus or veto says is shown with its creation, not only with later changes.
SHOWN_ON_CREATION = {Score: ("value", "comment"), BonusScore: ("value", "comment"), VetoFlag: ("reason",)}


def _value(record, name: str) -> str:
    """A field of a historical record as people read it: names for users, local times, choice labels."""
    model_field = record.instance_type._meta.get_field(name)
    value = getattr(record, model_field.attname)
    if value is None or value == "":
        return "—"
    if model_field.is_relation:
        related = getattr(record, model_field.name)
        if isinstance(related, get_user_model()):
            return related.get_full_name() or related.username
        return str(related)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "Y-m-d H:i")
    if isinstance(value, Decimal):
        return format_points(value)
    return str(value)


def _events(records, subject) -> list[Event]:
    events = []
    for record in records:
        previous = record.prev_record
        if record.history_type == "~" and previous is not None:
            changes = [(str(record.instance_type._meta.get_field(change.field).verbose_name),
                        _value(previous, change.field), _value(record, change.field))
                       for change in record.diff_against(previous).changes]
            if not changes:
                continue
        elif record.history_type == "+":
            changes = [(str(record.instance_type._meta.get_field(name).verbose_name), "—", _value(record, name))
                       for name in SHOWN_ON_CREATION.get(record.instance_type, ()) if _value(record, name) != "—"]
        else:
            changes = []
        events.append(Event(record.history_date, _who(record), subject(record), ACTIONS[record.history_type], changes))
    return events


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
