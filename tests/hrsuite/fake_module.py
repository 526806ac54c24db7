"""A module that exists only in tests: the proof that an app plugs in through the registry
alone. Its URLconf is included by tests/hrsuite/fake_urls.py (a test ROOT_URLCONF)."""

from django.http import HttpResponse
from django.urls import path

from hrsuite.access import employee_for, org_view
from hrsuite.me import Section, section_view
from hrsuite.modules import EmployeeTab, Module, SidebarEntry

app_name = "fake"


@org_view("hrsuite.view_employee", module="fake")
def index(request, organization):
    return HttpResponse("fake index")


@org_view("hrsuite.view_employee", module="fake")
def employee_tab(request, organization, employee_id):
    return HttpResponse(f"fake tab of {employee_for(organization, employee_id)}")


@section_view("fake_card")
def mine(request, employee, features):
    return HttpResponse(f"fake page of {employee}")


urlpatterns = [
    path("orgs/<uuid:org_id>/fake/", index, name="index"),
    path("orgs/<uuid:org_id>/employees/<uuid:employee_id>/fake/", employee_tab, name="employee_tab"),
    path("me/fake/", mine, name="mine"),
]

MODULE = Module(
    key="fake",
    label="Fake module",
    app_label="hrsuite",
    switchable=True,
    sidebar=(SidebarEntry("Fake entry", "fake:index", "hrsuite.view_employee", order=55),),
    tabs=(EmployeeTab("fake", "Fake tab", "fake:employee_tab", "hrsuite.view_employee", order=55),),
    sections=(
        Section(
            key="fake_card",
            label="Fake section",
            feature="self_service",
            context=lambda employee: {"greeting": f"Hello from the fake module, {employee.first_name}"},
            template="fake/card.html",
            url_name="fake:mine",
        ),
    ),
)
