"""Validators for the township's data, with Chinese messages (translated through gettext)."""
import datetime
import re
import unicodedata
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext as _, gettext_lazy

# GB 11643-1999: weights of the 17 digits and the check character for each remainder mod 11.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"


def today() -> datetime.date:
    """Today in liuhao's time zone. Validators run several times per imported row, and
    today() looks the active zone up through a context-local each time (1.6 s of a
    20 000-row check); liuhao never activates another zone."""
    return datetime.datetime.now(zoneinfo.ZoneInfo(settings.TIME_ZONE)).date()


def id_check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits of a 居民身份证号."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS))
    return ID_CHECK_CHARS[total % 11]


def normalize_id_number(value: str) -> str:
    """Full-width digits and Ｘ typed with a Chinese input method become ASCII (NFKC)."""
    return unicodedata.normalize("NFKC", value or "").strip().upper()


# The earliest birth date a 居民身份证号 of a member may carry.
EARLIEST_BIRTH = datetime.date(1900, 1, 1)


def is_id_number_shaped(number: str) -> bool:
    """18 ASCII characters: 17 digits and a digit or X (str.isdigit alone would pass "１" and "٣")."""
    return (len(number) == 18 and number.isascii() and number[:17].isdigit()
            and (number[17].isdigit() or number[17] == "X"))


def id_birth_date(value: str) -> datetime.date | None:
    """The birth date a 居民身份证号 carries (digits 7–14), None when it has none that is valid."""
    number = normalize_id_number(value)
    if not is_id_number_shaped(number):
        return None
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None
    return birth if EARLIEST_BIRTH <= birth <= today() else None


def validate_id_number(value: str) -> None:
    number = normalize_id_number(value)
    if not is_id_number_shaped(number):
        raise ValidationError(_("身份证号应为18位：前17位数字，最后一位为数字或X。"), code="id_format")
    if id_birth_date(number) is None:
        raise ValidationError(_("身份证号中的出生日期无效。"), code="id_birth_date")
    if id_check_char(number[:17]) != number[17]:
        raise ValidationError(_("身份证号校验位不正确，请核对。"), code="id_check_digit")


def mask_id_number(value: str) -> str:
    """410184********1234: region code and last four kept, birth date hidden."""
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def validate_not_future(value: datetime.date) -> None:
    if value and value > today():
        raise ValidationError(_("日期不能晚于今天。"), code="future_date")


# Plausible dates. A union event (a member joining, a union founded, a contract signed, a 职代会
# held …) is not before the founding of the People's Republic; an entry of the ledgers (a case,
# an act of assistance, an activity) is not before 2000, the first year liuhao reports on
# (年度 ≥ 2000); neither is after today, except a contract's expiry, at most ten years ahead.
UNION_ERA = datetime.date(1949, 10, 1)
LEDGER_ERA = datetime.date(2000, 1, 1)
CONTRACT_YEARS_AHEAD = 10
# A member joins at working age: the 劳动法 (第十五条) forbids employing anyone under 16.
MEMBER_MIN_AGE = 16

not_before_union_era = MinValueValidator(UNION_ERA, message=gettext_lazy("日期不能早于1949年10月1日。"))
not_before_ledger_era = MinValueValidator(LEDGER_ERA, message=gettext_lazy("日期不能早于2000年1月1日。"))


def years_after(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later; 29 February becomes 1 March in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return datetime.date(day.year + years, 3, 1)


def contract_horizon() -> datetime.date:
    """The latest expiry a collective contract may have: `CONTRACT_YEARS_AHEAD` years from today."""
    return years_after(today(), CONTRACT_YEARS_AHEAD)


not_after_contract_horizon = MaxValueValidator(
    contract_horizon, message=gettext_lazy("到期日期不能晚于%(limit_value)s，请检查年份。"))

# A model DateField's validators by what the date records.
UNION_EVENT_DATE = [not_before_union_era, validate_not_future]
LEDGER_DATE = [not_before_ledger_era, validate_not_future]
CONTRACT_EXPIRY_DATE = [not_before_union_era, not_after_contract_horizon]


def date_bounds(validators) -> tuple[datetime.date | None, datetime.date | None]:
    """The earliest and the latest day `validators` allow: a date input's min and max."""
    earliest = latest = None
    for validator in validators:
        if validator is validate_not_future:
            limit, is_min = today(), False
        elif isinstance(validator, (MinValueValidator, MaxValueValidator)):
            limit = validator.limit_value() if callable(validator.limit_value) else validator.limit_value
            is_min = isinstance(validator, MinValueValidator)
        else:
            continue
        if not isinstance(limit, datetime.date):
            continue
        if is_min:
            earliest = limit if earliest is None else max(earliest, limit)
        else:
            latest = limit if latest is None else min(latest, limit)
    return earliest, latest


def validate_year_not_future(value: int) -> None:
    this_year = today().year
    if value and value > this_year:
        raise ValidationError(_("年度不能晚于今年（%(year)s年）。"), code="future_year", params={"year": this_year})


def exceeds(part, whole) -> bool:
    """`part > whole` for a record's cross-field rules; an unknown value (None) breaks no rule."""
    return part is not None and whole is not None and part > whole


# A contact number as people write it: a mobile number (11 digits from 1), or a landline with or
# without its area code (0371-62345678, 037162345678, 62345678).
PHONE_NUMBER = re.compile(r"1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|\d{7,8}")


def normalize_phone(value: str) -> str:
    """Full-width digits become ASCII (NFKC); spaces are dropped."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value or ""))


def validate_phone(value: str) -> None:
    if value and not PHONE_NUMBER.fullmatch(normalize_phone(value)):
        raise ValidationError(_("电话号码格式不正确：手机号码为11位数字，固定电话如 0371-62345678。"), code="phone")
