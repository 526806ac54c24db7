"""Reads of the timesheet module, one module per concern, always scoped by the
organization or employee passed in. This package re-exports nothing.

- payroll: the PUBLIC payroll API; other apps import from timesheets.selectors.payroll only
- settings, lookups, entries, overviews, runs: internal to timesheets' own screens
"""
