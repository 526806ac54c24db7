"""Tax cards in the employee import: the timesheet module's optional columns, the tax-card
service's rules, all or nothing, and a re-import that changes nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hrsuite.imports import ImportFileError, employee_import_apply, employee_import_create, plan_import
from hrsuite.models import Employee
from tests.factories import EmployeeFactory, OrganizationFactory, switch
from timesheets.models import TaxCard

HEADER = "number,first_name,last_name,employment_start,tax_card_year,tax_card_percentage,tax_card_table_number\n"
GOOD = HEADER + (
    '101,Kari,Nordmann,2024-01-01,2026,"34,5",7100\n'  # a table card, comma decimals
    "102,Ola,Hansen,2024-02-01,2026,30,\n"  # a percentage card (prosenttrekk)
    "103,Siri,Dahl,2024-03-01,,,\n"  # no tax card columns filled: no card
)


@pytest.fixture
def norway(organization):
    switch(organization, "timesheets")
    return organization


def imported(organization, actor, content: str):
    employee_import = employee_import_create(
        organization=organization, actor=actor, file_name="staff.csv", content=content.encode()
    )
    return employee_import_apply(employee_import=employee_import, actor=actor)


def cards(organization):
    return sorted(
        TaxCard.objects.filter(organization=organization).values_list(
            "employee__number", "year", "percentage", "table_number"
        )
    )


def test_good_rows_record_the_cards_through_the_service_and_a_reimport_changes_nothing(norway, owner):
    employee = EmployeeFactory(
        organization=norway, number="102", first_name="Ola", last_name="Hansen", employment_start=date(2024, 2, 1)
    )
    TaxCard.objects.create(organization=norway, employee=employee, year=2026, percentage=Decimal("28"))
    applied = imported(norway, owner, GOOD)
    assert cards(norway) == [("101", 2026, Decimal("34.50"), "7100"), ("102", 2026, Decimal("30.00"), "")]
    assert applied.summary["created"] == 2  # Kari and Siri
    history = TaxCard.objects.get(employee=employee).history.order_by("history_date")
    assert [h.percentage for h in history] == [Decimal("28.00"), Decimal("30.00")]  # replaced, with history

    plan = plan_import(organization=norway, file_name="staff.csv", content=GOOD.encode())
    assert plan.is_valid and plan.count("unchanged") == 3
    again = imported(norway, owner, GOOD)
    assert again.summary == {"created": 0, "updated": 0, "unchanged": 3}
    assert TaxCard.history.count() == 3  # two created, one replaced: nothing more


def test_a_changed_card_makes_the_row_an_update_named_in_the_preview(norway, owner, owner_client):
    imported(norway, owner, GOOD)
    changed = GOOD.replace("2026,30,", "2026,31,")
    employee_import = employee_import_create(
        organization=norway, actor=owner, file_name="staff.csv", content=changed.encode()
    )
    url = reverse("import_preview", kwargs={"org_id": norway.id, "import_id": employee_import.id})
    page = owner_client.get(url).content.decode()
    assert "tax card 2026" in page
    assert employee_import_apply(employee_import=employee_import, actor=owner).summary["updated"] == 1
    assert TaxCard.objects.get(employee__number="102").percentage == Decimal("31.00")


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ("2026,,7100", "tax_card_percentage", "Give the withholding percentage of the tax card."),
        ("2026,101,", "tax_card_percentage", "less than or equal to 100"),
        ("2026,abc,", "tax_card_percentage", "Enter a number."),
        ("2026,30,71", "tax_card_table_number", "four digits"),
        ("1066,30,", "tax_card_year", "greater than or equal to 1900"),
        ("twenty,30,", "tax_card_year", "Enter a whole number."),
    ],
)
def test_a_bad_row_names_its_row_and_column_in_the_users_words_and_nothing_is_saved(
    norway, owner, cells, column, message
):
    content = GOOD + f"104,Per,Berg,2024-04-01,{cells}\n"
    plan = plan_import(organization=norway, file_name="staff.csv", content=content.encode())
    assert not plan.is_valid
    [bad] = plan.errors
    assert bad.row_number == 5
    [(label, named, messages)] = bad.labelled_errors()
    assert named == column and label.startswith("Tax card ") and message in " ".join(messages)
    employee_import = employee_import_create(
        organization=norway, actor=owner, file_name="staff.csv", content=content.encode()
    )
    with pytest.raises(ValidationError):
        employee_import_apply(employee_import=employee_import, actor=owner)
    assert not Employee.objects.filter(organization=norway).exists()
    assert not TaxCard.objects.exists()


@pytest.mark.parametrize(
    ("kind", "cells", "message"),
    [
        ("table", "2026,30,", "A table deduction card needs its tax table number."),
        ("prosenttrekk", "2026,30,7100", "A percentage deduction card has no tax table number"),
        ("flat", "2026,30,", "Enter percentage (prosenttrekk) or table (tabelltrekk)."),
    ],
)
def test_the_kind_column_must_say_what_the_card_is(norway, kind, cells, message):
    header = HEADER.replace("employment_start,", "employment_start,tax_card_kind,")
    content = (
        header + f"101,Kari,Nordmann,2024-01-01,tabelltrekk,2026,30,7100\n106,Per,Berg,2024-01-01,{kind},{cells}\n"
    )
    plan = plan_import(organization=norway, file_name="staff.csv", content=content.encode())
    [bad] = plan.errors
    assert bad.row_number == 3
    [(label, column, messages)] = bad.labelled_errors()
    assert (label, column) == ("Tax card kind", "tax_card_kind") and message in " ".join(messages)


def test_table_numbers_are_refused_outside_norway_as_on_the_tab(owner):
    dutch = OrganizationFactory(country="NL", currency="EUR", time_zone="Europe/Amsterdam")
    switch(dutch, "timesheets")
    plan = plan_import(organization=dutch, file_name="staff.csv", content=GOOD.encode())
    [bad] = plan.errors
    assert bad.errors == {"tax_card_table_number": ["Tax table numbers are recorded for Norwegian employers only."]}


def test_the_columns_are_offered_only_where_the_timesheet_module_is_on(organization, owner_client):
    with pytest.raises(ImportFileError, match="Unknown column"):
        plan_import(organization=organization, file_name="staff.csv", content=GOOD.encode())
    template = reverse("import_template", kwargs={"org_id": organization.id})
    assert "tax_card_year" not in owner_client.get(template).content.decode("utf-8-sig")
    switch(organization, "timesheets")
    assert "tax_card_year" in owner_client.get(template).content.decode("utf-8-sig").splitlines()[0]
    upload_page = owner_client.get(reverse("import_upload", kwargs={"org_id": organization.id})).content.decode()
    assert "tax_card_percentage" in upload_page and "prosenttrekk" in upload_page


def test_only_a_user_who_may_change_tax_cards_imports_them(norway, owner, client):
    from hrsuite import roles
    from hrsuite.grants import company_access_grant
    from tests.factories import UserFactory

    importer = UserFactory()
    rights = [right for right in roles.HR_ADMIN if right != "timesheets.change_taxcard"]
    company_access_grant(user=importer, organization=norway, rights=rights)
    with pytest.raises(ImportFileError, match="Unknown column"):
        employee_import_create(organization=norway, actor=importer, file_name="staff.csv", content=GOOD.encode())
    # A file uploaded by someone who may is refused when applied by someone who may not.
    employee_import = employee_import_create(
        organization=norway, actor=owner, file_name="staff.csv", content=GOOD.encode()
    )
    with pytest.raises(ValidationError, match="Unknown column"):
        employee_import_apply(employee_import=employee_import, actor=importer)
    assert not TaxCard.objects.exists()
    client.force_login(importer)
    preview = reverse("import_preview", kwargs={"org_id": norway.id, "import_id": employee_import.id})
    response = client.get(preview, follow=True)
    assert response.redirect_chain and "Unknown column(s): tax_card_year" in response.content.decode()
    assert "tax_card_year" not in client.get(reverse("import_upload", kwargs={"org_id": norway.id})).content.decode()


@pytest.mark.parametrize("rows", [5, 50])
def test_planning_the_cards_costs_the_same_queries_at_5_and_50_rows(norway, rows, django_assert_num_queries):
    content = HEADER + "".join(f"{200 + n},A{n},B{n},2024-01-01,2026,30,\n" for n in range(rows))
    # 1 the module switches, 2 departments, 3 employees, 4 salary terms, 5 the year's tax cards.
    with django_assert_num_queries(5):
        plan = plan_import(organization=norway, file_name="staff.csv", content=content.encode())
    assert plan.is_valid and all(row.module_changes == ["tax card 2026"] for row in plan.rows)


def test_a_card_without_a_year_is_this_years(norway, owner):
    imported(norway, owner, HEADER + "105,Eva,Lund,2024-01-01,,25,\n")
    assert cards(norway) == [("105", norway.today().year, Decimal("25.00"), "")]
