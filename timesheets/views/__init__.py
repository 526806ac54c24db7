"""Views of the timesheet module, one module per screen: settings (settings, activities,
pay types), entries (week view, cells, the employee's own week), overviews (month list,
one month, approve, reopen), runs (payroll runs, payslips), exports (CSV), me (the
employee's payslips and annual statements on My page). urls.py names the module of every
view; this package re-exports nothing. Every view but the settings screen (where the module
is switched on) declares the module: off answers 404."""
