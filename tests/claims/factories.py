import datetime
from decimal import Decimal

import factory

from claims.models import PERSONAL_INJURY_LINES, AbsenceWithoutCover, Claim, ClaimLine, Policy
from claims.rights import MINIMUM_RIGHTS
from hrsuite.grants import company_access_grant
from tests.factories import EmployeeFactory, OrganizationFactory, UserFactory


def terms_accepted(user):
    """The user has accepted the current terms of use (claims/terms.py), as every customer
    administrator has after their first login."""
    from claims.terms import terms_accept

    terms_accept(user=user)
    return user


def portal_member(organization, *rights: str, accept_terms: bool = True, **fields):
    """A claims-portal user of the organization with the minimum rights plus these, past the
    terms of use unless told otherwise."""
    user = UserFactory(**fields)
    company_access_grant(user=user, organization=organization, rights=[*MINIMUM_RIGHTS, *rights])
    return terms_accepted(user) if accept_terms else user


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Policy

    organization = factory.SubFactory(OrganizationFactory, modules={"claims": True})
    line = ClaimLine.SICKNESS
    insurer = "Helvetia"
    policy_number = factory.Sequence(lambda n: f"P-{n:05d}")
    valid_from = datetime.date(2026, 1, 1)
    premium = Decimal("12000.00")
    waiting_period_days = 30


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    organization = factory.SubFactory(OrganizationFactory, modules={"claims": True})
    line = ClaimLine.MOTOR
    title = factory.Sequence(lambda n: f"Claim {n}")
    occurred_on = datetime.date(2026, 3, 2)
    reported_on = datetime.date(2026, 3, 3)
    handler = factory.SubFactory(UserFactory)
    employee = factory.LazyAttribute(
        lambda c: EmployeeFactory(organization=c.organization) if c.line in PERSONAL_INJURY_LINES else None
    )
    job_function_level = factory.LazyAttribute(lambda c: c.employee.job_function_level if c.employee else "")


class AbsenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AbsenceWithoutCover

    organization = factory.SubFactory(OrganizationFactory, modules={"claims": True})
    employee = factory.LazyAttribute(lambda a: EmployeeFactory(organization=a.organization))
    first_day = datetime.date(2026, 10, 1)
    waiting_period_days = 30
    waiting_period_ends_on = factory.LazyAttribute(
        lambda a: a.first_day + datetime.timedelta(days=a.waiting_period_days)
    )
    responsible = factory.SubFactory(UserFactory)
