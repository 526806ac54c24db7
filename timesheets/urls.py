from django.urls import path

import hrsuite.validation  # noqa: F401  (registers the year and month URL converters)
from timesheets.views import entries, exports, me, overviews, runs, settings, tax_cards

app_name = "timesheets"

org = "orgs/<uuid:org_id>/timesheets/"
employee = org + "employees/<uuid:employee_id>/"
month = employee + "months/<year:year>/<month:month>/"
run = "orgs/<uuid:org_id>/payroll/runs/<uuid:run_id>/"

urlpatterns = [
    path(org + "settings/", settings.settings_view, name="settings"),
    path(org + "activities/", settings.activities, name="activities"),
    path(org + "activities/new/", settings.activity_create, name="activity_create"),
    path(org + "activities/<uuid:activity_id>/", settings.activity_edit, name="activity_edit"),
    path(org + "pay-types/new/", settings.pay_type_create, name="pay_type_create"),
    path(org + "pay-types/<uuid:pay_type_id>/", settings.pay_type_edit, name="pay_type_edit"),
    path(org + "months/", overviews.months, name="months"),
    path(org + "months/approve/", overviews.months_approve, name="months_approve"),
    path(org + "months/calculate/", overviews.months_compute, name="months_compute"),
    # The employee's own week on My page: the employee comes from the login, never the URL.
    path("me/timesheet/", entries.my_week, name="my_week"),
    path("me/timesheet/cell/", entries.my_week_cell, name="my_week_cell"),
    path("me/timesheet/entries/<uuid:entry_id>/remove/", entries.my_entry_delete, name="my_entry_delete"),
    path("me/payslips/", me.my_payslips, name="my_payslips"),
    path("me/payslips/<uuid:payslip_id>/", me.my_payslip, name="my_payslip"),
    path("me/payslips/<uuid:payslip_id>/payslip.pdf", me.my_payslip_pdf, name="my_payslip_pdf"),
    path("me/annual-statements/", me.my_annual_statements, name="my_annual_statements"),
    path("me/annual-statements/<int:year>/", me.my_annual_statement, name="my_annual_statement"),
    path(employee + "week/", entries.week, name="week"),
    path(employee + "tax-cards/", tax_cards.tax_cards, name="tax_cards"),
    path(employee + "week/cell/", entries.week_cell, name="week_cell"),
    path(employee + "entries/<uuid:entry_id>/delete/", entries.entry_delete, name="entry_delete"),
    path(month, overviews.overview, name="overview"),
    path(month + "approve/", overviews.overview_approve, name="overview_approve"),
    path(month + "reopen/", overviews.overview_reopen, name="overview_reopen"),
    path("orgs/<uuid:org_id>/payroll/runs/", runs.runs, name="runs"),
    path("orgs/<uuid:org_id>/payroll/runs/build/", runs.run_build, name="run_build"),
    path(run, runs.run_detail, name="run_detail"),
    path(run + "publish/", runs.run_publish, name="run_publish"),
    path(run + "close/", runs.run_close, name="run_close"),
    path(run + "export.csv", exports.run_csv, name="run_csv"),
    path(run + "accounting.csv", exports.run_accounting_csv, name="run_accounting_csv"),
    path(run + "payslips/<uuid:employee_id>/", runs.payslip, name="payslip"),
    path(run + "payslips/<uuid:employee_id>/payslip.pdf", runs.payslip_pdf, name="payslip_pdf"),
]
