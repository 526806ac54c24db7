"""Tax cards in the employee import: four optional columns, checked and written through the
tax-card service, the same rules as the employee's Tax cards tab.

A row with any of the columns filled records the employee's card for the year (default:
this year); a row leaving them all empty changes no card. Re-importing a file whose cards
are recorded already changes nothing."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hrsuite.imports import ImportColumns, LocalizedDecimalField, RowResult
from hrsuite.models import Organization, User
from timesheets.models import TaxCard, TaxCardKind
from timesheets.services.tax_cards import tax_card_build, tax_cards_write

# The card's fields, as the file names them.
COLUMN_FIELDS = {
    "tax_card_kind": "kind",
    "tax_card_year": "year",
    "tax_card_percentage": "percentage",
    "tax_card_table_number": "table_number",
}
LABELS = {
    "tax_card_kind": gettext_lazy("Tax card kind"),
    "tax_card_year": gettext_lazy("Tax card year"),
    "tax_card_percentage": gettext_lazy("Tax card withholding percentage (prosenttrekk)"),
    "tax_card_table_number": gettext_lazy("Tax card table number"),
}
HELP = {
    "tax_card_kind": gettext_lazy(
        "percentage (prosenttrekk) or table (tabelltrekk; Norway only, with its table number). "
        "Default: what the other tax card columns say."
    ),
    "tax_card_year": gettext_lazy("The year the tax card is valid for, e.g. 2026. Default: this year."),
    "tax_card_percentage": gettext_lazy(
        "The percentage withheld from taxable gross pay, 0 to 100 (Norway: the prosenttrekk, or the percentage "
        "applied beside a table number). Needed when a tax card column is filled; a year that has a card "
        "already gets this one instead."
    ),
    "tax_card_table_number": gettext_lazy(
        "Norway only: the tax table number (four digits, e.g. 7100) of a table card, recorded for reference. "
        "Leave empty for a percentage card."
    ),
}


# What a file may call each kind (the Norwegian names as well).
KIND_NAMES = {
    "percentage": TaxCardKind.PERCENTAGE,
    "prosenttrekk": TaxCardKind.PERCENTAGE,
    "table": TaxCardKind.TABLE,
    "tabelltrekk": TaxCardKind.TABLE,
}


class KindField(forms.CharField):
    def to_python(self, value):
        name = super().to_python(value).lower()
        if name and name not in KIND_NAMES:
            raise ValidationError(_("Enter percentage (prosenttrekk) or table (tabelltrekk)."))
        return KIND_NAMES.get(name, "")


class TaxCardCells(forms.Form):
    tax_card_kind = KindField(required=False)
    tax_card_year = forms.IntegerField(required=False)
    tax_card_percentage = LocalizedDecimalField(required=False)
    tax_card_table_number = forms.CharField(required=False)


def tax_cards_plan(*, organization: Organization, rows: list[tuple[RowResult, dict]]) -> list[TaxCard]:
    """The cards the rows record, built by the tax-card service; errors go on the rows.
    ONE query: the organization's cards of the years the file names."""
    this_year = organization.today().year
    wanted = []
    for row, cells in rows:
        if not any(cells.values()):
            continue
        form = TaxCardCells(data=cells)
        if not form.is_valid():
            row.errors.update({name: list(errors) for name, errors in form.errors.items()})
            continue
        values = form.cleaned_data
        if values["tax_card_percentage"] is None:
            row.errors["tax_card_percentage"] = [_("Give the withholding percentage of the tax card.")]
            continue
        wanted.append((row, values["tax_card_year"] or this_year, values))
    existing = {
        (card.employee_id, card.year): card
        for card in TaxCard.objects.filter(organization=organization, year__in={year for _row, year, _values in wanted})
    }
    cards = []
    for row, year, values in wanted:
        card = existing.get((row.employee.pk, year))
        recorded = (card.percentage, card.table_number) if card is not None else None
        try:
            card = tax_card_build(
                employee=row.employee,
                year=year,
                percentage=values["tax_card_percentage"],
                table_number=values["tax_card_table_number"],
                kind=values["tax_card_kind"],
                existing=card,
            )
        except ValidationError as invalid:
            row.errors.update(_by_column(invalid))
            continue
        if recorded == (card.percentage, card.table_number):
            continue  # recorded already: nothing to write
        cards.append(card)
        row.module_changes.append(_("tax card %(year)s") % {"year": year})
    return cards


def _by_column(invalid: ValidationError) -> dict[str, list[str]]:
    columns = {field: column for column, field in COLUMN_FIELDS.items()}
    found: dict[str, list[str]] = {}
    for field, messages in invalid.message_dict.items():
        found.setdefault(columns.get(field, "tax_card_percentage"), []).extend(messages)
    return found


def tax_cards_apply(*, planned: list[TaxCard], actor: User | None) -> None:
    tax_cards_write(cards=planned, actor=actor)


# The right the Tax cards tab asks for the same change.
TAX_CARD_COLUMNS = ImportColumns(
    right="timesheets.change_taxcard", labels=LABELS, help=HELP, plan=tax_cards_plan, apply=tax_cards_apply
)
