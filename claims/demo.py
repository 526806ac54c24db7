"""Demo claims portal for the demo organizations: the portal switched on, a customer
administrator who holds every claims right, policies per line, a year of claims along the
workflow, absences without cover and daily-allowance statements. Idempotent."""

import random
from datetime import timedelta
from decimal import Decimal

from claims import services
from claims.models import PERSONAL_INJURY_LINES, RIGHTS, Claim, ClaimLine, ClaimStatus, DailyAllowanceStatement
from claims.rights import MODULE
from hrsuite.grants import company_access_grant
from hrsuite.management.commands.seed_demo import DEMO_PASSWORD
from hrsuite.models import Employee, Organization, User
from hrsuite.services import module_switch

INSURERS = {"NO": "Fjordsikring ASA", "NL": "Polder Verzekeringen N.V."}
WAITING_DAYS = 30
# Along the workflow: where each demo claim ends up.
PATHS = [
    [],
    [ClaimStatus.IN_REVIEW],
    [ClaimStatus.IN_REVIEW, ClaimStatus.ACCEPTED],
    [ClaimStatus.IN_REVIEW, ClaimStatus.ACCEPTED, ClaimStatus.CLOSED],
    [ClaimStatus.REJECTED, ClaimStatus.CLOSED],
]


def seed_organization(*, organization: Organization, rng: random.Random) -> list[tuple[str, str]]:
    email = f"claims.{organization.country.lower()}@demo.hrsuite.example"
    logins = [(email, f"Claims-portal customer administrator, {organization.name}")]
    if Claim.objects.filter(organization=organization).exists():
        return logins
    module_switch(organization=organization, key=MODULE, enabled=True, actor=None)
    administrator = User.objects.filter(email=email).first() or User.objects.create_user(
        email, DEMO_PASSWORD, full_name=f"Claims administrator {organization.country}", language=organization.language
    )
    rights = frozenset(f"claims.{codename}" for codename, _label in RIGHTS if codename != "location_administrator")
    company_access_grant(user=administrator, organization=organization, rights=sorted(rights))
    today = organization.today()
    policies = {
        line: services.policy_create(
            organization=organization,
            actor=administrator,
            line=line,
            insurer=INSURERS.get(organization.country, "Demo Insurance"),
            policy_number=f"{organization.country}-{index + 1:03d}-{organization.org_number[-4:]}",
            valid_from=today.replace(month=1, day=1) - timedelta(days=365),
            valid_to=None,
            cover="",
            premium=Decimal(rng.randrange(2_000, 40_000)),
            waiting_period_days=WAITING_DAYS if line == ClaimLine.SICKNESS else 0,
        )
        for index, line in enumerate(ClaimLine)
    }
    employees = list(Employee.objects.filter(organization=organization, employment_end__isnull=True)[:40])
    for number in range(36):
        line = rng.choice(list(ClaimLine))
        occurred = today - timedelta(days=rng.randrange(5, 360))
        claim = services.claim_create(
            organization=organization,
            actor=administrator,
            rights=rights,
            line=line,
            title=f"{ClaimLine(line).label} {occurred:%d.%m.%Y}",
            occurred_on=occurred,
            reported_on=min(today, occurred + timedelta(days=rng.randrange(0, 5))),
            employee=rng.choice(employees) if line in PERSONAL_INJURY_LINES else None,
            policy=policies[line],
            claim_number=f"S-{organization.country}-{number + 1:04d}",
            estimated_amount=Decimal(rng.randrange(500, 50_000)),
        )
        for status in rng.choice(PATHS):
            services.claim_status_change(claim=claim, actor=administrator, to_status=status)
        if line == ClaimLine.SICKNESS:
            month = occurred.replace(day=1)
            DailyAllowanceStatement.objects.get_or_create(
                claim=claim,
                month=month,
                defaults={"days": Decimal(20), "daily_rate": Decimal(180), "amount": Decimal(3600)},
            )
    for employee, days_ago in zip(employees[-3:], (10, 35, 50), strict=True):
        services.absence_create(
            organization=organization,
            actor=administrator,
            employee=employee,
            first_day=today - timedelta(days=days_ago),
            waiting_period_days=WAITING_DAYS,
            responsible=administrator,
            policy=policies[ClaimLine.SICKNESS],
        )
    return logins
