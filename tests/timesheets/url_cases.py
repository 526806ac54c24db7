import datetime
from decimal import Decimal

from tests.url_matrix import ME, Case, no_kwargs, org_kwargs

MONTH = datetime.date(2025, 8, 1)
# Payslips and annual statements are payroll's sections of My page: off with either module.
PAYROLL = ("selfservice", "timesheets")
PAID_MONTH = datetime.date(2026, 10, 1)
TIMESHEETS = ("timesheets",)
GET_POST = ("get", "post")
POST = ("post",)


def employee_kwargs(world):
    return {**org_kwargs(world), "employee_id": world.employee.id}


def month_kwargs(world):
    return {**employee_kwargs(world), "year": MONTH.year, "month": MONTH.month}


def activity_kwargs(world):
    from tests.timesheets.factories import ActivityFactory

    return {**org_kwargs(world), "activity_id": ActivityFactory(organization=world.organization).id}


def pay_type_kwargs(world):
    from tests.timesheets.factories import PayTypeFactory

    return {**org_kwargs(world), "pay_type_id": PayTypeFactory(organization=world.organization).id}


def entry_kwargs(world):
    from tests.timesheets.factories import TimeEntryFactory

    entry = TimeEntryFactory(employee=world.employee)
    return {**employee_kwargs(world), "entry_id": entry.id}


def own_entry_kwargs(world):
    from tests.timesheets.factories import TimeEntryFactory

    return {"entry_id": TimeEntryFactory(employee=world.employee).id}


def run_kwargs(world):
    from timesheets.services.payroll import payroll_run_build

    run = payroll_run_build(organization=world.organization, period=MONTH)
    return {**org_kwargs(world), "run_id": run.id}


def payslip_kwargs(world):
    return {**run_kwargs(world), "employee_id": world.employee.id}


def cell_data(world):
    from tests.timesheets.factories import ActivityFactory

    activity = ActivityFactory(organization=world.organization, name="Matrix work")
    name = f"cell|{activity.id}|-|2025-08-11"
    return {"cell": name, name: "8"}


def month_data(world):
    return {"month": "2025-08"}


def timesheets_case(name, kwargs, right, **fields):
    return Case(name, kwargs, right=right, modules=TIMESHEETS, **fields)


def own_payslip_kwargs(world):
    from tests.selfservice.payroll import paid
    from timesheets.models import PayrollRun

    # The page and its PDF share the payslip when one world serves both cases.
    run = PayrollRun.objects.filter(period=PAID_MONTH, lines__employee=world.employee).first()
    return {"payslip_id": (run or paid(world.employee, PAID_MONTH)).id}


def own_statement_kwargs(world):
    from tests.selfservice.payroll import paid

    # A month of its own, so building the payslip case too adds no second salary line.
    paid(world.employee, PAID_MONTH.replace(month=PAID_MONTH.month - 1))
    return {"year": PAID_MONTH.year}


CASES = [
    # The settings page is where the module is switched on: no module column.
    Case("timesheets:settings", org_kwargs, right="timesheets.change_timesheetsettings", methods=GET_POST),
    timesheets_case("timesheets:activities", org_kwargs, "timesheets.view_activity"),
    timesheets_case(
        "timesheets:activity_create",
        org_kwargs,
        "timesheets.change_activity",
        methods=POST,
        data=lambda w: {"activity-name": "Matrix", "activity-generates_hours": "on", "activity-active": "on"},
    ),
    timesheets_case("timesheets:activity_edit", activity_kwargs, "timesheets.change_activity", methods=GET_POST),
    timesheets_case(
        "timesheets:pay_type_create",
        org_kwargs,
        "timesheets.change_paytype",
        methods=POST,
        data=lambda w: {"pay_type-name": "OT", "pay_type-kind": "overtime", "pay_type-percentage": "50"},
    ),
    timesheets_case("timesheets:pay_type_edit", pay_type_kwargs, "timesheets.change_paytype", methods=GET_POST),
    timesheets_case("timesheets:months", org_kwargs, "timesheets.view_monthlyoverview"),
    timesheets_case(
        "timesheets:months_approve", org_kwargs, "timesheets.approve_monthlyoverview", methods=POST, data=month_data
    ),
    timesheets_case(
        "timesheets:months_compute", org_kwargs, "timesheets.approve_monthlyoverview", methods=POST, data=month_data
    ),
    timesheets_case("timesheets:week", employee_kwargs, "timesheets.view_timeentry"),
    # Saving the week's form takes the right to change entries on top of seeing them.
    timesheets_case(
        "timesheets:week",
        employee_kwargs,
        "timesheets.change_timeentry",
        companions=("timesheets.view_timeentry",),
        methods=POST,
        variant="save",
    ),
    timesheets_case(
        "timesheets:week_cell", employee_kwargs, "timesheets.change_timeentry", methods=POST, data=cell_data
    ),
    timesheets_case("timesheets:entry_delete", entry_kwargs, "timesheets.change_timeentry", methods=POST),
    timesheets_case("timesheets:tax_cards", employee_kwargs, "timesheets.view_taxcard"),
    timesheets_case(
        "timesheets:tax_cards",
        employee_kwargs,
        "timesheets.change_taxcard",
        companions=("timesheets.view_taxcard",),
        methods=POST,
        variant="save",
        data=lambda w: {"year": "2025", "percentage": "31.5", "table_number": "7100"},
    ),
    timesheets_case("timesheets:overview", month_kwargs, "timesheets.view_monthlyoverview"),
    timesheets_case(
        "timesheets:overview_approve",
        month_kwargs,
        "timesheets.approve_monthlyoverview",
        methods=POST,
        data=lambda w: {"payout_hours": str(Decimal("0")), "action": "save"},
    ),
    timesheets_case("timesheets:overview_reopen", month_kwargs, "timesheets.approve_monthlyoverview", methods=POST),
    timesheets_case("timesheets:runs", org_kwargs, "timesheets.view_payrollrun"),
    timesheets_case(
        "timesheets:run_build",
        org_kwargs,
        "timesheets.change_payrollrun",
        methods=POST,
        data=lambda w: {"period": "2025-08"},
    ),
    timesheets_case("timesheets:run_detail", run_kwargs, "timesheets.view_payrollrun"),
    timesheets_case(
        "timesheets:run_publish",
        run_kwargs,
        "timesheets.close_payrollrun",
        methods=GET_POST,
        data=lambda w: {"pay_date": "2025-08-25"},  # the confirmation page
    ),
    timesheets_case("timesheets:run_close", run_kwargs, "timesheets.close_payrollrun", methods=POST),
    timesheets_case("timesheets:run_csv", run_kwargs, "timesheets.view_payrollrun"),
    timesheets_case("timesheets:run_accounting_csv", run_kwargs, "timesheets.view_payrollrun"),
    timesheets_case("timesheets:payslip", payslip_kwargs, "timesheets.view_payrollrun"),
    timesheets_case("timesheets:payslip_pdf", payslip_kwargs, "timesheets.view_payrollrun"),
]

# The employee's own week on My page: off with Self-service or the timesheet module.
MY_WEEK = ("selfservice", "timesheets")
CASES += [
    Case("timesheets:my_payslips", no_kwargs, scope=ME, modules=PAYROLL),
    Case("timesheets:my_payslip", own_payslip_kwargs, scope=ME, own_object=True, modules=PAYROLL),
    Case("timesheets:my_payslip_pdf", own_payslip_kwargs, scope=ME, own_object=True, modules=PAYROLL),
    Case("timesheets:my_annual_statements", no_kwargs, scope=ME, modules=PAYROLL),
    Case("timesheets:my_annual_statement", own_statement_kwargs, scope=ME, own_object=True, modules=PAYROLL),
    Case("timesheets:my_week", no_kwargs, methods=GET_POST, scope=ME, modules=MY_WEEK),
    Case("timesheets:my_week_cell", no_kwargs, methods=POST, data=cell_data, scope=ME, modules=MY_WEEK),
    Case("timesheets:my_entry_delete", own_entry_kwargs, methods=POST, scope=ME, own_object=True, modules=MY_WEEK),
]
