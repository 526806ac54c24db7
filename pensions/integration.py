"""What the pension fund supplies to the rest of the suite."""

from datetime import date
from decimal import Decimal

from hrsuite.models import Organization
from hrsuite.modules import module_is_on

MODULE = "pensions"


def member_contribution_rate(*, organization: Organization, day: date) -> Decimal | None:
    """The member contribution payroll deducts, for an employer in the fund (module on) whose
    fund has a premium rate in force on the day; None otherwise, so payroll falls back to the
    organization's own rate. Two queries at most, once per payroll run."""
    from pensions.selectors.premiums import rate_on

    if not module_is_on(organization, MODULE):
        return None
    rate = rate_on(office_id=organization.office_id, day=day)
    return rate.member_rate if rate is not None else None
