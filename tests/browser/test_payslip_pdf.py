"""HR opens a run's payslip showing net pay; the employee downloads the PDF from My page."""

import datetime
import shutil
import subprocess
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import EmployeeFactory, UserFactory, switch
from tests.selfservice.factories import ensure_catalog, switch_on
from tests.timesheets.factories import TimesheetSettingsFactory
from tests.timesheets.runs import published
from timesheets.models import TaxCard
from timesheets.services.payroll import payroll_run_build

pytestmark = pytest.mark.django_db(transaction=True)

NET = "43,634.50 NOK"  # 65,000.00 - pension 2 % 1,300.00 - tax 31.5 % of 63,700.00 (20,065.50)


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_hr_opens_the_payslip_and_the_employee_downloads_the_pdf(page, organization, owner, tmp_path):
    ensure_catalog()
    switch(organization, "timesheets")
    TimesheetSettingsFactory(
        organization=organization, flex_start=datetime.date(2025, 1, 1), pension_member_rate=Decimal("2")
    )
    switch_on(organization)
    user = UserFactory(full_name="Kari Nordmann", email="kari@example.com")
    employee = EmployeeFactory(
        organization=organization,
        first_name="Kari",
        last_name="Nordmann",
        annual_salary=Decimal("780000"),
        employment_start=datetime.date(2020, 1, 1),
        user=user,
    )
    TaxCard.objects.create(
        organization=organization, employee=employee, year=2025, percentage=Decimal("31.5"), table_number="7100"
    )
    run = payroll_run_build(organization=organization, period=datetime.date(2025, 8, 1))

    login(page, owner)
    page.goto(f"{page.base_url}/orgs/{organization.id}/payroll/runs/{run.id}/")
    expect(page.get_by_text(NET).first).to_be_visible()
    page.get_by_role("link", name="Payslip", exact=True).click()
    slip = page.locator(".ts-payslip")
    expect(slip).to_contain_text("Net pay")
    expect(slip).to_contain_text(NET)
    expect(slip).to_contain_text("tabell 7100")  # the line as stored, in the organization's language
    page.set_viewport_size({"width": 390, "height": 844})
    assert no_horizontal_scroll(page)
    page.context.clear_cookies()
    published(run)  # employees see a run once HR has published it

    login(page, user)
    page.goto(f"{page.base_url}/me/payslips/")
    expect(page.get_by_text(NET)).to_be_visible()
    page.get_by_role("link", name="Payslip August 2025").click()
    expect(page.locator(".ts-payslip")).to_contain_text(NET)
    assert no_horizontal_scroll(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF").click()
    download = download_info.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert download.suggested_filename == f"payslip-2025-08-{employee.number}.pdf"
    assert path.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Net pay" in text and NET in text
