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


EXAMPLE_DIVISORS = {year: D("14.500") - D("0.050") * (year - 1955) for year in range(1955, 1976)}


def _scheme(office, code: str, name: str, kind: str, rule: dict) -> tuple[PensionScheme, bool]:
    scheme, created = PensionScheme.objects.get_or_create(
        office=office, code=code, defaults={"name": name, "kind": kind}
    )
    if created:
        SchemeRule.objects.create(scheme=scheme, **rule)
    return scheme, created


def gross_scheme_for(office) -> PensionScheme:
    """66 % of the salary capped at 12 G, full pension after 30 years (from 2000)."""
    rule = {"valid_from": date(2000, 1, 1), "gross_rate": D("66"), "salary_cap_g": D("12"), "full_service_years": 30}
    return _scheme(office, "gross", "Gross scheme (66 %)", SchemeKind.GROSS, {**rule, "source": "Scheme rules §3"})[0]


def accrual_scheme_for(office, divisors: dict | None = None) -> PensionScheme:
    """5.7 % up to 12 G plus 18.1 % between 7.1 G and 12 G (from 2020), with a divisor table
    (example values unless given: the fund maintains the real one)."""
    rule = {
        "valid_from": date(2020, 1, 1),
        "accrual_rate": D("5.7"),
        "accrual_cap_g": D("12"),
        "supplement_rate": D("18.1"),
        "supplement_floor_g": D("7.1"),
        "supplement_cap_g": D("12"),
        "source": "Scheme rules §5",
    }
    scheme, created = _scheme(office, "accrual", "Accrual scheme", SchemeKind.ACCRUAL, rule)
    if created:
        SchemeDivisor.objects.bulk_create(
            SchemeDivisor(scheme=scheme, birth_year=year, divisor=D(divisor), source="Divisor table")
            for year, divisor in (EXAMPLE_DIVISORS if divisors is None else divisors).items()
        )
    return scheme


def seed_pensioning(*, organization: Organization, rng: random.Random) -> None:
    if organization.country != "NO":
        return
    from pensions.services.pensioning import retirement_notify

    gross = gross_scheme_for(organization.office)
    accrual_scheme_for(organization.office)
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
