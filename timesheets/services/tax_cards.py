"""Tax cards: the withholding percentage of an employee for a calendar year."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hrsuite.models import Country, Employee
from timesheets.models import TaxCard


@transaction.atomic
def tax_card_set(*, employee: Employee, year: int, percentage: Decimal, table_number: str = "") -> TaxCard:
    """Record the employee's tax card for the year, replacing the one recorded before.
    Open payroll runs of that year take it up when they are built again."""
    if table_number and employee.organization.country != Country.NORWAY:
        raise ValidationError({"table_number": _("Tax table numbers are recorded for Norwegian employers only.")})
    card = TaxCard.objects.select_for_update().filter(employee=employee, year=year).first()
    card = card or TaxCard(organization_id=employee.organization_id, employee=employee, year=year)
    card.percentage = percentage
    card.table_number = table_number
    card.full_clean()
    card.save()
    return card
