"""Address, phone, bank account and emergency contact move onto the core Employee, where
HR's form, the import and payroll read them; self-service changes them through the core."""

from django.db import migrations

FIELDS = [
    "street_address",
    "postal_code",
    "city",
    "phone",
    "bank_account",
    "emergency_contact_name",
    "emergency_contact_phone",
]


def copy_to_employee(apps, schema_editor):
    Details = apps.get_model("selfservice", "EmployeePersonalDetails")
    Employee = apps.get_model("hrsuite", "Employee")
    employees = []
    for details in Details.objects.select_related("employee").iterator(chunk_size=1000):
        employee = details.employee
        for name in FIELDS:
            setattr(employee, name, getattr(details, name))
        employees.append(employee)
    Employee.objects.bulk_update(employees, FIELDS, batch_size=1000)


def copy_back(apps, schema_editor):
    Details = apps.get_model("selfservice", "EmployeePersonalDetails")
    Employee = apps.get_model("hrsuite", "Employee")
    filled = Employee.objects.exclude(**{name: "" for name in FIELDS})
    Details.objects.bulk_create(
        [Details(employee=e, **{name: getattr(e, name) for name in FIELDS}) for e in filled.iterator()],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("selfservice", "0005_view_personal_details_right"),
        ("hrsuite", "0009_employee_contact_payment_job_manager"),
    ]

    operations = [migrations.RunPython(copy_to_employee, copy_back)]
