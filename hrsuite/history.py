"""Model history (django-simple-history) as the history pages show it.

Values are shown as the reader reads them in their language: amounts with grouping and
decimal comma where the language has them (644 800,00 NOK), dates in the language's short
format, choices by their label, never the stored 644800.00 or 2026-01-31."""

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format, number_format


def display_value(field, value, *, currency: str = "") -> object:
    """A stored value as the reader's language shows it."""
    if value in (None, ""):
        return value
    if getattr(field, "choices", None):
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return value
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, (Decimal, float, int)):
        places = getattr(field, "decimal_places", None)
        text = number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
        money = currency and places == 2 and field.name.endswith(("salary", "wage"))
        return f"{text} {currency}" if money else text
    return value


def field_changes(
    records: list, *, shown: Callable[[str, object, object], tuple] | None = None, currency: str = ""
) -> list[dict]:
    """Each history record, newest first, with every field's before and after.

    shown(field_name, old, new) returns what to display instead of the stored values (a name
    for a foreign key, dots for a secret); other values are formatted by display_value()."""
    entries = []
    for newer, older in zip(records, [*records[1:], None], strict=True):
        entry = {"record": newer, "changes": []}
        if older is not None:
            for change in newer.diff_against(older).changes:
                field = newer.instance_type._meta.get_field(change.field)
                shown_values = shown(change.field, change.old, change.new) if shown else None
                if shown_values is None:
                    shown_values = (
                        display_value(field, change.old, currency=currency),
                        display_value(field, change.new, currency=currency),
                    )
                entry["changes"].append({"field": field.verbose_name, "old": shown_values[0], "new": shown_values[1]})
        entries.append(entry)
    return entries
