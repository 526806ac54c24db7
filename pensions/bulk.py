"""Plain inserts of many immutable rows (report lines, invoice lines) without a model
instance per row.

Why not bulk_create: for 50,000 lines Django's per-instance and per-value preparation costs
several times the SQL itself (bench/pension_report.py). PostgreSQL takes the rows through
COPY; other databases through one executemany of a prepared INSERT, with Django's own value
preparation (SQLite keeps UUIDs as hex). The rows are new and never conflict: a report's or
invoice's lines are written once, in the transaction that creates their parent.
"""

import time

from django.db import connection


def insert_rows(model, fields: list[str], rows) -> int:
    """Insert the rows (tuples in `fields` order); returns how many."""
    meta = model._meta
    model_fields = [meta.get_field(name) for name in fields]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in model_fields)
    table = connection.ops.quote_name(meta.db_table)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = f"COPY {table} ({columns}) FROM STDIN"
            started = time.monotonic()
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            if connection.queries_logged:  # the raw cursor bypasses Django's query log: count it there
                connection.queries_log.append(
                    {"sql": f"{sql} -- {count} rows", "time": f"{time.monotonic() - started:.3f}"}
                )
            return count
        prepared = [
            tuple(field.get_db_prep_save(value, connection) for field, value in zip(model_fields, row, strict=True))
            for row in rows
        ]
        placeholders = ", ".join(["%s"] * len(model_fields))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", prepared)
        return len(prepared)
