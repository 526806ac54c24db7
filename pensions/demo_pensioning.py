"""Demo pensioning data for a Norwegian demo employer: the fund's two schemes (gross and
accrual) with their rules and an example divisor table, and one member's retirement case,
calculated and waiting for the fund's approval. Idempotent: a second run adds nothing."""

import random
from datetime import date
from decimal import Decimal

from hrsuite.models import Organization
from pensions.models import PensionScheme, RetirementCase, SchemeDivisor, SchemeKind, SchemeRule
from pensions.schemes import ServiceYear

D = Decimal


def _schemes(office) -> tuple[PensionScheme, PensionScheme]:
    gross, created = PensionScheme.objects.get_or_create(
        office=office, code="gross", defaults={"name": "Gross scheme (66 %)", "kind": SchemeKind.GROSS}
    )
    if created:
        SchemeRule.objects.create(
            scheme=gross,
            valid_from=date(2000, 1, 1),
            gross_rate=D("66"),
            salary_cap_g=D("12"),
            full_service_years=30,
            source="Scheme rules §3",
        )
    accrual, created = PensionScheme.objects.get_or_create(
        office=office, code="accrual", defaults={"name": "Accrual scheme", "kind": SchemeKind.ACCRUAL}
    )
    if created:
        SchemeRule.objects.create(
            scheme=accrual,
            valid_from=date(2020, 1, 1),
            accrual_rate=D("5.7"),
            accrual_cap_g=D("12"),
            supplement_rate=D("18.1"),
            supplement_floor_g=D("7.1"),
            supplement_cap_g=D("12"),
            source="Scheme rules §5",
        )
        # Example divisors (the fund maintains the real table): a little lower each year.
        SchemeDivisor.objects.bulk_create(
            SchemeDivisor(
                scheme=accrual,
                birth_year=year,
                divisor=D("14.500") - D("0.050") * (year - 1955),
                source="Example divisor table",
            )
            for year in range(1955, 1976)
        )
    return gross, accrual


def seed_pensioning(*, organization: Organization, rng: random.Random) -> None:
    if organization.country != "NO":
        return
    from pensions.services.pensioning import retirement_notify

    gross, _accrual = _schemes(organization.office)
    if RetirementCase.objects.filter(organization=organization).exists():
        return
    member = organization.employees.order_by("number").first()
    if member is None:
        return
    if member.birth_date is None:
        member.birth_date = date(1958, 3, 14)
        member.save(update_fields=["birth_date"])
    service = [
        ServiceYear(year, D("612000"), D("1") if year < 2016 else D("0.8"), source=f"Salary reports {year}")
        for year in range(max(member.employment_start.year, 1998), 2026)
    ]
    retirement_notify(
        organization=organization,
        employee=member,
        scheme=gross,
        retirement_date=date(2025, 12, 31),
        reason="age",
        note="Demo notice",
        actor=None,
        service=service,
    )
