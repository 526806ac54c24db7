"""Payroll runs through their states, as HR takes them: publish (with a pay date), close."""

from timesheets.services.payroll import payroll_run_close, payroll_run_publish


def published(run, *, actor=None):
    return payroll_run_publish(run=run, pay_date=run.period.replace(day=25), actor=actor)


def closed(run, *, actor=None):
    return payroll_run_close(run=published(run, actor=actor), actor=actor)
