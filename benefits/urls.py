from django.urls import path, register_converter

from benefits import views
from benefits.kinds import KindConverter

register_converter(KindConverter, "benefitkind")

app_name = "benefits"

org = "orgs/<uuid:org_id>/"
kind = org + "benefits/<benefitkind:kind>/"
benefit = kind + "<uuid:benefit_id>/"
employee = org + "employees/<uuid:employee_id>/benefits/"

urlpatterns = [
    path(org + "benefits/", views.index, name="index"),
    path(kind, views.benefit_list, name="benefit_list"),
    path(kind + "new/", views.benefit_create, name="benefit_create"),
    path(benefit, views.benefit_detail, name="benefit_detail"),
    path(benefit + "edit/", views.benefit_edit, name="benefit_edit"),
    path(benefit + "end/", views.benefit_end, name="benefit_end"),
    path(benefit + "employees/", views.benefit_employees, name="benefit_employees"),
    path(benefit + "employees/search/", views.benefit_candidates, name="benefit_candidates"),
    path(benefit + "employees/link/", views.benefit_link, name="benefit_link"),
    path(benefit + "employees/end/", views.benefit_links_end, name="benefit_links_end"),
    path(benefit + "history/", views.benefit_history, name="benefit_history"),
    path(benefit + "covered/", views.benefit_covered, name="benefit_covered"),
    path(benefit + "covered.csv", views.benefit_covered_csv, name="benefit_covered_csv"),
    path(kind + "links/<uuid:link_id>/end/", views.link_end, name="link_end"),
    path(employee, views.employee_benefits, name="employee_benefits"),
    path(employee + "<benefitkind:kind>/add/", views.employee_benefit_add, name="employee_benefit_add"),
]
