"""Validators for the township's data, with Chinese messages (translated through gettext)."""
import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

# GB 11643-1999: weights of the 17 digits and the check character for each remainder mod 11.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"


def id_check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits of a 居民身份证号."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS))
    return ID_CHECK_CHARS[total % 11]


def normalize_id_number(value: str) -> str:
    return (value or "").strip().upper()


def validate_id_number(value: str) -> None:
    number = normalize_id_number(value)
    if len(number) != 18 or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(_("身份证号应为18位：前17位数字，最后一位为数字或X。"), code="id_format")
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        birth = None
    if birth is None or birth > timezone.localdate():
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
    if value and value > timezone.localdate():
        raise ValidationError(_("日期不能晚于今天。"), code="future_date")


def validate_year_not_future(value: int) -> None:
    this_year = timezone.localdate().year
    if value and value > this_year:
        raise ValidationError(_("年度不能晚于今年（%(year)s年）。"), code="future_year", params={"year": this_year})


def exceeds(part, whole) -> bool:
    """`part > whole` for a record's cross-field rules; an unknown value (None) breaks no rule."""
    return part is not None and whole is not None and part > whole
