import datetime
from decimal import Decimal

import factory

from hrsuite.models import Department, Employee, Office, Organization, SalaryTerm, SalaryType, User

TEST_PASSWORD = "Correct-Horse-Battery-9"


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    name = factory.Sequence(lambda n: f"Office {n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        skip_postgeneration_save = True

    office = factory.SubFactory(OfficeFactory)
    name = factory.Sequence(lambda n: f"Organization {n} AS")
    org_number = factory.Sequence(lambda n: f"{900000000 + n}")
    country = "NO"
    currency = "NOK"
    language = "nb"
    time_zone = "Europe/Oslo"
    normal_hours_per_day = Decimal("8.00")

    @factory.post_generation
    def modules(organization, create, switches, **kwargs):
        """OrganizationFactory(modules={"timesheets": True}): switched as the service does."""
        for key, enabled in (switches or {}).items():
            switch(organization, key, enabled)


def switch(organization, key: str, enabled: bool = True) -> None:
    """Switch a module on or off through the one service, as the settings screen does."""
    from hrsuite.services import module_switch

    module_switch(organization=organization, key=key, enabled=enabled, actor=None)


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Department {n}")


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    number = factory.Sequence(lambda n: f"{1000 + n}")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = factory.Sequence(lambda n: f"Last{n}")
    email = factory.LazyAttribute(lambda e: f"{e.first_name.lower()}@example.com")
    employment_start = datetime.date(2020, 1, 1)

    class Params:
        # The first salary term (valid from the employment start); salary_term=None for none.
        salary_type = SalaryType.MONTHLY
        annual_salary = Decimal("600000.00")
        hourly_wage = None
        employment_percentage = Decimal("100")
        normal_hours_per_day = None

    salary_term = factory.RelatedFactory(
        "tests.factories.SalaryTermFactory",
        factory_related_name="employee",
        valid_from=factory.SelfAttribute("..employment_start"),
        salary_type=factory.SelfAttribute("..salary_type"),
        annual_salary=factory.SelfAttribute("..annual_salary"),
        hourly_wage=factory.SelfAttribute("..hourly_wage"),
        employment_percentage=factory.SelfAttribute("..employment_percentage"),
        normal_hours_per_day=factory.SelfAttribute("..normal_hours_per_day"),
    )


class SalaryTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SalaryTerm

    employee = factory.SubFactory(EmployeeFactory, salary_term=None)
    valid_from = factory.SelfAttribute("employee.employment_start")
    salary_type = SalaryType.MONTHLY
    annual_salary = Decimal("600000.00")
    employment_percentage = Decimal("100")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # An hourly term carries no annual salary (as salary_term_set writes it).
        if kwargs.get("salary_type") == SalaryType.HOURLY:
            kwargs["annual_salary"] = None
            kwargs["hourly_wage"] = kwargs.get("hourly_wage") or Decimal("250.00")
        return super()._create(model_class, *args, **kwargs)


def terms_change(employee, **fields):
    """Set fields on every salary term of the employee, in place (a test's shortcut; the
    product writes terms through hrsuite.salary_terms)."""
    if fields.get("salary_type") == SalaryType.HOURLY:
        fields = {"annual_salary": None, "hourly_wage": Decimal("250.00"), **fields}
    SalaryTerm.objects.filter(employee=employee).update(**fields)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Sequence(lambda n: f"User {n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()
