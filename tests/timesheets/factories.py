import datetime
from decimal import Decimal

import factory

from tests.factories import EmployeeFactory, OrganizationFactory
from timesheets.models import Activity, PayType, PayTypeKind, TimeEntry, TimesheetSettings


class TimesheetSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimesheetSettings
        django_get_or_create = ("organization",)

    organization = factory.SubFactory(OrganizationFactory, modules={"timesheets": True})
    flex_start = datetime.date(2025, 1, 1)
    annual_hours_divisor = Decimal("1950")


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Activity {n}")
    generates_hours = True


class PayTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PayType

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Overtime {n}")
    kind = PayTypeKind.OVERTIME
    percentage = Decimal("50")


class TimeEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimeEntry

    employee = factory.SubFactory(EmployeeFactory)
    organization = factory.SelfAttribute("employee.organization")
    activity = factory.SubFactory(ActivityFactory, organization=factory.SelfAttribute("..organization"))
    date = datetime.date(2025, 8, 11)
    hours = Decimal("8")
