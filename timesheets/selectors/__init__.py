"""Reads of the timesheet module; split by concern in the next commit."""

from timesheets.selectors.overviews import *  # noqa: F403
