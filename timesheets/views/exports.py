"""Exports: a payroll run's lines as CSV for the payroll system, and the accountant's file
(one line per employee and pay code). Both through hrsuite.exports (spreadsheet-safe)."""

from hrsuite.access import org_view
from hrsuite.exports import csv_response
from timesheets.paycodes import PAY_CODES
from timesheets.selectors.lookups import run_for
from timesheets.selectors.runs import run_accounting_rows, run_lines
from timesheets.selectors.settings import MODULE

HEADER = [
    "period",
    "employee_number",
    "last_name",
    "first_name",
    "kind",
    "description",
    "hours",
    "rate",
    "percentage",
    "basis",
    "amount",
    "currency",
]
# The accountant export's columns, in this order (README, "Exports"); do not reorder.
ACCOUNTING_HEADER = [
    "period",
    "employee_number",
    "employee_name",
    "pay_code",
    "pay_code_name",
    "hours",
    "basis",
    "amount",
    "currency",
]


@org_view("timesheets.view_payrollrun", module=MODULE)
def run_csv(request, organization, run_id):
    run = run_for(organization, run_id)
    period = f"{run.period:%Y-%m}"
    rows = (
        [
            period,
            line.employee.number,
            line.employee.last_name,
            line.employee.first_name,
            line.kind,
            line.description,
            line.hours,
            line.rate,
            line.percentage,
            line.basis,
            line.amount,
            organization.currency,
        ]
        for line in run_lines(run=run)
    )
    return csv_response(filename=f"payroll-{period}.csv", header=HEADER, rows=rows)


@org_view("timesheets.view_payrollrun", module=MODULE)
def run_accounting_csv(request, organization, run_id):
    run = run_for(organization, run_id)
    period = f"{run.period:%Y-%m}"
    rows = sorted(
        run_accounting_rows(run=run),
        key=lambda row: (
            row["employee__last_name"],
            row["employee__first_name"],
            row["employee__number"],
            PAY_CODES[row["kind"]].code,
        ),
    )
    lines = (
        [
            period,
            row["employee__number"],
            f"{row['employee__last_name']}, {row['employee__first_name']}",
            PAY_CODES[row["kind"]].code,
            str(PAY_CODES[row["kind"]].name),
            row["hours"],
            row["basis"],
            row["amount"],
            organization.currency,
        ]
        for row in rows
    )
    return csv_response(filename=f"accounting-{period}.csv", header=ACCOUNTING_HEADER, rows=lines)
