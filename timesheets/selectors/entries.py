"""The week view's rows and entries (internal to timesheets' screens)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet

from hrsuite.models import Employee
from timesheets.flex import ZERO
from timesheets.models import (
    Activity,
    PayType,
    PayTypeKind,
    TimeEntry,
)


@dataclass
class WeekRow:
    activity: Activity
    pay_type: PayType | None
    cells: list  # (date, TimeEntry | None) per day

    @property
    def total(self) -> Decimal:
        return sum((entry.hours for _day, entry in self.cells if entry), ZERO)

    @property
    def is_overtime(self) -> bool:
        """Hours on an overtime pay type lie beside the activity's hours (timesheets/flex.py)."""
        return self.pay_type is not None and self.pay_type.kind == PayTypeKind.OVERTIME

    @property
    def key(self) -> str:
        return f"{self.activity.id}-{self.pay_type.id if self.pay_type else 0}"


def week_rows(*, employee: Employee, days: list[date], extra: tuple | None = None) -> list[WeekRow]:
    """One row per (activity, pay type) with entries in the week (one query), plus `extra`."""
    entries = list(
        TimeEntry.objects.filter(employee=employee, date__gte=days[0], date__lte=days[-1]).select_related(
            "activity", "pay_type"
        )
    )
    rows: dict[tuple, dict] = {}
    heads: dict[tuple, tuple] = {}
    for entry in entries:
        key = (entry.activity_id, entry.pay_type_id)
        heads[key] = (entry.activity, entry.pay_type)
        rows.setdefault(key, {})[entry.date] = entry
    if extra is not None and (extra[0].id, extra[1].id if extra[1] else None) not in heads:
        heads[(extra[0].id, extra[1].id if extra[1] else None)] = extra
    ordered = sorted(heads.items(), key=lambda item: (item[1][0].name, item[1][1].name if item[1][1] else ""))
    return [
        WeekRow(activity=activity, pay_type=pay_type, cells=[(day, rows.get(key, {}).get(day)) for day in days])
        for key, (activity, pay_type) in ordered
    ]


def week_entries(*, employee: Employee, first: date, last: date) -> QuerySet[TimeEntry]:
    return (
        TimeEntry.objects.filter(employee=employee, date__gte=first, date__lte=last)
        .select_related("activity", "pay_type", "created_by")
        .order_by("date", "activity__name")
    )
