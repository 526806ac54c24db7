"""The rounding rules for money and hours, in one place.

Amounts and hours are Decimal, never float. Arithmetic stays unrounded until a figure is
stored or shown; then it rounds once, half up (away from zero: 0.005 -> 0.01, -0.005 -> -0.01),
to whole cents and hundredths of an hour.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
HUNDREDTH_HOUR = Decimal("0.01")
HUNDRED = Decimal("100")


def to_decimal(value) -> Decimal:
    """A finite Decimal from a Decimal, int or numeric text; ValueError for anything else
    (floats included: they carry binary noise), NaN and infinity too."""
    if isinstance(value, (bool, float)):
        raise ValueError(f"not an exact number: {value!r}")
    try:
        number = value if isinstance(value, Decimal) else Decimal(value.strip() if isinstance(value, str) else value)
    except (InvalidOperation, TypeError) as bad:
        raise ValueError(f"not a number: {value!r}") from bad
    if not number.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return number


def round_money(value) -> Decimal:
    return to_decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def round_hours(value) -> Decimal:
    return to_decimal(value).quantize(HUNDREDTH_HOUR, rounding=ROUND_HALF_UP)


def percentage_of(value, percentage) -> Decimal:
    """percentage % of value, unrounded (round the final figure with round_money)."""
    return to_decimal(value) * to_decimal(percentage) / HUNDRED
