"""The rounding rules: half up (away from zero) to cents and hundredths of an hour."""

from decimal import Decimal

import pytest

from hrsuite.money import percentage_of, round_hours, round_money, to_decimal

D = Decimal


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        (D("0.005"), D("0.01")),
        (D("0.004999"), D("0.00")),
        (D("0.015"), D("0.02")),  # half up, not half even
        (D("0.025"), D("0.03")),
        (D("-0.005"), D("-0.01")),  # away from zero
        (D("-0.004"), D("0.00")),
        (D("-1234.565"), D("-1234.57")),
        (D("5416.666666"), D("5416.67")),
        (D("100"), D("100.00")),
        (7, D("7.00")),
        ("12.345", D("12.35")),
    ],
)
def test_round_money_half_up(value, rounded):
    result = round_money(value)
    assert result == rounded
    assert result.as_tuple().exponent == -2


def test_round_hours_half_up():
    assert round_hours(D("7.125")) == D("7.13")
    assert round_hours(D("-3.335")) == D("-3.34")
    assert round_hours(D("37.5") / 5) == D("7.50")


def test_percentage_of_is_unrounded_until_asked():
    assert percentage_of(D("650000") / 12, D("80")) == D("650000") / 12 * D("80") / 100
    assert round_money(percentage_of(D("333.33"), D("50"))) == D("166.67")  # 166.665
    assert percentage_of(D("-200"), 150) == D("-300")


@pytest.mark.parametrize(
    "bad", [D("NaN"), D("sNaN"), D("Infinity"), D("-Infinity"), "nan", "inf", "abc", "", 0.1, True, None]
)
def test_to_decimal_refuses_what_is_not_a_finite_exact_number(bad):
    with pytest.raises(ValueError):
        to_decimal(bad)


def test_to_decimal_accepts_exact_numbers():
    assert to_decimal(" 12.50 ") == D("12.50")
    assert to_decimal(-3) == D("-3")
    assert to_decimal(D("1E+2")) == D("100")


def test_rounding_moves_less_than_half_a_cent_and_is_symmetric():
    for thousandths in range(-3000, 3001):  # every thousandth from -3 to 3
        value = D(thousandths) / 1000
        rounded = round_money(value)
        assert abs(rounded - value) <= D("0.005")
        assert round_money(-value) == -rounded
        assert round_money(rounded) == rounded
