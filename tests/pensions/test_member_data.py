"""Memberships follow the employment; salary reports are checked, accepted and corrected."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hrsuite.services import employment_end
from pensions.models import Membership, ReportStatus, SalaryReport, SalaryReportLine
from pensions.selectors.members import report_as_of, report_in_force
from pensions.services.members import (
    ReportRefused,
    memberships_sync,
    payroll_rows,
    salary_report_accept,
    salary_report_from_file,
    salary_report_from_payroll,
)
from tests.factories import EmployeeFactory, UserFactory
from tests.pensions.factories import PERIOD, fund_employer, members, receive, rows

pytestmark = pytest.mark.django_db


def test_a_new_employee_of_an_employer_in_the_fund_is_a_member_from_the_start_and_leaves_with_the_employment():
    employer = fund_employer()
    employee = EmployeeFactory(organization=employer, employment_start=date(2024, 2, 1))
    membership = Membership.objects.get(employee=employee)
    assert (membership.start, membership.end) == (date(2024, 2, 1), None)
    employment_end(employee=employee, end_date=date(2025, 6, 30), actor=UserFactory())
    membership.refresh_from_db()
    assert membership.end == date(2025, 6, 30)
    assert membership.history.count() == 2


def test_employees_outside_the_fund_are_no_members_until_the_sync_after_joining():
    employer = fund_employer()
    from tests.factories import OrganizationFactory

    elsewhere = OrganizationFactory()
    EmployeeFactory(organization=elsewhere)
    assert not Membership.objects.filter(organization=elsewhere).exists()
    assert memberships_sync(organization=elsewhere) == 1
    assert memberships_sync(organization=elsewhere) == 0
    assert memberships_sync(organization=employer) == 0


def test_a_clean_report_is_accepted_at_once_with_its_exact_figures():
    employer = fund_employer()
    staff = members(employer, 2)
    received = receive(employer, rows(staff, ["50000.00", "41666,67"], ["100", "80.5"]))
    report = received.report
    assert received.created and report.status == ReportStatus.ACCEPTED
    assert report.salary_total == Decimal("91666.67")
    lines = list(report.lines.order_by("row_number").values_list("pensionable_salary", "position_percentage"))
    assert lines == [(Decimal("50000.00"), Decimal("100.00")), (Decimal("41666.67"), Decimal("80.50"))]


def test_a_report_with_any_error_row_changes_nothing_and_lists_every_error_by_row():
    employer = fund_employer()
    staff = members(employer, 3)
    bad = [
        *rows(staff[:1], ["50000"]),
        *rows(staff[1:2], ["-5"]),  # impossible salary
        *rows(staff[2:3], ["40000"], ["120"]),  # position above 100
        *rows(staff[:1], ["50000"]),  # duplicate
    ]
    bad.append(rows(staff[:1], ["1"])[0])
    bad[-1].employee_number = "nobody"
    bad.append(rows(staff[1:2], [""])[0])
    bad[-1].employee_number, bad[-1].start, bad[-1].end = "x", "2025-03-10", "2025-03-01"
    for row_number, row in enumerate(bad, start=2):
        row.row_number = row_number
    with pytest.raises(ReportRefused) as refused:
        receive(employer, bad)
    codes = {(f.row_number, f.code) for f in refused.value.checked.errors}
    assert {
        (3, "impossible"),
        (4, "position_over_100"),
        (5, "duplicate"),
        (6, "unknown_member"),
        (7, "missing"),
        (7, "start_after_end"),
    } <= codes
    assert not SalaryReport.objects.exists() and not SalaryReportLine.objects.exists()


def test_warnings_wait_for_an_acknowledgement_with_a_reason():
    employer = fund_employer()
    staff = members(employer, 3)
    young = EmployeeFactory(organization=employer, birth_date=date(2012, 1, 1))
    receive(employer, rows(staff, ["40000", "40000", "40000"]), period=PERIOD - timedelta(days=1))
    # March: the first member's salary jumps 50 %, the third vanished without leaving, one is 13.
    received = receive(employer, rows([staff[0], staff[1], young], ["60000", "40000", "10000"]))
    report = received.report
    assert report.status == ReportStatus.PENDING
    assert sorted(f.code for f in report.findings.all()) == ["age_limit", "salary_jump", "vanished"]
    assert report_in_force(organization=employer, period=PERIOD) is None
    actor = UserFactory()
    with pytest.raises(ValidationError):
        salary_report_accept(report=report, actor=actor, reason="  ")
    salary_report_accept(report=report, actor=actor, reason="Promotion; apprentice; left in February")
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.acknowledged_by == actor


def test_a_correction_replaces_the_earlier_report_and_both_stay_for_as_of_queries():
    employer = fund_employer()
    staff = members(employer, 2)
    first = receive(employer, rows(staff, ["40000", "40000"])).report
    between = timezone.now()
    second = receive(employer, rows(staff, ["40000", "42000"])).report
    first.refresh_from_db()
    assert (first.status, second.status, second.replaces) == (ReportStatus.REPLACED, ReportStatus.ACCEPTED, first)
    assert report_as_of(organization=employer, period=PERIOD, moment=between) == first
    assert report_as_of(organization=employer, period=PERIOD, moment=timezone.now()) == second
    assert report_as_of(organization=employer, period=PERIOD, moment=first.received_at - timedelta(seconds=1)) is None


CSV = (
    "employee_number;pensionable_salary;position_percentage;start;end;change\n{a};50000,00;100;;;\n{b};25000.50;50;;;\n"
)


def test_re_importing_the_same_file_changes_nothing():
    employer = fund_employer()
    a, b = members(employer, 2)
    content = CSV.format(a=a.number, b=b.number).encode()
    actor = UserFactory()
    first = salary_report_from_file(
        organization=employer, period=PERIOD, file_name="m.csv", content=content, actor=actor
    )
    history = SalaryReport.history.count()
    again = salary_report_from_file(
        organization=employer, period=PERIOD, file_name="m.csv", content=content, actor=actor
    )
    assert first.created and not again.created and again.report == first.report
    assert SalaryReport.objects.count() == 1 and SalaryReport.history.count() == history
    assert SalaryReportLine.objects.count() == 2


def test_an_unreadable_file_is_refused_naming_the_file():
    employer = fund_employer()
    with pytest.raises(ValidationError) as refused:
        salary_report_from_file(
            organization=employer, period=PERIOD, file_name="m.csv", content=b"name;salary\nx;1\n", actor=UserFactory()
        )
    assert "file" in refused.value.message_dict


def test_the_payroll_run_becomes_a_report_with_payrolls_figures_exactly():
    from timesheets.models import LineKind, PayrollLine, PayrollRun, RunStatus

    employer = fund_employer()
    full, part = members(employer, 2)
    from tests.factories import terms_change

    terms_change(part, employment_percentage=Decimal("60"))
    run = PayrollRun.objects.create(organization=employer, period=PERIOD, status=RunStatus.CLOSED)
    for employee, amount, kind in [
        (full, "54166.67", LineKind.SALARY),
        (full, "800.00", LineKind.OVERTIME),  # variable pay: not pensionable
        (part, "21666.66", LineKind.SALARY),
    ]:
        PayrollLine.objects.create(
            run=run,
            employee=employee,
            kind=kind,
            key=f"{kind}-{employee.number}",
            description=kind,
            amount=Decimal(amount),
        )
    received = salary_report_from_payroll(organization=employer, run_id=run.id, actor=None)
    lines = dict(received.report.lines.values_list("employee_id", "pensionable_salary"))
    assert lines == {full.id: Decimal("54166.67"), part.id: Decimal("21666.66")}
    assert received.report.lines.get(employee=part).position_percentage == Decimal("60.00")
    assert received.report.source == "payroll" and received.report.status == ReportStatus.ACCEPTED
    # The same run again: nothing new.
    assert not salary_report_from_payroll(organization=employer, run_id=run.id, actor=None).created
    assert len(payroll_rows(organization=employer, period=PERIOD)) == 2


def test_an_open_payroll_run_cannot_be_reported():
    from timesheets.models import PayrollRun

    employer = fund_employer()
    run = PayrollRun.objects.create(organization=employer, period=PERIOD)
    with pytest.raises(ValidationError):
        salary_report_from_payroll(organization=employer, run_id=run.id, actor=None)
