"""Exports: a payroll run's lines as CSV for the payroll system."""

from hrsuite.access import org_view
from hrsuite.exports import csv_response
from timesheets.selectors.lookups import run_for
from timesheets.selectors.runs import run_lines
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
            line.amount,
            organization.currency,
        ]
        for line in run_lines(run=run)
    )
    return csv_response(filename=f"payroll-{period}.csv", header=HEADER, rows=rows)
