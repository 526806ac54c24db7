"""The pension member contribution rate that payroll deducts from gross pay.

The pension fund app supplies the rate for employers whose members are in the fund
(`register_pension_rate` in its AppConfig.ready()); where no provider knows the employer,
payroll falls back to the organization's own rate in its timesheet settings. Payroll asks
once per run, so the rate never costs a query per employee.
"""

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from hrsuite.models import Organization

PensionRateProvider = Callable[..., Decimal | None]
PENSION_RATE_PROVIDERS: list[PensionRateProvider] = []


def register_pension_rate(provider: PensionRateProvider) -> PensionRateProvider:
    """`provider(organization=..., day=...)` returns a percentage such as Decimal("2.00"),
    or None when it does not know the organization."""
    PENSION_RATE_PROVIDERS.append(provider)
    return provider


def pension_member_rate(*, organization: Organization, day: date) -> Decimal | None:
    for provider in PENSION_RATE_PROVIDERS:
        rate = provider(organization=organization, day=day)
        if rate is not None:
            return rate
    return None
