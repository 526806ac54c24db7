"""Retirement cases and payout runs on the database: the check lists what is missing, the
calculation is stored with its inputs, approval is audited and payouts are paid once."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from hrsuite.models import AuditAction, AuditEvent
from pensions.models import BasicAmount, CaseStatus, PayoutLine, PayoutRun
from pensions.schemes import calculate
from pensions.selectors.pensioning import g_on
from pensions.services.payouts import payout_run_build, payout_run_close
from pensions.services.pensioning import g_value_add, retirement_approve, retirement_calculate, retirement_notify
from tests.factories import EmployeeFactory
from tests.pensions.pensioning_factories import accrual_scheme, gross_scheme, years

D = Decimal
pytestmark = pytest.mark.django_db


def test_the_migration_ships_the_published_g_values():
    assert g_on(datetime.date(2019, 5, 1)) == D("99858")
    assert g_on(datetime.date(2022, 4, 30)) == D("106399")
    assert g_on(datetime.date(2024, 5, 1)) == D("124028")
    assert g_on(datetime.date(2026, 3, 1)) == D("130160")
    from tests.pensions.test_pensioning_calculation import PUBLISHED

    shipped = {row.valid_from.year: row.amount for row in BasicAmount.objects.all()}
    assert shipped == {year: D(amount) for year, amount in PUBLISHED.items()}
    assert all(row.valid_from.month == 5 and row.valid_from.day == 1 for row in BasicAmount.objects.all())


def test_fund_staff_add_the_next_g_only_from_a_1_may(provider):
    with pytest.raises(ValidationError) as refused:
        g_value_add(valid_from=datetime.date(2026, 6, 1), amount=D("135000"), actor=provider)
    assert "valid_from" in refused.value.error_dict
    with pytest.raises(ValidationError):
        g_value_add(valid_from=datetime.date(2025, 5, 1), amount=D("1"), actor=provider)  # already there
    g_value_add(valid_from=datetime.date(2026, 5, 1), amount=D("135000"), actor=provider)
    assert g_on(datetime.date(2026, 5, 1)) == D("135000")


@pytest.fixture
def provider(organization):
    from tests.selfservice.factories import provider_staff

    return provider_staff(organization, full_name="Fiona Fund")


@pytest.fixture
def member(organization):
    return EmployeeFactory(
        organization=organization,
        birth_date=datetime.date(1958, 3, 14),
        employment_start=datetime.date(2006, 1, 1),
    )


def _notify(organization, member, scheme, service, day=datetime.date(2024, 9, 30)):
    return retirement_notify(
        organization=organization,
        employee=member,
        scheme=scheme,
        retirement_date=day,
        reason="age",
        actor=None,
        service=service,
    )


def test_incomplete_member_data_is_listed_and_nothing_is_calculated(organization, member):
    member.birth_date = None
    member.save()
    scheme = accrual_scheme(organization.office)
    case = _notify(organization, member, scheme, [])
    assert case.status == CaseStatus.NOTIFIED
    assert case.yearly_pension is None
    assert "The member's birth date is not registered." in case.missing
    assert "No accepted salary report holds the member's pensionable salary." in case.missing
    with pytest.raises(ValidationError):
        retirement_approve(case=case, actor=None)


def test_reports_stopping_long_before_retirement_are_missing(organization, member):
    case = _notify(organization, member, gross_scheme(organization.office), years(2006, 2020, "500000"))
    assert case.missing == ["The latest salary report is from 2020: reports up to the retirement are missing."]


def test_accrual_divisor_missing_for_the_birth_year(organization, member):
    case = _notify(organization, member, accrual_scheme(organization.office), years(2022, 2024, "1000000"))
    assert case.missing == ["The scheme has no divisor for birth year 1958."]


def test_a_complete_case_is_calculated_from_a_snapshot_and_corrections_recalculate(organization, member):
    """18 years (12 at 100 %, 6 at 60 %) on 540,000: 185,328.00 a year, 15,444.00 a month."""
    service = years(2006, 2017, "540000") + years(2018, 2023, "540000", "0.6")
    case = _notify(organization, member, gross_scheme(organization.office), service)
    assert case.status == CaseStatus.CALCULATED and case.missing == []
    assert (case.yearly_pension, case.monthly_pension) == (D("185328.00"), D("15444.00"))
    # A later G does not move the stored calculation.
    g_value_add(valid_from=datetime.date(2026, 5, 1), amount=D("135000"), actor=None)
    assert calculate(case.inputs).yearly == D("185328.00")
    # The employer corrects the data: the case is calculated again from it.
    case = retirement_calculate(case=case, service=years(2006, 2023, "540000"))
    assert case.yearly_pension == D("213840.00")  # 66 % × 540,000 × 18/30


def test_approval_is_audited_and_payouts_start_the_month_after(organization, member, provider):
    service = years(2006, 2017, "540000") + years(2018, 2023, "540000", "0.6")
    case = _notify(organization, member, gross_scheme(organization.office), service)
    case = retirement_approve(case=case, actor=provider)
    assert case.approved and case.payout_from == datetime.date(2024, 10, 1)
    event = AuditEvent.objects.get(action=AuditAction.PENSION_APPROVED)
    assert event.actor == provider and event.detail["monthly_pension"] == "15444.00"
    with pytest.raises(ValidationError):
        retirement_calculate(case=case)
    with pytest.raises(ValidationError):
        retirement_approve(case=case, actor=provider)


def _approved(organization, member, provider):
    service = years(2006, 2017, "540000") + years(2018, 2023, "540000", "0.6")
    case = _notify(organization, member, gross_scheme(organization.office), service)
    return retirement_approve(case=case, actor=provider)


def _state():
    return sorted(PayoutLine.objects.values_list("run_id", "case_id", "month", "amount"))


def test_payout_run_pays_arrears_once_and_a_rerun_changes_nothing(organization, member, provider):
    case = _approved(organization, member, provider)
    run = payout_run_build(organization=organization, period=datetime.date(2024, 12, 1))
    # October, November (arrears) and December, 15,444.00 each.
    assert list(run.lines.values_list("month", "amount")) == [
        (datetime.date(2024, 10, 1), D("15444.00")),
        (datetime.date(2024, 11, 1), D("15444.00")),
        (datetime.date(2024, 12, 1), D("15444.00")),
    ]
    before = _state()
    again = payout_run_build(organization=organization, period=datetime.date(2024, 12, 15))
    assert again.pk == run.pk and _state() == before
    assert PayoutRun.objects.count() == 1
    # The next month pays only January.
    january = payout_run_build(organization=organization, period=datetime.date(2025, 1, 1))
    assert list(january.lines.values_list("month", flat=True)) == [datetime.date(2025, 1, 1)]
    assert case.payouts.count() == 4


def test_a_closed_run_never_changes(organization, member, provider):
    run = payout_run_build(organization=organization, period=datetime.date(2024, 10, 1))
    payout_run_close(run=run, actor=provider)
    _approved(organization, member, provider)  # approved after the run was closed
    assert payout_run_build(organization=organization, period=datetime.date(2024, 10, 1)).lines.count() == 0
    # The month the closed run did not pay goes into the next run.
    november = payout_run_build(organization=organization, period=datetime.date(2024, 11, 1))
    assert list(november.lines.values_list("month", flat=True)) == [
        datetime.date(2024, 10, 1),
        datetime.date(2024, 11, 1),
    ]
    with pytest.raises(ValidationError):
        payout_run_close(run=run, actor=provider)


def test_a_notice_for_another_organizations_employee_is_refused(organization, other_organization, member):
    stranger = EmployeeFactory(organization=other_organization)
    with pytest.raises(ValidationError) as refused:
        _notify(organization, stranger, gross_scheme(organization.office), years(2006, 2023, "500000"))
    assert "employee" in refused.value.error_dict


def _report_months(organization, member, months, salary, percentage, actor):
    from pensions.services.members import salary_report_accept
    from tests.pensions.factories import receive, rows

    for period in months:
        report = receive(organization, rows([member], [salary], [percentage]), period=period).report
        if not report.in_force:  # the salary jump of going part time: acknowledged
            report = salary_report_accept(report=report, actor=actor, reason="Went part time")
        assert report.in_force


def test_service_years_come_from_the_salary_reports_in_force(organization, member, provider):
    """12 months of 2024 at 50,000 paid at 100 %, then January-March 2025 at 25,000 at 50 %:
    2024 is 600,000 full time × 1 × 12 months, 2025 600,000 full time × 0.5 × 3 months.
    Gross: 66 % × 600,000 × (15/12)/30 × (12 × 1 + 3 × 0.5)/15 = 14,850.00 a year, 1,237.50 a
    month."""
    from pensions.selectors.pensioning import reported_service

    _report_months(organization, member, [datetime.date(2024, m, 1) for m in range(1, 13)], "50000", "100", provider)
    _report_months(organization, member, [datetime.date(2025, m, 1) for m in range(1, 4)], "25000", "50", provider)
    service = reported_service(employee=member, until=datetime.date(2025, 3, 31))
    assert [(y.year, y.pensionable_salary, y.position_fraction, y.months) for y in service] == [
        (2024, D("600000.00"), D("1.0000"), 12),
        (2025, D("600000.00"), D("0.5000"), 3),
    ]
    assert service[0].source == "Salary reports 2024-01 – 2024-12"
    case = retirement_notify(
        organization=organization,
        employee=member,
        scheme=gross_scheme(organization.office),
        retirement_date=datetime.date(2025, 3, 31),
        reason="age",
        actor=None,
    )
    assert case.missing == []
    assert (case.yearly_pension, case.monthly_pension) == (D("14850.00"), D("1237.50"))


def test_the_period_job_runs_the_payouts_and_a_rerun_adds_nothing(organization, member, provider):
    from pensions.services.period import period_run
    from tests.factories import switch

    switch(organization, "pensions")
    _approved(organization, member, provider)
    first = period_run(period=datetime.date(2024, 11, 1), organization_ids=[organization.id])
    assert first["payouts"] == 2  # October (arrears) and November
    before = _state()
    assert period_run(period=datetime.date(2024, 11, 1), organization_ids=[organization.id])["payouts"] == 0
    assert _state() == before
