"""Demo member data: the demo employers join the fund, a rate, reports for recent months
(from the employer's employees and their salary terms), premiums and an invoice."""

import random

from hrsuite.models import Organization


def seed_organization(*, organization: Organization, rng: random.Random) -> list:
    from pensions.demo_pensioning import seed_pensioning

    seed_pensioning(organization=organization, rng=rng)
    return []
