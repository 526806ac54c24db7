"""Validation and masking of national identity numbers, per country.

Norway: fødselsnummer, 11 digits with two modulus-11 check digits.
Netherlands: BSN, 9 digits passing the "elfproef" (11-test).
Other countries: letters and digits only; no checksum is known to us.
"""

from django.utils.translation import gettext as _

_NO_WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_NO_WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _mod11_check(digits: list[int], weights: tuple[int, ...]) -> int | None:
    remainder = sum(d * w for d, w in zip(digits, weights, strict=False)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    return None if check == 10 else check


def norwegian_check_digits(first_nine: str) -> str | None:
    """The two check digits for nine leading digits, or None when no valid number exists."""
    digits = [int(c) for c in first_nine]
    k1 = _mod11_check(digits, _NO_WEIGHTS_1)
    if k1 is None:
        return None
    k2 = _mod11_check([*digits, k1], _NO_WEIGHTS_2)
    if k2 is None:
        return None
    return f"{k1}{k2}"


def bsn_is_valid(value: str) -> bool:
    digits = [int(c) for c in value]
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
    return total % 11 == 0 and total != 0


def problem(country: str, value: str) -> str | None:
    """Why the number is not valid for the country, or None when it is."""
    if country == "NO":
        if len(value) != 11 or not value.isdigit():
            return _("A Norwegian national identity number has 11 digits.")
        if norwegian_check_digits(value[:9]) != value[9:]:
            return _("The check digits of this national identity number are wrong.")
    elif country == "NL":
        if len(value) != 9 or not value.isdigit():
            return _("A Dutch BSN has 9 digits.")
        if not bsn_is_valid(value):
            return _("This BSN does not pass the 11-test.")
    elif not value.isalnum():
        return _("Use letters and digits only.")
    return None


def mask(value: str) -> str:
    if not value:
        return ""
    return "•" * (len(value) - 2) + value[-2:]
