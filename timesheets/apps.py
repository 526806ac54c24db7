from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# My-page sections: payslips, annual statements and the salary chart come from payroll runs
# (Start features of self-service, always included once it is active); the flex card needs
# only self-service's base product. Each reads this app's public payroll selectors.


def _payslips(employee) -> dict:
    from timesheets.selectors.payroll import payslips_for_employee

    return {"payslips": list(payslips_for_employee(employee=employee)[:3])}


def _annual_statements(employee) -> dict:
    from timesheets.selectors.payroll import annual_statements_for_employee

    return {"statements": annual_statements_for_employee(employee=employee)}


def _salary_chart(employee) -> dict:
    from timesheets.chart import salary_chart_context
    from timesheets.selectors.payroll import salary_history_for_employee

    history = [(row["month"], row["gross"]) for row in salary_history_for_employee(employee=employee)]
    return salary_chart_context(history, currency=employee.organization.currency)


def _flex(employee) -> dict:
    from timesheets.selectors.payroll import flex_summary_for_employee

    return {"flex": flex_summary_for_employee(employee=employee)}


class TimesheetsConfig(AppConfig):
    name = "timesheets"
    verbose_name = _("Timesheets and payroll")

    def ready(self):
        from hrsuite.me import Section
        from hrsuite.modules import EmployeeTab, Module, SidebarEntry, register
        from timesheets import demo
        from timesheets.imports import TAX_CARD_COLUMNS
        from timesheets.selectors.inbox import inbox as timesheets_inbox
        from timesheets.selectors.settings import MODULE

        register(
            Module(
                key=MODULE,
                inbox=timesheets_inbox,
                import_columns=(TAX_CARD_COLUMNS,),
                label=_("Timesheet and flex time"),
                app_label="timesheets",
                urls="timesheets.urls",
                switchable=True,
                # The timesheet settings screen is where the module is switched on.
                open_when_off=("timesheets:settings",),
                sidebar=(
                    SidebarEntry(
                        _("Timesheet"),
                        "timesheets:months",
                        "timesheets.view_monthlyoverview",
                        order=40,
                        current_for=(
                            "timesheets:month*",
                            "timesheets:overview*",
                            "timesheets:week*",
                            "timesheets:entry*",
                        ),
                    ),
                    SidebarEntry(
                        _("Payroll runs"),
                        "timesheets:runs",
                        "timesheets.view_payrollrun",
                        order=42,
                        current_for=("timesheets:run*", "timesheets:payslip"),
                    ),
                    SidebarEntry(
                        _("Timesheet settings"),
                        "timesheets:settings",
                        "timesheets.change_timesheetsettings",
                        order=95,
                        current_for=("timesheets:settings", "timesheets:activit*", "timesheets:pay_type*"),
                    ),
                ),
                tabs=(
                    EmployeeTab("timesheet", _("Timesheet"), "timesheets:week", "timesheets.view_timeentry", order=40),
                    EmployeeTab(
                        "tax_cards", _("Tax cards"), "timesheets:tax_cards", "timesheets.view_taxcard", order=42
                    ),
                ),
                sections=(
                    Section(
                        key="payslips",
                        label=_("Payslips"),
                        feature="payslips",
                        context=_payslips,
                        template="timesheets/sections/payslips.html",
                        url_name="timesheets:my_payslips",
                        order=20,
                    ),
                    Section(
                        key="annual_statements",
                        label=_("Annual statements"),
                        feature="annual_statements",
                        context=_annual_statements,
                        template="timesheets/sections/annual_statements.html",
                        url_name="timesheets:my_annual_statements",
                        order=25,
                    ),
                    Section(
                        key="salary_chart",
                        label=_("Salary chart"),
                        feature="salary_chart",
                        context=_salary_chart,
                        template="timesheets/sections/salary_chart.html",
                        order=30,
                    ),
                    Section(
                        key="flex",
                        label=_("Timesheet"),
                        feature="self_service",
                        context=_flex,
                        template="timesheets/sections/flex.html",
                        url_name="timesheets:my_week",  # the employee logs their own hours there
                        order=50,
                    ),
                ),
                presets={
                    "hr_viewer": (
                        "timesheets.view_activity",
                        "timesheets.view_paytype",
                        "timesheets.view_timeentry",
                        "timesheets.view_monthlyoverview",
                        "timesheets.view_payrollrun",
                        "timesheets.view_taxcard",
                    ),
                    "hr_admin": (
                        "timesheets.change_timesheetsettings",
                        "timesheets.change_activity",
                        "timesheets.change_paytype",
                        "timesheets.change_timeentry",
                        "timesheets.approve_monthlyoverview",
                        "timesheets.change_payrollrun",
                        "timesheets.close_payrollrun",
                        "timesheets.change_taxcard",
                    ),
                },
                demo=demo.seed_organization,
            )
        )
