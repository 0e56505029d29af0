"""Reads of 乡镇与账号: the county's townships and accounts as their lists show them, and their
audit trail (who created, renamed, reset, deactivated or reactivated what, and when)."""
from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from core.history import Event, events
from unions.access import county_accounts
from unions.models import County, Township, UserRole
from unions.models.roles import BASELINE_REASON

from .services import Reason

# What a record of each kind shows: at its creation, and of its changes (a township's staff edit
# its area and 镇情简介 too, which are not the county's record).
TOWNSHIP_FIELDS = ("name", "kind")
ROLE_FIELDS = ("role", "township", "county", "home_township", "phone", "must_change_password")
USER_FIELDS = ("username", "first_name", "last_name", "email", "is_active")


def county_townships(county: County) -> QuerySet[Township]:
    """The county's townships by name, each with its number of active staff accounts."""
    return Township.objects.filter(county=county).annotate(
        staff_total=Count("staff_roles", filter=Q(staff_roles__user__is_active=True))).order_by("name")


def county_account_list(county: County, *, q: str = "", role: str = "", status: str = "") -> QuerySet:
    """The county's accounts, filtered as the list's form says: staff by township, then county users."""
    accounts = county_accounts(county).select_related("liuhao_role__township")
    if q:
        accounts = accounts.filter(Q(username__icontains=q) | Q(first_name__icontains=q))
    if role:
        accounts = accounts.filter(liuhao_role__role=role)
    if status == "active":
        accounts = accounts.filter(is_active=True)
    elif status == "inactive":
        accounts = accounts.filter(is_active=False)
    elif status == "must_change":
        accounts = accounts.filter(is_active=True, liuhao_role__must_change_password=True)
    return accounts.order_by("liuhao_role__role", "liuhao_role__township__name", "username")


def _records(county: County | None = None, account=None) -> list[tuple[QuerySet, tuple[str, ...], bool]]:
    """The historical records of the county's townships and accounts (or of one account), each
    kind with the fields its trail shows and whether its creations are events (an account's
    creation as a user is not: its role's creation is that event)."""
    township_history, role_history, user_history = Township.history.model, UserRole.history.model, get_user_model().history.model
    if account is not None:
        return [(role_history.objects.filter(user_id=account.pk), ROLE_FIELDS, True),
                (user_history.objects.filter(id=account.pk), USER_FIELDS, False)]
    return [(township_history.objects.filter(county=county), TOWNSHIP_FIELDS, True),
            (role_history.objects.filter(Q(county=county) | Q(township__county=county)), ROLE_FIELDS, True),
            (user_history.objects.filter(id__in=county_accounts(county).values("pk")), USER_FIELDS, False)]


def _keys(records: QuerySet, tracked: tuple[str, ...], creations: bool) -> list[tuple]:
    """(date, model, history id) of each record that is an event: a creation (if `creations`), a
    write the services named, or a change of a field the trail shows. Read as values, a light
    query; the baseline that starts the trail is no event but gives the next record its before."""
    attnames = [records.model._meta.get_field(name).attname for name in tracked]
    previous, keys = {}, []
    for row in records.order_by("history_date", "history_id").values(
            "id", "history_id", "history_date", "history_type", "history_change_reason", *attnames):
        values = tuple(row[name] for name in attnames)
        before, previous[row["id"]] = previous.get(row["id"]), values
        reason = row["history_change_reason"]
        if reason == BASELINE_REASON:
            continue
        if row["history_type"] == "+":
            event = creations
        elif row["history_type"] == "~":
            event = reason in Reason.LABELS or before is None or before != values
        else:
            event = True
        if event:
            keys.append((row["history_date"], records.model, row["history_id"]))
    return keys


def _account_name(user) -> str:
    """"username（姓名）" of a user or of a historical record of one (which has no get_full_name)."""
    if user is None:
        return "?"
    full_name = f"{user.first_name} {user.last_name}".strip()
    return f"{user.username}（{full_name}）" if full_name else user.username


def _subject(record) -> str:
    if isinstance(record, Township.history.model):
        return _("乡镇：%(name)s") % {"name": record.name}
    if isinstance(record, UserRole.history.model):
        return _("账号：%(name)s") % {"name": _account_name(getattr(record, "user", None))}
    return _("账号：%(name)s") % {"name": _account_name(record)}


def _action(record) -> str | None:
    label = Reason.LABELS.get(record.history_change_reason or "")
    return str(label) if label else None


def _events(records) -> list[Event]:
    return events(records, _subject, action=_action,
                  shown_on_creation={Township: TOWNSHIP_FIELDS, UserRole: ("role", "township", "county", "home_township", "phone")},
                  fields={Township: TOWNSHIP_FIELDS, UserRole: ROLE_FIELDS, get_user_model(): USER_FIELDS})


class Trail:
    """An audit trail read a page at a time (a Paginator's object list): the events of every kind
    found from light queries (`_keys`), newest first, and only the page's records read whole."""

    def __init__(self, kinds: list[tuple[QuerySet, tuple[str, ...], bool]]):
        self.keys = sorted((key for records, tracked, creations in kinds for key in _keys(records, tracked, creations)),
                           key=lambda key: (key[0], key[2]), reverse=True)

    def __len__(self):
        return len(self.keys)

    def __getitem__(self, page: slice) -> list[Event]:
        keys = self.keys[page]
        by_model: dict = {}
        for _when, model, history_id in keys:
            by_model.setdefault(model, []).append(history_id)
        loaded = {}
        for model, ids in by_model.items():
            related = ["history_user", *(["user"] if model is UserRole.history.model else [])]  # names in subjects
            for record in model.objects.filter(history_id__in=ids).select_related(*related):
                loaded[(model, record.history_id)] = record
        return _events([loaded[(model, history_id)] for _when, model, history_id in keys])


def county_trail(county: County) -> Trail:
    return Trail(_records(county=county))


def account_trail(account) -> list[Event]:
    return Trail(_records(account=account))[:]
