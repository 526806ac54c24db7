"""Access-matrix cases for the pension fund's screens (tests/url_matrix.py explains a case)."""

from tests.pensions.url_cases_pensioning import CASES as PENSIONING_CASES
from tests.url_matrix import Case, org_kwargs

PENSIONS = ("pensions",)
GET_POST = ("get", "post")
POST = ("post",)


def report_kwargs(world):
    from tests.pensions.factories import receive, rows

    report = receive(world.organization, rows([world.employee], ["50000"])).report
    return {**org_kwargs(world), "report_id": report.id}


def invoice_kwargs(world):
    from pensions.services.members import salary_report_accept
    from pensions.services.premiums import premium_invoice_create
    from tests.pensions.factories import rate, receive, rows

    rate(world.organization)
    report = receive(world.organization, rows([world.employee], ["50000"])).report
    if not report.in_force:  # the matrix's employee has no birth date: a warning
        report = salary_report_accept(report=report, actor=world.provider, reason="Birth date follows")
    return {**org_kwargs(world), "invoice_id": premium_invoice_create(report=report).id}


def reason(world):
    return {"reason": "Checked with the employer"}


def case(name, right, kwargs=org_kwargs, **fields):
    return Case(name, kwargs, right=right, modules=PENSIONS, **fields)


CASES = [
    case("pensions:report_list", "pensions.view_salaryreport"),
    case("pensions:report_from_payroll", "pensions.add_salaryreport", methods=POST),
    case("pensions:report_upload", "pensions.add_salaryreport", methods=GET_POST),
    case("pensions:report_form", "pensions.add_salaryreport", methods=GET_POST),
    case("pensions:report_detail", "pensions.view_salaryreport", report_kwargs),
    case("pensions:report_accept", "pensions.accept_salaryreport", report_kwargs, methods=POST, data=reason),
    case("pensions:member_list", "pensions.view_membership"),
    case("pensions:fund_settings", "pensions.change_fundsettings", methods=GET_POST),
    case("pensions:invoice_list", "pensions.view_invoice"),
    case("pensions:invoice_create", "pensions.add_invoice", methods=POST),
    case("pensions:invoice_detail", "pensions.view_invoice", invoice_kwargs),
    case("pensions:payment_list", "pensions.view_invoice"),
    case("pensions:payment_create", "pensions.add_payment", methods=GET_POST),
    case("pensions:settlement_list", "pensions.view_invoice"),
    case("pensions:settlement_run", "pensions.add_annualsettlement", methods=POST),
    case("pensions:budget", "pensions.view_invoice"),
    case("pensions:rate_list", "pensions.view_premiumrate"),
    case("pensions:rate_create", "pensions.add_premiumrate", methods=GET_POST),
    *PENSIONING_CASES,
]
