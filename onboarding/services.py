"""Writes of 乡镇与账号: the county's townships and accounts, one-time passwords, deactivation.

Each write records who did it (`by`) and what it was (the history's change reason, one of
`Reason`) in the audit trail; the checks are functions of their own (`township_errors`,
`account_errors`), shared by the forms, the bulk import and these services.
"""
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from core.text import clean_text
from unions.models import County, Township, UserRole
from unions.validators import normalize_phone, validate_phone

from . import passwords

Role = UserRole.Role


class Reason:
    """What a write was, as its history records say it (history_change_reason)."""

    TOWNSHIP_CREATED = "township_created"
    TOWNSHIP_RENAMED = "township_renamed"
    ACCOUNT_CREATED = "account_created"
    PASSWORD_RESET = "password_reset"
    PASSWORD_CHANGED = "password_changed"
    DEACTIVATED = "deactivated"
    REACTIVATED = "reactivated"
    COUNTY_CREATED = "county_created"

    LABELS = {
        TOWNSHIP_CREATED: gettext_lazy("新建乡镇"),
        TOWNSHIP_RENAMED: gettext_lazy("修改乡镇"),
        ACCOUNT_CREATED: gettext_lazy("创建账号"),
        PASSWORD_RESET: gettext_lazy("重置密码"),
        PASSWORD_CHANGED: gettext_lazy("本人修改密码"),
        DEACTIVATED: gettext_lazy("停用账号"),
        REACTIVATED: gettext_lazy("启用账号"),
        COUNTY_CREATED: gettext_lazy("新建县（市、区）"),
    }


@dataclass(frozen=True)
class IssuedPassword:
    """An account and its one-time password, which exists only in this object: shown once, never stored."""

    account: object
    password: str


def _recorded(obj, *, by, reason: str):
    obj._history_user = by
    obj._change_reason = reason
    return obj


# --- townships -------------------------------------------------------------------------------------


def township_errors(*, county: County, name: str, kind: str, township: Township | None = None) -> dict[str, str]:
    """What is wrong with a township of `county` named `name` (`township`: the one renamed)."""
    errors = {}
    max_length = Township._meta.get_field("name").max_length
    if not name:
        errors["name"] = _("请填写乡镇（街道）名称。")
    elif len(name) > max_length:
        errors["name"] = _("乡镇（街道）名称不能超过%(count)s个字。") % {"count": max_length}
    else:
        same = Township.objects.filter(county=county, name=name)
        if township is not None:
            same = same.exclude(pk=township.pk)
        if same.exists():
            errors["name"] = _("本县已有名为“%(name)s”的乡镇（街道）。") % {"name": name}
    if kind not in Township.Kind.values:
        errors["kind"] = _("请选择乡镇（街道）的类型。")
    return errors


def _save_township(township: Township, *, by, reason: str) -> Township:
    errors = township_errors(county=township.county, name=township.name, kind=township.kind,
                             township=township if township.pk else None)
    if errors:
        raise ValidationError(errors)
    township.full_clean()
    try:
        with transaction.atomic():
            _recorded(township, by=by, reason=reason).save()
    except IntegrityError:  # the same name saved a moment ago by someone else
        raise ValidationError({"name": _("本县已有名为“%(name)s”的乡镇（街道）。") % {"name": township.name}}) from None
    return township


def township_create(*, county: County, name: str, kind: str = Township.Kind.TOWN, by=None) -> Township:
    return _save_township(Township(county=county, name=clean_text(name).strip(), kind=kind), by=by,
                          reason=Reason.TOWNSHIP_CREATED)


def township_rename(*, township: Township, name: str, kind: str, by=None) -> Township:
    township.name, township.kind = clean_text(name).strip(), kind
    return _save_township(township, by=by, reason=Reason.TOWNSHIP_RENAMED)


# --- accounts --------------------------------------------------------------------------------------


def account_errors(*, county: County, username: str, full_name: str, role: str, township: Township | None = None,
                   home_township: Township | None = None, phone: str = "") -> dict[str, str]:
    """What is wrong with a new account of `county`, by field (username, full_name, role, township,
    home_township, phone)."""
    User = get_user_model()
    errors = {}
    if not username:
        errors["username"] = _("请填写用户名。")
    else:
        try:
            for validator in User._meta.get_field("username").validators:
                validator(username)
        except ValidationError as error:
            errors["username"] = " ".join(error.messages)
        else:
            # case apart, "Zhang" and "zhang" would be two people to Django but one name to people
            if User.objects.filter(username__iexact=username).exists():
                errors["username"] = _("用户名“%(username)s”已被使用，请换一个。") % {"username": username}
    max_name = User._meta.get_field("first_name").max_length
    if not full_name:
        errors["full_name"] = _("请填写姓名。")
    elif len(full_name) > max_name:
        errors["full_name"] = _("姓名不能超过%(count)s个字。") % {"count": max_name}
    if role not in Role.values:
        errors["role"] = _("请选择角色。")
    elif role == Role.TOWNSHIP_STAFF:
        if township is None:
            errors["township"] = _("乡镇工会工作人员须指定所属乡镇。")
        elif township.county_id != county.pk:
            errors["township"] = _("只能选择本县的乡镇（街道）。")
    elif township is not None:
        errors["township"] = _("只有乡镇工会工作人员属于某个乡镇；评审的关联乡镇请填在“回避乡镇”。")
    if home_township is not None:
        if role != Role.COUNTY_REVIEWER:
            errors["home_township"] = _("只有县总工会评审需要填写回避乡镇。")
        elif home_township.county_id != county.pk:
            errors["home_township"] = _("只能选择本县的乡镇（街道）。")
    try:
        validate_phone(phone)
    except ValidationError as error:
        errors["phone"] = " ".join(error.messages)
    return errors


def account_create(*, county: County, username: str, full_name: str, role: str, township: Township | None = None,
                   home_township: Township | None = None, phone: str = "", by=None) -> IssuedPassword:
    """A new account of the county with a one-time password, which its owner must change at the first login."""
    username, full_name, phone = username.strip(), clean_text(full_name).strip(), normalize_phone(phone)
    errors = account_errors(county=county, username=username, full_name=full_name, role=role, township=township,
                            home_township=home_township, phone=phone)
    if errors:
        raise ValidationError(errors)
    password = passwords.generate()
    user = get_user_model()(username=username, first_name=full_name, password=passwords.hashed(password))
    role_row = UserRole(user=user, role=role, township=township, home_township=home_township, phone=phone,
                        county=None if role == Role.TOWNSHIP_STAFF else county,
                        must_change_password=True, password_issued_at=timezone.now())
    user.full_clean(exclude=["password"])
    try:
        with transaction.atomic():
            _recorded(user, by=by, reason=Reason.ACCOUNT_CREATED).save()
            role_row.user = user
            role_row.full_clean()
            _recorded(role_row, by=by, reason=Reason.ACCOUNT_CREATED).save()
    except IntegrityError:  # the same username taken a moment ago
        raise ValidationError({"username": _("用户名“%(username)s”已被使用，请换一个。") % {"username": username}}) from None
    return IssuedPassword(user, password)


class AccountError(Exception):
    """A step the county admin may not take on this account; the message is shown as is."""


def _own_account(account, by) -> None:
    if by is not None and account.pk == by.pk:
        raise AccountError(_("不能在这里重置或停用自己的账号；修改自己的密码请用“修改密码”。"))


def account_password_reset(*, account, by=None) -> IssuedPassword:
    """A new one-time password for `account`, replacing its password (its sessions end with it)
    and to be changed again at its next login."""
    _own_account(account, by)
    password = passwords.generate()
    role = account.liuhao_role
    with transaction.atomic():
        account.password = passwords.hashed(password)
        account.save(update_fields=["password"])  # no record of the hash itself (unions.models.roles)
        role.must_change_password, role.password_issued_at = True, timezone.now()
        _recorded(role, by=by, reason=Reason.PASSWORD_RESET).save(update_fields=["must_change_password", "password_issued_at"])
    return IssuedPassword(account, password)


def account_deactivate(*, account, by=None):
    """The account can no longer log in, and a session it has open ends at its next request; its
    data, records and history stay, and it can be reactivated."""
    _own_account(account, by)
    if account.is_active:
        account.is_active = False
        _recorded(account, by=by, reason=Reason.DEACTIVATED).save(update_fields=["is_active"])
    return account


def account_reactivate(*, account, by=None):
    """The account logs in again with the password it had."""
    if not account.is_active:
        account.is_active = True
        _recorded(account, by=by, reason=Reason.REACTIVATED).save(update_fields=["is_active"])
    return account


def password_changed(*, user) -> None:
    """The owner has replaced the one-time password: the app is theirs to use again."""
    role = getattr(user, "liuhao_role", None)
    if role is not None and role.must_change_password:
        role.must_change_password = False
        _recorded(role, by=user, reason=Reason.PASSWORD_CHANGED).save(update_fields=["must_change_password"])


# --- counties (the site administrator) ------------------------------------------------------------


def county_create(*, name: str, federation_name: str = "", city: str = "", province: str = "") -> County:
    county = County(name=clean_text(name).strip(), federation_name=federation_name or f"{name.strip()}总工会",
                    city=city, province=province)
    county.full_clean()
    county.save()
    return county
