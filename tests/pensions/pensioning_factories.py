"""Schemes and service histories for the pensioning tests (the G table comes from the data
migration: the published values 2019-2025)."""

from decimal import Decimal

from pensions.models import PensionScheme, SchemeDivisor, SchemeKind, SchemeRule
from pensions.schemes import ServiceYear

D = Decimal


def gross_scheme(office, *, valid_from="2000-01-01"):
    scheme = PensionScheme.objects.create(office=office, code="gross", name="Gross scheme", kind=SchemeKind.GROSS)
    SchemeRule.objects.create(
        scheme=scheme,
        valid_from=valid_from,
        gross_rate=D("66"),
        salary_cap_g=D("12"),
        full_service_years=30,
        source="Scheme rules §3",
    )
    return scheme


def accrual_scheme(office, *, divisors=None):
    scheme = PensionScheme.objects.create(office=office, code="accrual", name="Accrual scheme", kind=SchemeKind.ACCRUAL)
    SchemeRule.objects.create(
        scheme=scheme,
        valid_from="2020-01-01",
        accrual_rate=D("5.7"),
        accrual_cap_g=D("12"),
        supplement_rate=D("18.1"),
        supplement_floor_g=D("7.1"),
        supplement_cap_g=D("12"),
        source="Scheme rules §5",
    )
    for birth_year, divisor in (divisors or {1963: "14"}).items():
        SchemeDivisor.objects.create(scheme=scheme, birth_year=birth_year, divisor=D(divisor), source="Divisor table")
    return scheme


def years(first, last, salary, fraction="1", source="Salary report"):
    return [ServiceYear(year, D(salary), D(fraction), source=f"{source} {year}") for year in range(first, last + 1)]
