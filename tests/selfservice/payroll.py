"""Payroll runs for self-service tests: rows as the payroll run would have written them."""

import datetime
from decimal import Decimal

from tests.factories import switch
from timesheets.models import LineKind, PayrollLine, PayrollRun, RunStatus


def paid(employee, month: datetime.date, salary: str = "50000.00", overtime: str | None = None) -> PayrollRun:
    """A closed (paid) run for the month holding the employee's salary, and overtime if given.
    Payroll runs are the timesheet module's: an organization paying through them has it on."""
    switch(employee.organization, "timesheets")
    run, _created = PayrollRun.objects.get_or_create(
        organization=employee.organization, period=month, defaults={"status": RunStatus.CLOSED}
    )
    PayrollLine.objects.create(
        run=run, employee=employee, kind=LineKind.SALARY, key="salary", description="", amount=Decimal(salary)
    )
    if overtime:
        PayrollLine.objects.create(
            run=run,
            employee=employee,
            kind=LineKind.OVERTIME,
            key="overtime",
            description="Overtime 50 %",
            hours=Decimal("4"),
            rate=Decimal("400"),
            percentage=Decimal("50"),
            amount=Decimal(overtime),
        )
    return run
