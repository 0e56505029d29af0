import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from unions.figures import Ratio, format_people, format_yuan
from unions.validators import id_check_char, mask_id_number, validate_id_number, validate_not_future

from .factories import valid_id_number


def codes(excinfo) -> set[str]:
    return {error.code for error in excinfo.value.error_list}


def test_gb11643_check_character():
    # The worked example of GB 11643-1999: 11010519491231002X.
    assert id_check_char("11010519491231002") == "X"
    validate_id_number("11010519491231002X")
    validate_id_number(valid_id_number(410184, datetime.date(1985, 3, 2), 17))


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("110105194912310021", "id_check_digit"),
        ("11010519491231002", "id_format"),
        ("11010519491231002XX", "id_format"),
        ("11010519491231002Y", "id_format"),
        ("110105194902300027", "id_birth_date"),
    ],
)
def test_bad_id_numbers_are_refused_with_a_reason(number, code):
    with pytest.raises(ValidationError) as excinfo:
        validate_id_number(number)
    assert codes(excinfo) == {code}


def test_id_numbers_are_masked_keeping_region_and_last_four():
    assert mask_id_number("410184198503020173") == "410184********0173"
    assert mask_id_number("") == ""


def test_future_dates_are_refused():
    validate_not_future(datetime.date.today())
    with pytest.raises(ValidationError):
        validate_not_future(datetime.date.today() + datetime.timedelta(days=1))


def test_ratio_rounds_to_one_decimal_and_knows_zero_denominators():
    assert Ratio(92, 106).percent == Decimal("86.8")
    assert str(Ratio(92, 106)) == "86.8%"
    assert str(Ratio(1, 3)) == "33.3%"
    assert str(Ratio(2, 3)) == "66.7%"
    assert str(Ratio(5, 5)) == "100.0%"
    assert str(Ratio(0, 5)) == "0.0%"
    assert str(Ratio(0, 0)) == "不适用"
    assert Ratio(3, 0).value is None


def test_chinese_number_formats():
    assert format_yuan(Decimal("158000")) == "15.8万元"
    assert format_yuan(Decimal("31463")) == "3.15万元"
    assert format_yuan(Decimal("360000")) == "36万元"
    assert format_yuan(Decimal("500")) == "500元"
    assert format_yuan(Decimal("2000.50")) == "2000.5元"
    assert format_yuan(None) == "0元"
    assert format_people(18000) == "1.8万人"
    assert format_people(1416) == "1416人"
