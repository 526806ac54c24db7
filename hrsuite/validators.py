"""Per-country checks of the contact and payment details HR records about an employee.

The one place these rules live: Employee.clean() calls contact_errors(), so the edit form,
the import and self-service change requests (which validate a proposed copy of the
employee) refuse the same values with the same messages, and each stores the same
normalized form (an account number without spaces, a phone number in international form).

Bank accounts: an IBAN anywhere (ISO 13616 check digits, python-stdnum); in Norway also the
11-digit national account number with its MOD11 check digit (stdnum.no.kontonr), which is
what Norwegian employees know by heart. BIC: ISO 9362. Postal codes: NO 4 digits, NL
"1234 AB", DE 5 digits, SE "123 45", DK 4 digits. Phone numbers: libphonenumber, read in the
address country (or the organization's) when written without a +country code.
"""

import re

import phonenumbers
from django.utils.translation import gettext as _
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import kontonr

POSTAL_CODES = {
    "NO": (re.compile(r"^\d{4}$"), "0150"),
    "NL": (re.compile(r"^[1-9]\d{3} ?[A-Z]{2}$"), "1012 AB"),
    "DE": (re.compile(r"^\d{5}$"), "10115"),
    "SE": (re.compile(r"^\d{3} ?\d{2}$"), "111 22"),
    "DK": (re.compile(r"^\d{4}$"), "1050"),
}


def compact_account(value: str) -> str:
    """Spaces, dots and dashes people type into account numbers, gone; letters upper-case."""
    return re.sub(r"[\s.\-]", "", value or "").upper()


def bank_account_problem(value: str, *, country: str) -> str | None:
    """Why the (compacted) account number is not one payroll can pay to, or None."""
    if not value:
        return None
    if value[:2].isalpha():
        if stdnum_iban.is_valid(value):
            return None
        return _("This is not a valid IBAN: check the letters and digits (e.g. NO93 8601 1117 947).")
    if country == "NO":
        if not value.isdigit() or len(value) != 11:
            return _("A Norwegian account number has 11 digits (e.g. 8601.11.17947), or enter an IBAN.")
        if not kontonr.is_valid(value):
            return _("The check digit of this account number is wrong: check for a typing error.")
        return None
    return _("Enter the account as an IBAN (two letters, then digits, e.g. NL91 ABNA 0417 1643 00).")


def bic_problem(value: str) -> str | None:
    if value and not stdnum_bic.is_valid(value):
        return _("A BIC has 8 or 11 letters and digits (e.g. DNBANOKK).")
    return None


def normalize_postal_code(value: str) -> str:
    return " ".join((value or "").upper().split())


def postal_code_problem(value: str, *, country: str) -> str | None:
    rule = POSTAL_CODES.get(country)
    if not value or rule is None:
        return None
    pattern, example = rule
    if pattern.match(value):
        return None
    return _("This is not a postal code of the chosen country (e.g. %(example)s).") % {"example": example}


def normalize_phone(value: str, *, country: str) -> tuple[str, str | None]:
    """The number in international form and None, or the value as typed and the problem."""
    if not value:
        return "", None
    try:
        number = phonenumbers.parse(value, country or None)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        return value, _("This is not a valid phone number; start with + and the country code (e.g. +47 22 12 34 56).")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL), None


def contact_errors(employee, *, organization_country: str) -> dict[str, str]:
    """Normalize the employee's contact and payment fields in place; the problems by field.

    Addresses and phone numbers are read in the address country (the organization's when
    none is given); accounts in the organization's country, whose payroll pays them."""
    errors = {}
    address_country = employee.country or organization_country
    employee.bank_account = compact_account(employee.bank_account)
    employee.bic = compact_account(employee.bic)
    employee.postal_code = normalize_postal_code(employee.postal_code)
    for name, problem in (
        ("bank_account", bank_account_problem(employee.bank_account, country=organization_country)),
        ("bic", bic_problem(employee.bic)),
        ("postal_code", postal_code_problem(employee.postal_code, country=address_country)),
    ):
        if problem:
            errors[name] = problem
    for name in ("phone", "emergency_contact_phone"):
        value, problem = normalize_phone(getattr(employee, name), country=address_country)
        setattr(employee, name, value)
        if problem:
            errors[name] = problem
    return errors


def iban_display(value: str) -> str:
    """An account number grouped the way people read it from their bank card."""
    if not value:
        return ""
    try:
        if value[:2].isalpha():
            return stdnum_iban.format(value)
        if len(value) == 11 and value.isdigit():
            return kontonr.format(value)
    except StdnumError:
        pass
    return value
