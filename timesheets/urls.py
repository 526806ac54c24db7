from django.urls import path

from timesheets import views

app_name = "timesheets"

org = "orgs/<uuid:org_id>/timesheets/"
employee = org + "employees/<uuid:employee_id>/"
month = employee + "months/<int:year>/<int:month>/"
run = "orgs/<uuid:org_id>/payroll/runs/<uuid:run_id>/"

urlpatterns = [
    path(org + "settings/", views.settings_view, name="settings"),
    path(org + "activities/", views.activities, name="activities"),
    path(org + "activities/new/", views.activity_create, name="activity_create"),
    path(org + "activities/<uuid:activity_id>/", views.activity_edit, name="activity_edit"),
    path(org + "pay-types/new/", views.pay_type_create, name="pay_type_create"),
    path(org + "pay-types/<uuid:pay_type_id>/", views.pay_type_edit, name="pay_type_edit"),
    path(org + "months/", views.months, name="months"),
    path(org + "months/approve/", views.months_approve, name="months_approve"),
    path(org + "months/calculate/", views.months_compute, name="months_compute"),
    # The employee's own week on My page: the employee comes from the login, never the URL.
    path("me/timesheet/", views.my_week, name="my_week"),
    path("me/timesheet/cell/", views.my_week_cell, name="my_week_cell"),
    path("me/timesheet/entries/<uuid:entry_id>/remove/", views.my_entry_delete, name="my_entry_delete"),
    path(employee + "week/", views.week, name="week"),
    path(employee + "week/cell/", views.week_cell, name="week_cell"),
    path(employee + "entries/<uuid:entry_id>/delete/", views.entry_delete, name="entry_delete"),
    path(month, views.overview, name="overview"),
    path(month + "approve/", views.overview_approve, name="overview_approve"),
    path(month + "reopen/", views.overview_reopen, name="overview_reopen"),
    path("orgs/<uuid:org_id>/payroll/runs/", views.runs, name="runs"),
    path("orgs/<uuid:org_id>/payroll/runs/build/", views.run_build, name="run_build"),
    path(run, views.run_detail, name="run_detail"),
    path(run + "close/", views.run_close, name="run_close"),
    path(run + "export.csv", views.run_csv, name="run_csv"),
    path(run + "payslips/<uuid:employee_id>/", views.payslip, name="payslip"),
]
