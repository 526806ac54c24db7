"""One salary term per existing employee, valid from the employment start, from the figures
that were stored on the employee. Their hourly-paid employees had no hourly wage (only an
annual salary that nothing paid): their first term has no wage until HR enters one."""

from django.db import migrations
from django.utils import timezone

BATCH = 2000


def terms_from_employees(apps, schema_editor):
    Employee = apps.get_model("hrsuite", "Employee")
    SalaryTerm = apps.get_model("hrsuite", "SalaryTerm")
    HistoricalSalaryTerm = apps.get_model("hrsuite", "HistoricalSalaryTerm")
    employees = Employee.objects.values_list(
        "id", "employment_start", "salary_type", "annual_salary", "employment_percentage", "normal_hours_per_day"
    ).order_by("id")
    batch = []
    for employee_id, start, salary_type, annual_salary, percentage, hours in employees.iterator(chunk_size=BATCH):
        monthly = salary_type == "monthly"
        batch.append(
            SalaryTerm(
                employee_id=employee_id,
                valid_from=start,
                salary_type=salary_type,
                annual_salary=annual_salary if monthly else None,
                hourly_wage=None,
                employment_percentage=percentage,
                normal_hours_per_day=hours,
            )
        )
        if len(batch) >= BATCH:
            _save(SalaryTerm, HistoricalSalaryTerm, batch)
            batch = []
    _save(SalaryTerm, HistoricalSalaryTerm, batch)


def _save(SalaryTerm, HistoricalSalaryTerm, terms):
    SalaryTerm.objects.bulk_create(terms)
    now = timezone.now()
    fields = ["id", "employee_id", "valid_from", "salary_type", "annual_salary", "hourly_wage"]
    fields += ["employment_percentage", "normal_hours_per_day"]
    HistoricalSalaryTerm.objects.bulk_create(
        [
            HistoricalSalaryTerm(
                **{name: getattr(term, name) for name in fields},
                history_date=now,
                history_type="+",
                history_change_reason="From the employee's former salary fields",
            )
            for term in terms
        ]
    )


def employees_from_terms(apps, schema_editor):
    """Reverse: the figures go back onto the employee from their latest term."""
    SalaryTerm = apps.get_model("hrsuite", "SalaryTerm")
    Employee = apps.get_model("hrsuite", "Employee")
    for term in SalaryTerm.objects.order_by("employee_id", "valid_from"):
        Employee.objects.filter(pk=term.employee_id).update(
            salary_type=term.salary_type,
            annual_salary=term.annual_salary or 0,
            employment_percentage=term.employment_percentage,
            normal_hours_per_day=term.normal_hours_per_day,
        )
    SalaryTerm.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("hrsuite", "0005_salary_terms")]

    operations = [migrations.RunPython(terms_from_employees, employees_from_terms)]
