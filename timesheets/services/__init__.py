"""Writes of the timesheet module; split by concern in the next commit."""

from timesheets.services.overviews import *  # noqa: F403
