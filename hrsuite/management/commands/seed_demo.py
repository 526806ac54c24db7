"""Demo data: an office, two client organizations in two countries, and one login per role.

Idempotent: running it again leaves existing demo data as it is. `--employees N` adds a large
organization for benchmarks, inserted in bulk.

Each module adds its own demo data through its registry entry (`demo`, hrsuite/modules.py): a
function `(*, organization, rng)` called for each demo organization right after its employees
exist (and again on reruns, so it must skip what is already there).
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction
from simple_history.utils import bulk_create_with_history
from stdnum import iban

from hrsuite import modules, roles
from hrsuite.grants import company_access_grant, permissions_named
from hrsuite.models import Department, Employee, JobFunctionLevel, Office, Organization, SalaryTerm, SalaryType, User
from hrsuite.money import round_money
from hrsuite.national_ids import norwegian_check_digits

DEMO_PASSWORD = "HRsuite-demo-2026"
# The demo's hourly-paid employees earn about what a full year of hours at their salary pays.
HOURS_PER_YEAR = Decimal("1950")

NAMES = {
    "NO": (
        [
            "Kari",
            "Ola",
            "Ingrid",
            "Lars",
            "Sigrid",
            "Magnus",
            "Nora",
            "Henrik",
            "Astrid",
            "Jonas",
            "Emma",
            "Sindre",
            "Thea",
            "Eirik",
            "Maja",
            "Anders",
            "Ida",
            "Kristian",
            "Solveig",
            "Håkon",
        ],
        [
            "Nordmann",
            "Hansen",
            "Johansen",
            "Olsen",
            "Larsen",
            "Andersen",
            "Pedersen",
            "Nilsen",
            "Kristiansen",
            "Jensen",
            "Karlsen",
            "Berg",
            "Haugen",
            "Hagen",
            "Johannessen",
            "Eriksen",
            "Dahl",
            "Lie",
            "Solberg",
            "Bakke",
        ],
    ),
    "NL": (
        [
            "Sanne",
            "Daan",
            "Lotte",
            "Bram",
            "Fleur",
            "Jeroen",
            "Eva",
            "Thijs",
            "Anouk",
            "Ruben",
            "Lisa",
            "Sem",
            "Noor",
            "Pieter",
            "Femke",
            "Joost",
            "Marloes",
            "Stijn",
            "Ilse",
            "Wouter",
        ],
        [
            "de Jong",
            "Jansen",
            "de Vries",
            "van den Berg",
            "van Dijk",
            "Bakker",
            "Janssen",
            "Visser",
            "Smit",
            "Meijer",
            "de Boer",
            "Mulder",
            "de Groot",
            "Bos",
            "Vos",
            "Peters",
            "Hendriks",
            "van Leeuwen",
            "Dekker",
            "Brouwer",
        ],
    ),
}
DEPARTMENTS = [("Finance", "1100"), ("Sales", "2100"), ("Operations", "3100"), ("IT", "4100"), ("HR", "5100")]
LEVELS = (
    [JobFunctionLevel.STAFF] * 5
    + [JobFunctionLevel.SKILLED] * 3
    + [JobFunctionLevel.MIDDLE_MANAGEMENT, JobFunctionLevel.SENIOR_MANAGEMENT, JobFunctionLevel.TRAINEE]
)

ORGANIZATIONS = [
    {
        "name": "Fjordkraft Regnskap AS",
        "org_number": "912345678",
        "country": "NO",
        "currency": "NOK",
        "language": "nb",
        "time_zone": "Europe/Oslo",
        "normal_hours_per_day": Decimal("7.50"),
        "salary": 620000,
    },
    {
        "name": "Polderwerk B.V.",
        "org_number": "34567890",
        "country": "NL",
        "currency": "EUR",
        "language": "nl",
        "time_zone": "Europe/Amsterdam",
        "normal_hours_per_day": Decimal("8.00"),
        "salary": 52000,
    },
]


def norwegian_national_id(birth: date, rng: random.Random) -> str:
    while True:
        first_nine = f"{birth:%d%m%y}{rng.randint(0, 499):03d}"
        check = norwegian_check_digits(first_nine)
        if check:
            return first_nine + check


def dutch_bsn(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
        last = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if last < 10:
            return "".join(map(str, digits)) + str(last)


JOB_TITLES = ["Accountant", "Sales manager", "Operations lead", "Developer", "HR adviser", "Controller", "Consultant"]
ADDRESSES = {
    "NO": (
        ["Strandgaten", "Kong Oscars gate", "Nygårdsgaten"],
        "50{:02d}",
        "Bergen",
        "+47 9{:07d}",
    ),
    "NL": (["Prinsengracht", "Keizersgracht", "Damrak", "Spuistraat"], "10{:02d} AB", "Amsterdam", "+31 6 2{:07d}"),
}


def demo_bank_account(country: str, rng: random.Random) -> str:
    """A made-up account that passes the checks (MOD11 in Norway, IBAN check digits)."""
    if country == "NO":
        while True:
            number = f"1503{rng.randint(0, 999999):06d}"
            weights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
            check = 11 - sum(int(d) * w for d, w in zip(number, weights, strict=True)) % 11
            if check < 10:
                return number + str(check)
    bban = f"ABNA{rng.randint(0, 9999999999):010d}"
    return f"NL{iban.calc_check_digits('NLXX' + bban)}{bban}"


def demo_contact(country: str, rng: random.Random, index: int) -> dict:
    streets, postal, city, phone = ADDRESSES.get(country, ADDRESSES["NO"])
    return {
        "job_title": rng.choice(JOB_TITLES),
        "street_address": f"{rng.choice(streets)} {rng.randint(1, 60)}",
        "postal_code": postal.format(rng.randint(10, 99)),
        "city": city,
        "phone": phone.format(rng.randint(1000000, 9999999)),
        "bank_account": demo_bank_account(country, rng) if index % 5 != 4 else "",
        "emergency_contact_name": "Ola Nordmann" if country == "NO" else "Sanne de Vries",
        "emergency_contact_phone": phone.format(rng.randint(1000000, 9999999)),
    }


def build_employees(
    organization: Organization, departments: list[Department], count: int, rng: random.Random, number_offset: int = 1000
) -> tuple[list[Employee], list[SalaryTerm]]:
    first_names, last_names = NAMES.get(organization.country, NAMES["NO"])
    base_salary = next((o["salary"] for o in ORGANIZATIONS if o["country"] == organization.country), 600000)
    today = organization.today()
    employees, terms = [], []
    for index in range(count):
        birth = date(1960, 1, 1) + timedelta(days=rng.randint(0, 365 * 40))
        first, last = rng.choice(first_names), rng.choice(last_names)
        start = today - timedelta(days=rng.randint(30, 365 * 12))
        hourly = index % 10 == 9
        national_id = (
            norwegian_national_id(birth, rng)
            if organization.country == "NO"
            else (dutch_bsn(rng) if organization.country == "NL" else "")
        )
        employees.append(
            Employee(
                organization=organization,
                number=str(number_offset + index + 1),
                first_name=first,
                last_name=last,
                email=f"{first}.{last}.{index + 1}@example.com".lower().replace(" ", "").replace("å", "a"),
                birth_date=birth,
                national_id=national_id,
                department=departments[index % len(departments)],
                job_function_level=rng.choice(LEVELS),
                employment_start=start,
                employment_end=today - timedelta(days=rng.randint(1, 20)) if index % 17 == 16 else None,
                # Its own generator: the names and dates above stay what they always were.
                **demo_contact(organization.country, random.Random(f"{organization.country}-{index}"), index),
            )
        )
        salary = round_money(base_salary + rng.randint(-10, 40) * base_salary // 100)
        term = SalaryTerm(
            employee=employees[-1],
            valid_from=start,
            salary_type=SalaryType.HOURLY if hourly else SalaryType.MONTHLY,
            annual_salary=None if hourly else salary,
            hourly_wage=round_money(salary / HOURS_PER_YEAR) if hourly else None,
            employment_percentage=Decimal("80") if index % 7 == 6 else Decimal("100"),
        )
        terms.append(term)
        raise_from = (today - timedelta(days=45)).replace(day=1)
        if not hourly and index % 4 == 0 and start < raise_from:
            # A raise from the first of last month: the employee's page shows two terms.
            terms.append(
                SalaryTerm(
                    employee=employees[-1],
                    valid_from=raise_from,
                    salary_type=SalaryType.MONTHLY,
                    annual_salary=round_money(salary * Decimal("1.03")),
                    employment_percentage=term.employment_percentage,
                )
            )
    return employees, terms


class Command(BaseCommand):
    help = "Load demo data and print the demo logins. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--employees",
            type=int,
            default=0,
            help="Also build a benchmark organization with this many employees (bulk insert).",
        )

    def handle(self, *args, employees: int, **options):
        rng = random.Random(2026)
        with transaction.atomic():
            office = Office.objects.get_or_create(name="Bergen Payroll Office")[0]
            organizations = [self.organization(office, spec, rng) for spec in ORGANIZATIONS]
            logins = self.logins(office, organizations)
            for module in modules.all_modules():
                for organization in organizations if module.demo else ():
                    logins.extend(module.demo(organization=organization, rng=rng) or ())
            if employees:
                self.benchmark_organization(office, employees, rng)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Logins (password for all: {DEMO_PASSWORD}):"))
        for email, role in logins:
            self.stdout.write(f"  {email:<32} {role}")

    def organization(self, office: Office, spec: dict, rng: random.Random) -> Organization:
        fields = {k: v for k, v in spec.items() if k != "salary"}
        organization, created = Organization.objects.get_or_create(
            country=spec["country"], org_number=spec["org_number"], defaults={**fields, "office": office}
        )
        if created:
            departments = [
                Department.objects.create(organization=organization, name=n, cost_centre=c) for n, c in DEPARTMENTS
            ]
            employees, terms = build_employees(organization, departments, 50, rng)
            bulk_create_with_history(employees, Employee)
            bulk_create_with_history(terms, SalaryTerm)
        return organization

    def logins(self, office: Office, organizations: list[Organization]) -> list[tuple[str, str]]:
        norway, netherlands = organizations
        staff = self.user("staff@demo.hrsuite.example", "Silje Staff", office=office, language="nb")
        staff.user_permissions.set(permissions_named(roles.PROVIDER_STAFF))
        hr_no = self.user("hr.no@demo.hrsuite.example", "Hanne HR", language="nb")
        company_access_grant(user=hr_no, organization=norway, rights=roles.HR_ADMIN)
        hr_nl = self.user("hr.nl@demo.hrsuite.example", "Hans HR", language="nl")
        company_access_grant(user=hr_nl, organization=netherlands, rights=roles.HR_ADMIN)
        both = self.user("multi@demo.hrsuite.example", "Mia Multi", language="en")
        for organization in organizations:
            company_access_grant(user=both, organization=organization, rights=roles.HR_ADMIN)
        viewer = self.user("viewer@demo.hrsuite.example", "Vera Viewer", language="en")
        company_access_grant(user=viewer, organization=norway, rights=roles.HR_VIEWER)
        employee = Employee.objects.filter(organization=norway, employment_end__isnull=True).order_by("number").first()
        employee_user = self.user("employee@demo.hrsuite.example", employee.full_name, language="nb")
        if employee.user_id is None and not hasattr(employee_user, "employee"):
            employee.user = employee_user
            employee.email = employee_user.email
            employee.save()
        return [
            (staff.email, f"Provider staff, {office.name} (all client organizations)"),
            (hr_no.email, f"HR admin, {norway.name}"),
            (hr_nl.email, f"HR admin, {netherlands.name}"),
            (both.email, "HR admin of both organizations (organization switcher)"),
            (viewer.email, f"HR viewer (read only), {norway.name}"),
            (employee_user.email, f"Employee, {norway.name} (self-service page)"),
        ]

    def user(self, email: str, name: str, **fields) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, full_name=name, **fields)
        return user

    def benchmark_organization(self, office: Office, count: int, rng: random.Random) -> Organization:
        organization, created = Organization.objects.get_or_create(
            country="NO",
            org_number=f"9{count:08d}",
            defaults={
                "office": office,
                "name": f"Benchmark {count} AS",
                "currency": "NOK",
                "language": "nb",
                "time_zone": "Europe/Oslo",
                "normal_hours_per_day": Decimal("8.00"),
            },
        )
        if created:
            departments = Department.objects.bulk_create(
                [Department(organization=organization, name=f"Department {i:02d}") for i in range(1, 41)]
            )
            # Plain bulk insert: benchmark data needs no per-row history.
            employees, terms = build_employees(organization, departments, count, rng)
            Employee.objects.bulk_create(employees, batch_size=2000)
            SalaryTerm.objects.bulk_create(terms, batch_size=2000)
        self.stdout.write(f"Benchmark organization: {organization.name} ({count} employees), id {organization.id}")
        return organization
