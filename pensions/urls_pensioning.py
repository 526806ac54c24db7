"""URLs of the pensioning process (G table, retirement cases, payouts), included from
pensions/urls.py under the app's namespace."""

from django.urls import path

from pensions.views import pensioning as views

org = "orgs/<uuid:org_id>/pensions/"
case = org + "retirements/<uuid:case_id>/"
run = org + "payouts/<uuid:run_id>/"

urlpatterns = [
    path(org + "g/", views.g_values, name="g_values"),
    path(org + "g/add/", views.g_value_add, name="g_value_add"),
    path(org + "retirements/", views.cases, name="cases"),
    path(org + "retirements/notify/", views.case_notify, name="case_notify"),
    path(case, views.case_detail, name="case_detail"),
    path(case + "recalculate/", views.case_recalculate, name="case_recalculate"),
    path(case + "approve/", views.case_approve, name="case_approve"),
    path(case + "payouts/", views.case_payouts, name="case_payouts"),
    path(org + "payouts/", views.runs, name="runs"),
    path(org + "payouts/build/", views.run_build, name="run_build"),
    path(run, views.run_detail, name="run_detail"),
    path(run + "close/", views.run_close, name="run_close"),
    path(run + "payouts.csv", views.run_file, name="run_file"),
]
