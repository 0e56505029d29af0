"""居民身份证号 (GB 11643-1999) check, its masking, and the "not in the future" date rule."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from unions.validators import (
    id_check_char,
    mask_id_number,
    normalize_id_number,
    validate_id_number,
    validate_not_future,
)

from .factories import MemberFactory, valid_id_number


def codes(excinfo) -> set[str]:
    return {error.code for error in excinfo.value.error_list}


def messages(excinfo) -> list[str]:
    return excinfo.value.messages


def test_gb11643_worked_example_has_check_character_x():
    # The worked example printed in GB 11643-1999: 11010519491231002X.
    assert id_check_char("11010519491231002") == "X"
    validate_id_number("11010519491231002X")


@pytest.mark.parametrize(
    ("first17", "check"),
    [
        # Weighted sums worked out by hand; the check character is "10X98765432"[sum % 11].
        ("41018419850302017", "3"),  # 251 % 11 = 9
        ("32010219800512000", "1"),  # 176 % 11 = 0
        ("32010219800512006", "0"),  # 188 % 11 = 1
        ("32010219800512001", "X"),  # 178 % 11 = 2
        ("41018420000229005", "2"),  # 219 % 11 = 10; 29 February 2000 is a real date
    ],
)
def test_check_character_matches_hand_computation(first17, check):
    assert id_check_char(first17) == check
    validate_id_number(first17 + check)


def test_valid_numbers_pass():
    validate_id_number(valid_id_number(410184, datetime.date(1985, 3, 2), 17))
    validate_id_number("11010519491231002x")  # lower-case x is the same character
    validate_id_number(" 11010519491231002X ")  # pasted with spaces


def test_factory_numbers_are_valid_and_distinct():
    numbers = [valid_id_number(410184, datetime.date(1970, 1, 1) + datetime.timedelta(days=n // 1000), n) for n in range(2500)]
    assert len(set(numbers)) == len(numbers)
    for number in numbers[::97]:
        validate_id_number(number)
    assert MemberFactory.build().id_number != MemberFactory.build().id_number


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("110105194912310021", "id_check_digit"),  # right length and date, wrong check digit
        ("110105194912310020", "id_check_digit"),
        ("41018419850302017X", "id_check_digit"),  # X where a digit is due
        ("11010519491231002", "id_format"),  # 17 characters
        ("11010519491231002XX", "id_format"),  # 19 characters
        ("", "id_format"),
        ("11010519491231002Y", "id_format"),  # check character neither digit nor X
        ("1101051949123100X2", "id_format"),  # X inside the first 17
        ("110105194902300027", "id_birth_date"),  # 30 February
        ("110105194913010027", "id_birth_date"),  # month 13
        ("110105000001010027", "id_birth_date"),  # year 0
    ],
)
def test_bad_id_numbers_are_refused_with_a_reason(number, code):
    with pytest.raises(ValidationError) as excinfo:
        validate_id_number(number)
    assert codes(excinfo) == {code}


def test_messages_are_chinese():
    with pytest.raises(ValidationError) as excinfo:
        validate_id_number("110105194912310021")
    assert messages(excinfo) == ["身份证号校验位不正确，请核对。"]
    with pytest.raises(ValidationError) as excinfo:
        validate_id_number("1101051949")
    assert messages(excinfo) == ["身份证号应为18位：前17位数字，最后一位为数字或X。"]
    with pytest.raises(ValidationError) as excinfo:
        validate_id_number("110105194902300027")
    assert messages(excinfo) == ["身份证号中的出生日期无效。"]


def test_birth_date_in_the_future_is_refused():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        validate_id_number(valid_id_number(410184, tomorrow, 1))
    assert codes(excinfo) == {"id_birth_date"}
    validate_id_number(valid_id_number(410184, timezone.localdate(), 1))  # born today: a valid number


def test_normalize_strips_and_uppercases():
    assert normalize_id_number(" 11010519491231002x\n") == "11010519491231002X"
    assert normalize_id_number(None) == ""


def test_id_numbers_are_masked_keeping_region_and_last_four():
    assert mask_id_number("410184198503021234") == "410184********1234"
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert len(mask_id_number("410184198503021234")) == 18
    assert "19850302" not in mask_id_number("410184198503021234")
    assert mask_id_number("") == ""
    assert mask_id_number(None) == ""
    assert mask_id_number("1234567890") == "**********"  # too short to keep anything


def test_future_dates_are_refused():
    today = timezone.localdate()  # Asia/Shanghai, as the validator sees it
    validate_not_future(today)
    validate_not_future(datetime.date(2025, 1, 1))
    validate_not_future(None)
    with pytest.raises(ValidationError) as excinfo:
        validate_not_future(today + datetime.timedelta(days=1))
    assert codes(excinfo) == {"future_date"}
    assert messages(excinfo) == ["日期不能晚于今天。"]
