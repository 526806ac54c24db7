"""Views of the timesheet module; split by screen in the next commit."""

from timesheets.views.entries import *  # noqa: F403
