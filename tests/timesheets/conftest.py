import datetime
import threading
from decimal import Decimal

import pytest

from tests.factories import EmployeeFactory, switch
from tests.timesheets.factories import ActivityFactory, PayTypeFactory, TimesheetSettingsFactory
from timesheets.services.entries import time_entry_set


@pytest.fixture
def flex(organization):
    """A Norwegian organization with the module on, normal time 8, divisor 1950, and an
    employee on a fixed monthly salary of 780,000 (hourly rate 780,000 / 1,950 = 400)."""
    switch(organization, "timesheets")
    organization.normal_hours_per_day = Decimal("8")
    organization.save()
    settings = TimesheetSettingsFactory(organization=organization, flex_start=datetime.date(2025, 1, 1))

    class Flex:
        pass

    flex = Flex()
    flex.organization = organization
    flex.settings = settings
    flex.employee = EmployeeFactory(
        organization=organization,
        first_name="Kari",
        last_name="Nordmann",
        annual_salary=Decimal("780000"),
        employment_start=datetime.date(2020, 1, 1),
    )
    flex.work = ActivityFactory(organization=organization, name="Project work")
    flex.time_off = ActivityFactory(organization=organization, name="Flex time off", generates_hours=False)
    flex.overtime50 = PayTypeFactory(organization=organization, name="Overtime 50 %", percentage=Decimal("50"))

    def log(day, hours, activity=None, pay_type=None):
        return time_entry_set(
            employee=flex.employee,
            day=day,
            activity=activity or flex.work,
            pay_type=pay_type,
            hours=Decimal(str(hours)),
        )

    def start_on(day):
        settings.flex_start = day
        settings.save()

    flex.log = log
    flex.start_on = start_on
    return flex


def run_concurrently(function, times: int = 2) -> tuple[list, list]:
    """Call function from `times` threads released together; (results, errors).
    Each thread closes its own database connection."""
    results, errors = [], []
    barrier = threading.Barrier(times)

    def worker():
        from django.db import connection

        try:
            barrier.wait()
            results.append(function())
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors
