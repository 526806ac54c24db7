"""Tax cards: the withholding percentage of an employee for a calendar year.

One set of rules for every path (the employee's tab and the employee import): a card is
built and checked by tax_card_build, then saved one at a time (tax_card_set) or in bulk
(tax_cards_write)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from hrsuite.models import Country, Employee, User
from timesheets.models import TaxCard, TaxCardKind


def tax_card_build(
    *,
    employee: Employee,
    year: int,
    percentage: Decimal,
    table_number: str = "",
    kind: str = "",
    existing: TaxCard | None,
) -> TaxCard:
    """The card as it would be recorded (unsaved): `existing`, the employee's card of that
    year if there is one, with the new figures, or a new card. `kind`, when given, must be
    what the card is (TaxCardKind). Raises ValidationError by field. The employee may be one
    not saved yet (a new row of an import); the caller settles uniqueness (one card per
    employee and year) and the foreign keys, so building a card asks the database nothing."""
    if table_number and employee.organization.country != Country.NORWAY:
        raise ValidationError({"table_number": _("Tax table numbers are recorded for Norwegian employers only.")})
    card = existing or TaxCard(organization_id=employee.organization_id, employee=employee, year=year)
    card.percentage = percentage
    card.table_number = table_number
    if kind and kind != card.kind:
        if kind == TaxCardKind.TABLE:
            raise ValidationError({"kind": _("A table deduction card needs its tax table number.")})
        raise ValidationError({"kind": _("A percentage deduction card has no tax table number: leave it empty.")})
    card.full_clean(exclude=["organization", "employee"], validate_unique=False, validate_constraints=False)
    return card


@transaction.atomic
def tax_card_set(*, employee: Employee, year: int, percentage: Decimal, table_number: str = "") -> TaxCard:
    """Record the employee's tax card for the year, replacing the one recorded before.
    Open payroll runs of that year take it up when they are built again."""
    existing = TaxCard.objects.select_for_update().filter(employee=employee, year=year).first()
    card = tax_card_build(
        employee=employee, year=year, percentage=percentage, table_number=table_number, existing=existing
    )
    card.save()
    return card


def tax_cards_write(*, cards: list[TaxCard], actor: User | None) -> None:
    """Save built cards in bulk, new and replaced ones, with their history (the import).
    Call inside the transaction that wrote their employees."""
    new = [card for card in cards if card._state.adding]
    replaced = [card for card in cards if not card._state.adding]
    if new:
        bulk_create_with_history(new, TaxCard, batch_size=1000, default_user=actor)
    if replaced:
        bulk_update_with_history(replaced, TaxCard, ["percentage", "table_number"], batch_size=1000, default_user=actor)
