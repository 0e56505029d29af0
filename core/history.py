"""Audit trails read from django-simple-history: who changed what, when, and the values before and
after, as people read them. Used by the review's record of an application and by the township's
record of a year's facts."""
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _, gettext_lazy

ACTIONS = {"+": gettext_lazy("新建"), "~": gettext_lazy("修改"), "-": gettext_lazy("删除")}


@dataclass
class Event:
    when: datetime
    who: str
    subject: str
    action: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (field, before, after)


def who(record) -> str:
    user = record.history_user
    return (user.get_full_name() or user.username) if user else _("系统")


def field_value(record, name: str) -> str:
    """A field of a historical record as people read it: names for users, local times, choice labels,
    是/否, 6 for 6.0."""
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
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "Y-m-d H:i")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def events(records: Iterable, subject: Callable[[object], str], *, shown_on_creation: dict | None = None,
           action: Callable[[object], str | None] | None = None, fields: dict | None = None) -> list[Event]:
    """One event per historical record; a change that changed nothing is left out. What a new
    record says is shown with its creation for the models and fields in `shown_on_creation`.
    `action` names what a record did where it says so (else 新建, 修改, 删除), and a record it names
    is an event even if no field changed; `fields` limits the changes of the models it lists to
    those fields."""
    shown_on_creation, fields = shown_on_creation or {}, fields or {}
    found = []
    for record in records:
        named = action(record) if action else None
        if record.history_type == "~":
            previous = record.prev_record
            changes = [] if previous is None else [
                (str(record.instance_type._meta.get_field(change.field).verbose_name),
                 field_value(previous, change.field), field_value(record, change.field))
                for change in record.diff_against(previous, included_fields=fields.get(record.instance_type)).changes]
            if previous is not None and not changes and not named:
                continue
        elif record.history_type == "+":
            changes = [(str(record.instance_type._meta.get_field(name).verbose_name), "—", field_value(record, name))
                       for name in shown_on_creation.get(record.instance_type, ()) if field_value(record, name) != "—"]
        else:
            changes = []
        found.append(Event(record.history_date, who(record), subject(record), named or ACTIONS[record.history_type], changes))
    return found
