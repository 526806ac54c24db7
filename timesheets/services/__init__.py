"""Writes of the timesheet module, one module per concern. Callers import from the module
that owns the rule (`from timesheets.services.overviews import overviews_approve`); this
package re-exports nothing.

- settings: timesheet settings, activities, pay types
- entries: time entries (the week view's cells)
- overviews: monthly overviews: compute, pay-out hours, approve, reopen
- payroll: payroll runs: build, close, their lines and the pay arithmetic
- notifications: the e-mail to approvers
- period: the monthly payroll-period job (compute, build, notify)

Every service is keyword-only, atomic and validated with full_clean().

Idempotency and concurrency of approval and payroll runs rest on two things together:
row locks (select_for_update on the overview and the run) serialize competing writers, and
unique constraints (one overview per employee and month, one run per organization and
period, one line per run, employee and key) make a second insert impossible even if a lock
were missed. Line inserts use ON CONFLICT DO NOTHING, so a rerun adds nothing.
"""
