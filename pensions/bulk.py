"""Plain inserts of many immutable rows (report lines, invoice lines) without a model
instance per row.

Why not bulk_create: for 50,000 lines Django's per-instance and per-value preparation costs
several times the SQL itself (bench/pension_report.py). PostgreSQL takes the rows through
COPY; SQLite through one executemany of a prepared INSERT, the values stored as Django stores
them there (UUIDs as hex, decimals and dates as text). The rows are new and never conflict: a report's or
invoice's lines are written once, in the transaction that creates their parent.
"""

import time
import uuid
from datetime import date
from decimal import Decimal

from django.db import connection


def _plain(value):
    """A value as Django's SQLite backend stores it: UUIDs as hex, decimals and dates as text."""
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, Decimal | date):
        return str(value)
    return value


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
        prepared = [tuple(map(_plain, row)) for row in rows]
        placeholders = ", ".join(["%s"] * len(model_fields))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", prepared)
        return len(prepared)
