from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TimesheetsConfig(AppConfig):
    name = "timesheets"
    verbose_name = _("Timesheets and payroll")

    def ready(self):
        from hrsuite import navigation
        from hrsuite.employee_tabs import EmployeeTab, register_tab

        navigation.register(
            navigation.NavItem(
                _("Timesheet"),
                "timesheets:months",
                "timesheets.view_monthlyoverview",
                module_flag="timesheets_enabled",
                order=40,
                current_for=("timesheets:month*", "timesheets:overview*", "timesheets:week*", "timesheets:entry*"),
            )
        )
        navigation.register(
            navigation.NavItem(
                _("Payroll runs"),
                "timesheets:runs",
                "timesheets.view_payrollrun",
                module_flag="timesheets_enabled",
                order=42,
                current_for=("timesheets:run*", "timesheets:payslip"),
            )
        )
        navigation.register(
            navigation.NavItem(
                _("Timesheet settings"),
                "timesheets:settings",
                "timesheets.change_timesheetsettings",
                order=95,
                current_for=("timesheets:settings", "timesheets:activit*", "timesheets:pay_type*"),
            )
        )
        register_tab(
            EmployeeTab(
                "timesheet",
                _("Timesheet"),
                "timesheets:week",
                "timesheets.view_timeentry",
                module_flag="timesheets_enabled",
                order=40,
            )
        )
