"""The sections of the employee's self-service page, as a small explicit registry.

A section is shown, and its URLs answer, only when the organization has Self-service active
and the section's feature (a catalog product code) switched on, and, if it names one, the
organization's module flag is on. Each section contributes a card on /me/ (its template,
rendered with its context callable's result) and, optionally, its own page (url_name), which
then also appears in the page's menu. Views of a section use `section_view(key)` from
selfservice/views/employee.py, which answers 404 whenever the section is not shown.

Registered here now, with data from the core and this app:
  personal_data    feature "view_personal_data"
  change_requests  feature "change_personal_data" (Plus)

Registered from other apps, through their selectors (`register_cross_app_sections()`):
  payslips, annual_statements, salary_chart  (Start: from payroll runs, timesheets/)
  benefits                                   (base product + the benefits module)
  flex                                       (base product + the timesheet module)
Printable pages of a section (payslip, annual statement) live in selfservice/urls.py and
are decorated with `section_view(key)`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hrsuite.models import Employee


@dataclass(frozen=True)
class Section:
    key: str
    label: str | Promise
    feature: str  # catalog product code that must be on ("self_service": the base product)
    context: Callable[[Employee], dict]  # the card's (and page's) data for this employee
    template: str  # the card on /me/, rendered with context + {"employee", "section"}
    url_name: str | None = None  # the section's own page (no kwargs); appears in the menu
    module_flag: str | None = None  # an Organization boolean that must be on as well
    order: int = 50


_SECTIONS: dict[str, Section] = {}


def register(section: Section) -> None:
    _SECTIONS[section.key] = section


def unregister(key: str) -> None:
    _SECTIONS.pop(key, None)


def get(key: str) -> Section | None:
    return _SECTIONS.get(key)


def is_shown(section: Section, employee: Employee, features: Iterable[str]) -> bool:
    organization = employee.organization
    return section.feature in features and (section.module_flag is None or getattr(organization, section.module_flag))


def shown_sections(employee: Employee, features: Iterable[str]) -> list[Section]:
    features = frozenset(features)
    return sorted((s for s in _SECTIONS.values() if is_shown(s, employee, features)), key=lambda s: (s.order, s.key))


def salary_chart_section(history: Callable[[Employee], list[tuple[date, Decimal]]]) -> Section:
    """The salary chart, drawn from a source of (month, gross) pairs for an employee."""
    from selfservice.chart import salary_chart_context

    return Section(
        key="salary_chart",
        label=_("Salary chart"),
        feature="salary_chart",
        context=lambda employee: salary_chart_context(history(employee), currency=employee.organization.currency),
        template="selfservice/sections/salary_chart.html",
        order=30,
    )


def _personal_data_context(employee: Employee) -> dict:
    from selfservice.selectors import personal_details_for

    return {"details": personal_details_for(employee=employee)}


def _change_requests_context(employee: Employee) -> dict:
    from selfservice.selectors import change_requests_of

    return {"change_requests": list(change_requests_of(employee=employee)[:5])}


def register_core_sections() -> None:
    register(
        Section(
            key="personal_data",
            label=_("Personal data"),
            feature="view_personal_data",
            context=_personal_data_context,
            template="selfservice/sections/personal_data.html",
            url_name="selfservice:personal_data",
            order=10,
        )
    )
    register(
        Section(
            key="change_requests",
            label=_("Change my details"),
            feature="change_personal_data",
            context=_change_requests_context,
            template="selfservice/sections/change_requests.html",
            url_name="selfservice:change_request_create",
            order=15,
        )
    )


def _benefits_context(employee: Employee) -> dict:
    from benefits.selectors import employee_current_benefits

    return {"benefits": employee_current_benefits(employee=employee)}


def _payslips_context(employee: Employee) -> dict:
    from timesheets.selectors.payroll import payslips_for_employee

    return {"payslips": list(payslips_for_employee(employee=employee)[:3])}


def _annual_statements_context(employee: Employee) -> dict:
    from timesheets.selectors.payroll import annual_statements_for_employee

    return {"statements": annual_statements_for_employee(employee=employee)}


def _salary_history(employee: Employee) -> list[tuple[date, Decimal]]:
    from timesheets.selectors.payroll import salary_history_for_employee

    return [(row["month"], row["gross"]) for row in salary_history_for_employee(employee=employee)]


def _flex_context(employee: Employee) -> dict:
    from timesheets.selectors.payroll import flex_summary_for_employee

    return {"flex": flex_summary_for_employee(employee=employee)}


def register_cross_app_sections() -> None:
    """Sections fed by other apps, read only through their selectors. Payslips, annual
    statements and the salary chart come from payroll runs; they are Start features, always
    included once Self-service is active."""
    register(
        Section(
            key="payslips",
            label=_("Payslips"),
            feature="payslips",
            context=_payslips_context,
            template="selfservice/sections/payslips.html",
            url_name="selfservice:payslips",
            order=20,
        )
    )
    register(
        Section(
            key="annual_statements",
            label=_("Annual statements"),
            feature="annual_statements",
            context=_annual_statements_context,
            template="selfservice/sections/annual_statements.html",
            url_name="selfservice:annual_statements",
            order=25,
        )
    )
    register(salary_chart_section(_salary_history))
    register(
        Section(
            key="benefits",
            label=_("Insurances and benefits"),
            feature="self_service",
            module_flag="benefits_enabled",
            context=_benefits_context,
            template="benefits/partials/selfservice_benefits.html",
            order=40,
        )
    )
    register(
        Section(
            key="flex",
            label=_("Timesheet"),
            feature="self_service",
            module_flag="timesheets_enabled",
            context=_flex_context,
            template="selfservice/sections/flex.html",
            url_name="timesheets:my_week",  # the employee logs their own hours there
            order=50,
        )
    )
