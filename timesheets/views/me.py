"""The employee's payslips and annual statements on My page (hrsuite/me.py): printable
pages of the timesheet module's My-page sections. The employee comes from the login."""

from django.http import Http404

from hrsuite.me import me_render, section_view
from timesheets.selectors.payroll import annual_statements_for_employee, payslip_detail, payslips_for_employee
from timesheets.views.runs import payslip_pdf_response


@section_view("payslips")
def my_payslips(request, employee, features):
    context = {"payslips": payslips_for_employee(employee=employee)}
    return me_render(request, "timesheets/my_payslips.html", employee, features, context)


def _own_payslip(employee, payslip_id) -> dict:
    detail = payslip_detail(employee=employee, payslip_id=payslip_id)
    if detail is None:
        raise Http404
    return {**detail, "organization": employee.organization}


@section_view("payslips")
def my_payslip(request, employee, features, payslip_id):
    context = _own_payslip(employee, payslip_id)
    return me_render(request, "timesheets/my_payslip.html", employee, features, context)


@section_view("payslips")
def my_payslip_pdf(request, employee, features, payslip_id):
    return payslip_pdf_response(request, _own_payslip(employee, payslip_id))


@section_view("annual_statements")
def my_annual_statements(request, employee, features):
    context = {"statements": annual_statements_for_employee(employee=employee)}
    return me_render(request, "timesheets/my_annual_statements.html", employee, features, context)


@section_view("annual_statements")
def my_annual_statement(request, employee, features, year):
    statements = annual_statements_for_employee(employee=employee)
    statement = next((s for s in statements if s["year"] == year), None)
    if statement is None:
        raise Http404
    return me_render(request, "timesheets/my_annual_statement.html", employee, features, {"statement": statement})
