"""Ratio ("不适用" for a zero denominator, never 0 % or 100 %) and the Chinese number formats.

LANGUAGE_CODE is zh-hans, so with no language activated the messages are the Chinese source text.
"""
from decimal import Decimal

import pytest
from django.utils import translation

from unions.figures import Ratio, format_people, format_percent, format_yuan


def test_active_language_is_chinese():
    assert translation.get_language() == "zh-hans"


def test_applicable_ratio():
    ratio = Ratio(92, 106)
    assert ratio.applicable
    assert ratio.value == Decimal(92) / Decimal(106)
    assert ratio.percent == Decimal("86.8")
    assert str(ratio) == "86.8%"
    assert format_percent(ratio) == "86.8%"


@pytest.mark.parametrize(
    ("numerator", "denominator", "text"),
    [
        (1, 3, "33.3%"),
        (2, 3, "66.7%"),
        (5, 5, "100%"),
        (0, 5, "0%"),  # a real zero: the denominator exists
        (1, 8, "12.5%"),
        (1, 16, "6.3%"),  # 6.25 rounds half up, not to the even 6.2
        (1, 1600, "0.1%"),  # 0.0625
        (7, 200, "3.5%"),
        (Decimal("1.5"), Decimal("2"), "75%"),
    ],
)
def test_percent_is_rounded_half_up_to_one_decimal(numerator, denominator, text):
    assert str(Ratio(numerator, denominator)) == text


@pytest.mark.parametrize("ratio", [Ratio(0, 0), Ratio(3, 0), Ratio(Decimal("0"), Decimal("0"))])
def test_zero_denominator_is_not_applicable(ratio):
    assert ratio.applicable is False
    assert ratio.value is None
    assert ratio.percent is None
    assert str(ratio) == "不适用"
    assert "%" not in str(ratio)


def test_ratios_compare_by_their_terms():
    assert Ratio(2, 4) == Ratio(2, 4)
    assert Ratio(2, 4) != Ratio(1, 2)  # same percentage, different counts: reports quote the counts


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("158000"), "15.8万元"),
        (Decimal("31463"), "3.15万元"),
        (31463, "3.15万元"),
        (Decimal("360000"), "36万元"),
        (Decimal("100000"), "10万元"),  # not "1E+1万元"
        (Decimal("10000"), "1万元"),
        (Decimal("1234567"), "123.46万元"),
        (Decimal("9999"), "9999元"),
        (Decimal("500"), "500元"),
        (500, "500元"),
        (Decimal("2000.50"), "2000.5元"),
        (Decimal("0.5"), "0.5元"),
        (Decimal("0"), "0元"),
        (None, "0元"),
    ],
)
def test_format_yuan(amount, text):
    assert format_yuan(amount) == text


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (18000, "1.8万人"),
        (24731, "2.47万人"),  # the figure's precision, to two decimals of 万
        (19200, "1.92万人"),
        (15555, "1.56万人"),  # half up
        (10000, "1万人"),
        (100000, "10万人"),
        (9999, "9999人"),
        (1416, "1416人"),
        (236, "236人"),
        (0, "0人"),
    ],
)
def test_format_people(count, text):
    assert format_people(count) == text
