"""An employee's tax cards (internal to timesheets)."""

from django.db.models import QuerySet

from hrsuite.models import Employee
from timesheets.models import TaxCard


def tax_cards_for(*, employee: Employee) -> QuerySet[TaxCard]:
    return TaxCard.objects.filter(organization_id=employee.organization_id, employee=employee).order_by("-year")
