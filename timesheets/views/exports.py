"""Exports: a payroll run's lines as CSV for the payroll system."""

import csv

from django.http import HttpResponse

from hrsuite.access import org_view
from timesheets.selectors.lookups import run_for
from timesheets.selectors.runs import run_lines


@org_view("timesheets.view_payrollrun")
def run_csv(request, organization, run_id):
    run = run_for(organization, run_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="payroll-{run.period:%Y-%m}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
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
    )
    for line in run_lines(run=run):
        writer.writerow(
            [
                f"{run.period:%Y-%m}",
                line.employee.number,
                line.employee.last_name,
                line.employee.first_name,
                line.kind,
                line.description,
                line.hours if line.hours is not None else "",
                line.rate if line.rate is not None else "",
                line.percentage if line.percentage is not None else "",
                line.amount,
                organization.currency,
            ]
        )
    return response
