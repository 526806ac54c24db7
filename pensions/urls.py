"""The pension fund's URLconf: member data and premiums here, pensioning in urls_pensioning."""

from django.urls import path

from pensions.urls_pensioning import urlpatterns as pensioning_urlpatterns
from pensions.views import members, premiums

app_name = "pensions"

org = "orgs/<uuid:org_id>/pensions/"
report = org + "reports/<uuid:report_id>/"
invoice = org + "invoices/<uuid:invoice_id>/"

urlpatterns = [
    path(org + "reports/", members.report_list, name="report_list"),
    path(org + "reports/from-payroll/", members.report_from_payroll, name="report_from_payroll"),
    path(org + "reports/upload/", members.report_upload, name="report_upload"),
    path(org + "reports/new/", members.report_form, name="report_form"),
    path(report, members.report_detail, name="report_detail"),
    path(report + "accept/", members.report_accept, name="report_accept"),
    path(org + "members/", members.member_list, name="member_list"),
    path(org + "settings/", members.fund_settings, name="fund_settings"),
    path(org + "invoices/", premiums.invoice_list, name="invoice_list"),
    path(org + "invoices/new/", premiums.invoice_create, name="invoice_create"),
    path(invoice, premiums.invoice_detail, name="invoice_detail"),
    path(org + "payments/", premiums.payment_list, name="payment_list"),
    path(org + "payments/new/", premiums.payment_create, name="payment_create"),
    path(org + "settlements/", premiums.settlement_list, name="settlement_list"),
    path(org + "settlements/run/", premiums.settlement_run, name="settlement_run"),
    path(org + "budget/", premiums.budget, name="budget"),
    path(org + "rates/", premiums.rate_list, name="rate_list"),
    path(org + "rates/new/", premiums.rate_create, name="rate_create"),
    *pensioning_urlpatterns,
]
