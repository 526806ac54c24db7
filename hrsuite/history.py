"""Model history (django-simple-history) as the history pages show it."""

from collections.abc import Callable


def field_changes(records: list, *, shown: Callable[[str, object, object], tuple] | None = None) -> list[dict]:
    """Each history record, newest first, with every field's before and after.

    shown(field_name, old, new) returns what to display instead of the stored values (a name
    for a foreign key, dots for a secret)."""
    entries = []
    for newer, older in zip(records, [*records[1:], None], strict=True):
        entry = {"record": newer, "changes": []}
        if older is not None:
            for change in newer.diff_against(older).changes:
                field = newer.instance_type._meta.get_field(change.field)
                old, new = shown(change.field, change.old, change.new) if shown else (change.old, change.new)
                entry["changes"].append({"field": field.verbose_name, "old": old, "new": new})
        entries.append(entry)
    return entries
