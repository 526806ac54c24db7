"""Set-based writes for the payroll period: multi-row INSERT ... ON CONFLICT in one statement
per batch, without building a model instance per row.

Why not bulk_create/bulk_update: for ten thousand overviews or payroll lines, Django's
per-instance and per-value preparation costs several times the SQL itself (measured with
bench/payroll_period.py), and bulk_update compiles a CASE per row. `INSERT ... ON CONFLICT`
is also the concurrency guard: a row another transaction inserted or locked first is waited
for and then skipped or updated under the unique constraint, never duplicated. The syntax
(including `excluded.`) is shared by PostgreSQL and SQLite 3.24+.
"""

from django.db import connection


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def column(model, field_name: str) -> str:
    """`table.column` for use in an ON CONFLICT ... DO UPDATE expression."""
    return f"{_quote(model._meta.db_table)}.{_quote(model._meta.get_field(field_name).column)}"


def excluded(model, field_name: str) -> str:
    return f"excluded.{_quote(model._meta.get_field(field_name).column)}"


def insert_rows(
    model,
    fields: list[str],
    rows: list[tuple],
    *,
    conflict: list[str],
    update: dict[str, str] | None = None,
    where: str | None = None,
    batch_size: int = 1000,
) -> int:
    """Insert rows (tuples in `fields` order). On a unique conflict do nothing, or set
    `update` (field -> SQL expression) where `where` holds. Returns rows written."""
    if not rows:
        return 0
    meta = model._meta
    model_fields = [meta.get_field(name) for name in fields]
    if connection.vendor != "postgresql":
        # Django's own value preparation (SQLite stores UUIDs as hex, datetimes as UTC text).
        rows = [
            tuple(field.get_db_prep_save(value, connection) for field, value in zip(model_fields, row, strict=True))
            for row in rows
        ]
    columns = ", ".join(_quote(field.column) for field in model_fields)
    target = ", ".join(_quote(meta.get_field(name).column) for name in conflict)
    if update:
        assignments = ", ".join(f"{_quote(meta.get_field(name).column)} = {sql}" for name, sql in update.items())
        action = f"DO UPDATE SET {assignments}" + (f" WHERE {where}" if where else "")
    else:
        action = "DO NOTHING"
    if connection.vendor == "postgresql":
        return _insert_unnest(meta, model_fields, rows, columns, f"ON CONFLICT ({target}) {action}", batch_size * 10)
    placeholder = "(" + ", ".join(["%s"] * len(model_fields)) + ")"
    written = 0
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            cursor.execute(
                f"INSERT INTO {_quote(meta.db_table)} ({columns}) VALUES {', '.join([placeholder] * len(batch))} "
                f"ON CONFLICT ({target}) {action}",
                [value for row in batch for value in row],
            )
            written += max(cursor.rowcount, 0)
    return written


def _insert_unnest(meta, model_fields, rows, columns: str, conflict: str, batch_size: int) -> int:
    """PostgreSQL: one array parameter per column, `INSERT ... SELECT * FROM unnest(...)`.

    The statement stays a few hundred bytes however many rows it carries, so neither the
    driver nor the server parses tens of thousands of placeholders; psycopg adapts UUID,
    Decimal, date and datetime lists itself."""
    casts = ", ".join(f"%s::{field.db_type(connection)}[]" for field in model_fields)
    sql = f"INSERT INTO {_quote(meta.db_table)} ({columns}) SELECT * FROM unnest({casts}) {conflict}"
    written = 0
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            cursor.execute(sql, [list(values) for values in zip(*batch, strict=True)])
            written += max(cursor.rowcount, 0)
    return written
