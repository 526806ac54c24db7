"""Schemes and service histories for the pensioning tests (the G table comes from the data
migration: the published values 2019-2025)."""

from decimal import Decimal

from pensions.demo_pensioning import accrual_scheme_for, gross_scheme_for
from pensions.schemes import ServiceYear

D = Decimal


def gross_scheme(office):
    return gross_scheme_for(office)


def accrual_scheme(office, *, divisors=None):
    return accrual_scheme_for(office, divisors=divisors or {1963: "14"})


def years(first, last, salary, fraction="1", source="Salary report"):
    return [ServiceYear(year, D(salary), D(fraction), source=f"{source} {year}") for year in range(first, last + 1)]
