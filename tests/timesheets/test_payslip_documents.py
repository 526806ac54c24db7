"""Payslips as documents: the printable page and the PDF, from HR's run page and from the
employee's My page, read back as text with pdftotext (poppler-utils, installed by bin/setup)."""

import datetime
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.selfservice.factories import switch_on
from tests.timesheets.runs import published
from timesheets.models import TaxCard
from timesheets.services.payroll import payroll_run_build

AUGUST = datetime.date(2025, 8, 1)
needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed: bin/setup installs it"
)


@pytest.fixture
def run(flex):
    flex.settings.pension_member_rate = Decimal("2")
    flex.settings.save()
    TaxCard.objects.create(
        organization=flex.organization,
        employee=flex.employee,
        year=2025,
        percentage=Decimal("31.5"),
        table_number="7100",
    )
    # 65,000.00 - pension 1,300.00 - tax 20,065.50 = net 43,634.50
    return payroll_run_build(organization=flex.organization, period=AUGUST)


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "payslip.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_hrs_payslip_page_shows_employer_deductions_net_pay_and_year_to_date(owner_client, flex, run):
    kwargs = {"org_id": flex.organization.id, "run_id": run.id, "employee_id": flex.employee.id}
    page = owner_client.get(reverse("timesheets:payslip", kwargs=kwargs)).content.decode()
    for text in (
        flex.organization.name,
        flex.organization.org_number,
        flex.employee.number,
        "Tax withholding",
        "tabell 7100",  # stored in the organization's language
        "-20,065.50",
        "Pension member contribution",
        "-1,300.00",
        "43,634.50 NOK",
        "Holiday pay accrued",
        "6,630.00",
        "Year to date 2025",
        "Pay date",
        "Bank account",
        reverse("timesheets:payslip_pdf", kwargs=kwargs),
    ):
        assert text in page, text


@needs_pdftotext
def test_hrs_payslip_pdf_holds_the_net_pay(owner_client, flex, run, tmp_path):
    kwargs = {"org_id": flex.organization.id, "run_id": run.id, "employee_id": flex.employee.id}
    response = owner_client.get(reverse("timesheets:payslip_pdf", kwargs=kwargs))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="payslip-2025-08-{flex.employee.number}.pdf"'
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content, tmp_path)
    assert "Net pay" in text and "43,634.50 NOK" in text
    assert flex.organization.org_number in text and "Kari Nordmann" in text and "-20,065.50" in text


@needs_pdftotext
def test_the_employee_downloads_their_own_payslip_pdf_and_no_one_elses(client, flex, run, tmp_path):
    from tests.factories import EmployeeFactory, UserFactory

    switch_on(flex.organization)
    user = UserFactory(full_name=flex.employee.full_name, email="kari@example.com")
    flex.employee.user = user
    flex.employee.save()
    client.force_login(user)
    url = reverse("timesheets:my_payslip_pdf", args=[run.id])
    assert client.get(url).status_code == 404  # a draft is HR's only
    published(run)
    listing = client.get(reverse("timesheets:my_payslips")).content.decode()
    assert url in listing and "43,634.50" in listing
    assert url in client.get(reverse("timesheets:my_payslip", args=[run.id])).content.decode()
    response = client.get(url)
    assert response.content.startswith(b"%PDF")
    assert "43,634.50 NOK" in pdf_text(response.content, tmp_path)
    stranger = EmployeeFactory(annual_salary=Decimal("600000"))  # another organization's run
    foreign = published(payroll_run_build(organization=stranger.organization, period=AUGUST))
    assert foreign.lines.filter(employee=stranger).exists()
    assert client.get(reverse("timesheets:my_payslip_pdf", args=[foreign.id])).status_code == 404
