"""In the browser: the fund's staff turn an employer's paid payroll run into a salary report
in one click, acknowledge its one warning (a salary jump) with a reason, compute the premium
and its invoice, and register the employer's payment, which the reference matches."""

import os
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from pensions.models import Invoice, ReportStatus, SalaryReport
from tests.browser.conftest import login
from tests.factories import UserFactory
from tests.pensions.factories import fund_employer, members, rate, receive, rows
from timesheets.models import LineKind, PayrollLine, PayrollRun, RunStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("PENSION_SHOTS")  # a folder: save what the flow shows, to look at


def shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_payroll_run_to_report_with_a_warning_acknowledged_invoice_and_payment(page):
    employer = fund_employer(name="Fjordkraft Regnskap AS")
    rate(employer, employer="12.000", member="2.000")
    staff = members(employer, 2)
    receive(employer, rows(staff, ["40000.00", "40000.00"]), period=date(2025, 2, 1))
    run = PayrollRun.objects.create(organization=employer, period=date(2025, 3, 1), status=RunStatus.CLOSED)
    for employee, amount in zip(staff, ["60000.00", "40000.00"], strict=True):
        PayrollLine.objects.create(
            run=run, employee=employee, kind=LineKind.SALARY, key="salary", description="Salary", amount=Decimal(amount)
        )
    fund = UserFactory(office=employer.office, full_name="Frida Fund")
    fund.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["pensions", "hrsuite"]))

    login(page, fund)
    page.goto(f"{page.base_url}/orgs/{employer.id}/pensions/reports/")
    page.select_option("#id_run", label="March 2025")
    page.get_by_role("button", name="Report from payroll").click()
    expect(page.get_by_text("The report has warnings")).to_be_visible()
    expect(page.get_by_text("changed by 50.00 %")).to_be_visible()
    shot(page, "report_warning")
    page.fill("#id_reason", "Promotion to team lead in March")
    page.get_by_role("button", name="Acknowledge and accept").click()
    expect(page.get_by_text("is accepted and in force")).to_be_visible()
    report = SalaryReport.objects.get(period=date(2025, 3, 1))
    assert report.status == ReportStatus.ACCEPTED and report.salary_total == Decimal("100000.00")

    page.get_by_role("link", name="Premiums and invoices").first.click()
    page.get_by_role("button", name="Compute premium and invoice").first.click()
    expect(page.get_by_text("Premium computed")).to_be_visible()
    invoice = Invoice.objects.get(period=date(2025, 3, 1))
    assert invoice.total == Decimal("14000.00")
    shot(page, "invoice")

    page.get_by_role("link", name="Payments").click()
    page.get_by_role("link", name="Register a payment").click()
    page.fill("#id_reference", invoice.reference)
    page.fill("#id_amount", "10000.00")
    page.fill("#id_paid_on", "2025-04-25")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"Payment registered against invoice {invoice.number}")).to_be_visible()
    page.get_by_role("link", name="Invoices", exact=True).click()
    expect(page.get_by_text("Partly paid")).to_be_visible()
    shot(page, "invoices")
