"""The member-data and premium screens: flows, refusals shown per row, exact query counts."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from pensions.models import Invoice, Payment, ReportStatus, SalaryReport
from pensions.services.premiums import premium_invoice_create
from tests.factories import UserFactory
from tests.pensions.factories import PERIOD, fund_employer, members, rate, receive, rows

pytestmark = pytest.mark.django_db


def staff_client(organization):
    """Provider staff of the employer's office: every right, as the fund's staff."""
    from django.contrib.auth.models import Permission

    user = UserFactory(office=organization.office)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["pensions", "hrsuite"]))
    client = Client()
    client.force_login(user)
    return client


def url(name, organization, **kwargs):
    return reverse(f"pensions:{name}", kwargs={"org_id": organization.id, **kwargs})


def test_an_upload_with_error_rows_lists_them_and_saves_nothing():
    employer = fund_employer()
    (member,) = members(employer, 1)
    client = staff_client(employer)
    content = f"employee_number,pensionable_salary,position_percentage\n{member.number},abc,100\nghost,100,140\n"
    response = client.post(
        url("report_upload", employer),
        {"period": "2025-03", "file": SimpleUploadedFile("march.csv", content.encode())},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "The pensionable salary is not a number." in page
    assert "No employee ghost works for this employer." in page and "A position percentage of 140" in page
    assert not SalaryReport.objects.exists()


def test_a_report_with_a_warning_is_acknowledged_then_invoiced_and_a_payment_matched():
    employer = fund_employer()
    rate(employer)
    staff = members(employer, 2)
    client = staff_client(employer)
    receive(employer, rows(staff, ["40000", "40000"]), period=PERIOD.replace(month=2))
    content = "employee_number;pensionable_salary;position_percentage\n"
    content += f"{staff[0].number};60000;100\n{staff[1].number};40000;100\n"
    response = client.post(
        url("report_upload", employer), {"period": "2025-03", "file": SimpleUploadedFile("m.csv", content.encode())}
    )
    report = SalaryReport.objects.get(period=PERIOD)
    assert response.status_code == 302 and report.status == ReportStatus.PENDING
    detail = client.get(url("report_detail", employer, report_id=report.id)).content.decode()
    assert "more than 30.00 %" in detail
    client.post(url("report_accept", employer, report_id=report.id), {"reason": "Promotion in March"})
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.acknowledgement == "Promotion in March"
    client.post(url("invoice_create", employer), {"report": str(report.id)})
    invoice = Invoice.objects.get(period=PERIOD)
    assert invoice.total == Decimal("14000.00")
    client.post(
        url("payment_create", employer), {"reference": invoice.reference, "amount": "14000,00", "paid_on": "2025-04-20"}
    )
    assert Payment.objects.get().invoice == invoice
    page = client.get(url("invoice_detail", employer, invoice_id=invoice.id)).content.decode()
    assert "Paid" in page


@pytest.mark.parametrize("size", [5, 50])
def test_list_pages_cost_the_same_queries_at_5_and_50_rows(size, django_assert_num_queries):
    employer = fund_employer()
    rate(employer)
    staff = members(employer, size)
    report = receive(employer, rows(staff, ["30000"] * size)).report
    invoice = premium_invoice_create(report=report)
    client = staff_client(employer)
    client.get(url("report_list", employer))  # the session's first request
    # Every page: session, user, organization with its switches, the user's and its groups'
    # rights, the user's employee record, the organization switcher, the session's save in a
    # savepoint pair (10). Then the page's own reads:
    pages = {
        # the count for the pager, the paid payroll runs, the page of reports
        "report_list": (url("report_list", employer), 13),
        # the report, its warnings, the count and page of lines, the period's versions
        "report_detail": (url("report_detail", employer, report_id=report.id), 15),
        # the count for the pager, the page of memberships with their employees
        "member_list": (url("member_list", employer), 12),
        # the count and page of invoices with what was paid, the two account sums, reports to invoice
        "invoice_list": (url("invoice_list", employer), 15),
        # the invoice with what was paid, the count and page of lines, its payments
        "invoice_detail": (url("invoice_detail", employer, invoice_id=invoice.id), 14),
    }
    for name, (address, count) in pages.items():
        with django_assert_num_queries(count):
            assert client.get(address).status_code == 200, name


def test_the_budget_page_asks_for_the_g_when_the_g_table_has_none_for_today():
    from pensions.models import BasicAmount

    employer = fund_employer()
    BasicAmount.objects.all().delete()
    client = staff_client(employer)
    assert client.get(url("budget", employer)).status_code == 200
    response = client.get(url("budget", employer), {"year": "2027", "expected_g": "130160"})
    assert response.status_code == 200
    assert "Give the G in force now" in response.content.decode()


def test_the_version_in_force_is_found_by_a_day_and_time_typed_in_the_language_s_format():
    from datetime import timedelta

    from django.utils import timezone

    employer = fund_employer()
    staff = members(employer, 1)
    first = receive(employer, rows(staff, ["40000"])).report
    second = receive(employer, rows(staff, ["42000"])).report
    two_days = timedelta(days=2)
    earlier = {"received_at": first.received_at - two_days, "accepted_at": first.accepted_at - two_days}
    SalaryReport.objects.filter(pk=first.pk).update(**earlier)
    received = timezone.localtime(earlier["accepted_at"], employer.tz)
    client = staff_client(employer)
    detail = url("report_detail", employer, report_id=second.id)

    day = received.strftime("%d/%m/%Y")  # en: day first
    page = client.get(detail, {"as_of": day, "at": received.strftime("%H:%M")}).content.decode()
    assert 'value="' + day + '"' in page
    assert url("report_detail", employer, report_id=first.id) in page.split("In force as of")[1]
    before = client.get(detail, {"as_of": (received - timedelta(days=1)).strftime("%d/%m/%Y")}).content.decode()
    assert "No report was in force then." in before
    typo = client.get(detail, {"as_of": "31/02/2026", "at": "25:99"})
    assert typo.status_code == 200
    assert "enter the date as dd/mm/yyyy" in typo.content.decode().lower()
