import datetime
from decimal import Decimal

from tests.url_matrix import Case, org_kwargs

MONTH = datetime.date(2025, 8, 1)


def _module_on(world):
    from tests.timesheets.factories import TimesheetSettingsFactory

    if not world.organization.timesheets_enabled:
        world.organization.timesheets_enabled = True
        world.organization.save()
    TimesheetSettingsFactory(organization=world.organization)


def on(world):
    _module_on(world)
    return org_kwargs(world)


def employee_on(world):
    return {**on(world), "employee_id": world.employee.id}


def month_kwargs(world):
    return {**employee_on(world), "year": MONTH.year, "month": MONTH.month}


def activity_kwargs(world):
    from tests.timesheets.factories import ActivityFactory

    return {**on(world), "activity_id": ActivityFactory(organization=world.organization).id}


def pay_type_kwargs(world):
    from tests.timesheets.factories import PayTypeFactory

    return {**on(world), "pay_type_id": PayTypeFactory(organization=world.organization).id}


def entry_kwargs(world):
    from tests.timesheets.factories import TimeEntryFactory

    entry = TimeEntryFactory(employee=world.employee)
    return {**employee_on(world), "entry_id": entry.id}


def run_kwargs(world):
    from timesheets.services.payroll import payroll_run_build

    run = payroll_run_build(organization=world.organization, period=MONTH)
    return {**on(world), "run_id": run.id}


def payslip_kwargs(world):
    return {**run_kwargs(world), "employee_id": world.employee.id}


def cell_data(world):
    from tests.timesheets.factories import ActivityFactory

    activity = ActivityFactory(organization=world.organization, name="Matrix work")
    name = f"cell|{activity.id}|-|2025-08-11"
    return {"cell": name, name: "8"}


CASES = [
    Case("timesheets:settings", on, right="timesheets.change_timesheetsettings"),
    Case("timesheets:activities", on, right="timesheets.view_activity"),
    Case(
        "timesheets:activity_create",
        on,
        right="timesheets.change_activity",
        method="post",
        data=lambda w: {"activity-name": "Matrix", "activity-generates_hours": "on", "activity-active": "on"},
    ),
    Case("timesheets:activity_edit", activity_kwargs, right="timesheets.change_activity"),
    Case(
        "timesheets:pay_type_create",
        on,
        right="timesheets.change_paytype",
        method="post",
        data=lambda w: {"pay_type-name": "OT", "pay_type-kind": "overtime", "pay_type-percentage": "50"},
    ),
    Case("timesheets:pay_type_edit", pay_type_kwargs, right="timesheets.change_paytype"),
    Case("timesheets:months", on, right="timesheets.view_monthlyoverview"),
    Case(
        "timesheets:months_approve",
        on,
        right="timesheets.approve_monthlyoverview",
        method="post",
        data=lambda w: {"month": "2025-08"},
    ),
    Case(
        "timesheets:months_compute",
        on,
        right="timesheets.approve_monthlyoverview",
        method="post",
        data=lambda w: {"month": "2025-08"},
    ),
    Case("timesheets:week", employee_on, right="timesheets.view_timeentry"),
    Case("timesheets:week_cell", employee_on, right="timesheets.change_timeentry", method="post", data=cell_data),
    Case("timesheets:entry_delete", entry_kwargs, right="timesheets.change_timeentry", method="post"),
    Case("timesheets:overview", month_kwargs, right="timesheets.view_monthlyoverview"),
    Case(
        "timesheets:overview_approve",
        month_kwargs,
        right="timesheets.approve_monthlyoverview",
        method="post",
        data=lambda w: {"payout_hours": str(Decimal("0")), "action": "save"},
    ),
    Case("timesheets:overview_reopen", month_kwargs, right="timesheets.approve_monthlyoverview", method="post"),
    Case("timesheets:runs", on, right="timesheets.view_payrollrun"),
    Case(
        "timesheets:run_build",
        on,
        right="timesheets.change_payrollrun",
        method="post",
        data=lambda w: {"period": "2025-08"},
    ),
    Case("timesheets:run_detail", run_kwargs, right="timesheets.view_payrollrun"),
    Case("timesheets:run_close", run_kwargs, right="timesheets.close_payrollrun", method="post"),
    Case("timesheets:run_csv", run_kwargs, right="timesheets.view_payrollrun"),
    Case("timesheets:payslip", payslip_kwargs, right="timesheets.view_payrollrun"),
]


def own_entry_kwargs(world):
    from tests.timesheets.factories import TimeEntryFactory

    _module_on(world)
    return {"entry_id": TimeEntryFactory(employee=world.employee).id}


# The employee's own week on My page: no organization in the URL, 404 for anyone without an
# employee record and while Self-service is not active (as in the matrix's organization).
ME = {"outsider": 404, "employee": 404, "rightless": None}
CASES += [
    Case("timesheets:my_week", lambda w: {}, **ME),
    Case("timesheets:my_week_cell", lambda w: {}, method="post", **ME),
    Case("timesheets:my_entry_delete", own_entry_kwargs, method="post", **ME),
]
