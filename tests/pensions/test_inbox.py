"""The pension module's inbox items: salary reports whose warnings wait and invoices overdue,
each linking to its list filtered to exactly those."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from hrsuite import roles
from hrsuite.grants import company_access_grant
from hrsuite.inbox import items_for
from hrsuite.models import Organization
from pensions.models import InvoiceKind, ReportStatus
from tests.factories import UserFactory
from tests.pensions.factories import PERIOD, fund_employer, invoice, members, rate, receive, rows

pytestmark = pytest.mark.django_db

FEBRUARY = PERIOD.replace(month=2)


@pytest.fixture
def employer():
    employer = fund_employer()
    rate(employer)
    return employer


@pytest.fixture
def hr(employer):
    return _member(employer, roles.HR_ADMIN)


def _member(organization, rights):
    user = UserFactory()
    company_access_grant(user=user, organization=organization, rights=rights)
    return user


def _items(user, organization) -> dict[str, object]:
    items = items_for(user=user, organizations=Organization.objects.filter(pk=organization.pk))
    return {str(item.label): item for item in items}


def _report_with_a_warning(employer):
    """February accepted; March raises one salary by half (a warning: more than 30 %)."""
    staff = members(employer, 2)
    accepted = receive(employer, rows(staff, ["40000", "40000"]), period=FEBRUARY).report
    pending = receive(employer, rows(staff, ["60000", "40000"])).report
    assert (accepted.status, pending.status) == (ReportStatus.ACCEPTED, ReportStatus.PENDING)
    return accepted, pending


def test_a_report_with_warnings_waits_and_the_link_lists_only_such_reports(employer, hr, client):
    accepted, pending = _report_with_a_warning(employer)
    item = _items(hr, employer)["Salary reports to correct"]
    assert item.count == 1
    client.force_login(hr)
    page = client.get(item.url).content.decode()
    assert reverse("pensions:report_detail", args=[employer.id, pending.id]) in page
    assert reverse("pensions:report_detail", args=[employer.id, accepted.id]) not in page
    assert "Show all reports" in page


def test_invoices_past_due_and_not_paid_in_full_wait_and_the_link_lists_them(employer, client):
    today = employer.today()
    late = invoice(employer, "1", due=today - timedelta(days=1), total="1000")
    partly = invoice(employer, "2", due=today - timedelta(days=30), total="1000", paid="400")
    paid = invoice(employer, "3", due=today - timedelta(days=30), total="1000", paid="1000")
    due_today = invoice(employer, "4", due=today, total="1000")
    credit = invoice(employer, "5", due=today - timedelta(days=30), total="-200", kind=InvoiceKind.CREDIT_NOTE)
    staff = _member(employer, ["pensions.view_invoice", "pensions.add_payment"])
    item = _items(staff, employer)["Invoices overdue"]
    assert item.count == 2 and item.warning
    client.force_login(staff)
    page = client.get(item.url).content.decode()
    for shown in (late, partly):
        assert reverse("pensions:invoice_detail", args=[employer.id, shown.id]) in page
    for hidden in (paid, due_today, credit):
        assert reverse("pensions:invoice_detail", args=[employer.id, hidden.id]) not in page


def test_overdue_means_past_the_due_date_where_the_employer_is(employer, monkeypatch):
    """At 23:30 UTC it is already the next day in Oslo: an invoice due that UTC day is overdue
    there, not yet for an employer in New York."""
    new_york = fund_employer(time_zone="America/New_York", office=employer.office)
    due = date(2025, 4, 30)
    invoice(employer, "1", due=due, total="1000")
    invoice(new_york, "2", due=due, total="1000")
    monkeypatch.setattr(timezone, "now", lambda: datetime(2025, 4, 30, 23, 30, tzinfo=UTC))
    staff = UserFactory(office=employer.office)  # provider staff: the office's employers by their own rights
    staff.user_permissions.set(Permission.objects.filter(content_type__app_label="pensions"))
    both = Organization.objects.filter(pk__in=[employer.pk, new_york.pk])
    overdue = {i.organization_id: i.count for i in items_for(user=staff, organizations=both) if "overdue" in i.label}
    assert overdue == {employer.pk: 1}


def test_without_the_rights_nothing_waits(employer):
    _report_with_a_warning(employer)
    invoice(employer, "1", due=employer.today() - timedelta(days=1), total="1000")
    assert _items(_member(employer, []), employer) == {}


def test_the_module_switched_off_contributes_nothing(employer, hr):
    from tests.factories import switch

    _report_with_a_warning(employer)
    switch(employer, "pensions", False)
    assert "Salary reports to correct" not in _items(hr, employer)
