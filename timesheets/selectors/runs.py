"""One payroll run's totals, employees and lines, for HR's run screens and the CSV
export (internal to timesheets)."""

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from hrsuite.money import round_hours, round_money
from timesheets.flex import ZERO
from timesheets.models import (
    DEDUCTION_KINDS,
    NOT_PAY_KINDS,
    LineKind,
    PayrollLine,
    PayrollRun,
)
from timesheets.selectors.payroll import NET, PAY

# What a build's notices (PayrollRun.notices) mean.
NOTICE_TEXTS = {
    "no_terms": _("No salary terms: nothing is paid. Enter the employee's salary terms."),
    "no_wage": _("Hours on days under an hourly term without an hourly wage: those hours are not paid."),
    "no_salary": _("A monthly term without an annual salary: that part of the month pays nothing."),
}
NOTICES_SHOWN = 50


def run_summary(*, run: PayrollRun) -> dict:
    """Totals per kind; `total` is gross pay, `net` gross less the deductions; the head
    count. From the database (two aggregates however many employees)."""
    totals = {row["kind"]: row["total"] for row in run.lines.values("kind").annotate(total=Sum("amount")).order_by()}
    gross = sum((total for kind, total in totals.items() if kind not in NOT_PAY_KINDS), ZERO)
    deducted = sum((totals.get(kind, ZERO) for kind in DEDUCTION_KINDS), ZERO)
    return {
        "by_kind": [(kind, label, totals.get(kind, ZERO)) for kind, label in LineKind.choices if kind in totals],
        "total": gross,
        "deducted": deducted,
        "net": gross + deducted,
        "employees": run.lines.aggregate(count=Count("employee_id", distinct=True))["count"],
    }


def run_notices(*, run: PayrollRun) -> dict:
    """The last build's notices with their texts, the first NOTICES_SHOWN of them."""
    notices = [{**notice, "text": NOTICE_TEXTS.get(notice.get("code"), "")} for notice in run.notices or []]
    return {"shown": notices[:NOTICES_SHOWN], "count": len(notices), "more": max(0, len(notices) - NOTICES_SHOWN)}


def run_employees(*, run: PayrollRun) -> QuerySet:
    """One row per employee of the run with their amounts per kind and gross."""
    return (
        run.lines.values("employee_id", "employee__number", "employee__first_name", "employee__last_name")
        .annotate(
            salary=Sum("amount", filter=Q(kind__in=[LineKind.SALARY, LineKind.HOURLY])),
            overtime=Sum("amount", filter=Q(kind=LineKind.OVERTIME)),
            flex=Sum("amount", filter=Q(kind__in=[LineKind.FLEX_PAYOUT, LineKind.FLEX_DEDUCTION])),
            gross=Sum("amount", filter=PAY),
            deducted=Sum("amount", filter=Q(kind__in=DEDUCTION_KINDS)),
            net=Sum("amount", filter=NET),
        )
        .order_by("employee__last_name", "employee__first_name", "employee__number", "employee_id")
    )


def run_lines(*, run: PayrollRun) -> QuerySet[PayrollLine]:
    return run.lines.select_related("employee", "pay_type").order_by(
        "employee__last_name", "employee__first_name", "employee__number", "kind"
    )


def run_accounting_rows(*, run: PayrollRun) -> list[dict]:
    """One row per employee and line kind: summed hours, basis and amount (rounded to
    hundredths: SQLite sums decimals as floats), in employee order. One query."""
    rows = (
        run.lines.values("employee__number", "employee__first_name", "employee__last_name", "kind")
        .annotate(hours=Sum("hours"), basis=Sum("basis"), amount=Sum("amount"))
        .order_by("employee__last_name", "employee__first_name", "employee__number", "kind")
    )
    return [
        {
            **row,
            "hours": None if row["hours"] is None else round_hours(row["hours"]),
            "basis": None if row["basis"] is None else round_money(row["basis"]),
            "amount": round_money(row["amount"]),
        }
        for row in rows
    ]
