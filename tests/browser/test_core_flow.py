import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import DepartmentFactory, EmployeeFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_login_list_detail_and_import_with_a_bad_row(page, organization, owner, tmp_path):
    finance = DepartmentFactory(organization=organization, name="Finance")
    EmployeeFactory(organization=organization, first_name="Kari", last_name="Nordmann", number="1", department=finance)
    EmployeeFactory(organization=organization, first_name="Ola", last_name="Hansen", number="2")

    login(page, owner)
    expect(page.get_by_role("heading", name=organization.name)).to_be_visible()

    page.get_by_role("link", name="Employees", exact=True).click()
    expect(page.get_by_role("link", name="Nordmann, Kari")).to_be_visible()
    page.fill("#id_q", "Hansen")
    expect(page.get_by_role("link", name="Nordmann, Kari")).to_be_hidden()
    expect(page.get_by_role("link", name="Hansen, Ola")).to_be_visible()
    page.get_by_role("link", name="Hansen, Ola").click()
    expect(page.get_by_role("heading", name="Ola Hansen")).to_be_visible()

    bad = tmp_path / "staff.csv"
    bad.write_text(
        "number,first_name,last_name,employment_start,annual_salary\n"
        "10,Nina,Berg,2024-01-01,500000\n"
        "11,Per,,2024-13-01,lots\n"
    )
    page.get_by_role("link", name="Import", exact=True).click()
    page.set_input_files("#id_file", str(bad))
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("alert")).to_contain_text("Row 3")
    expect(page.get_by_role("button", name="Import", exact=True)).to_be_disabled()
    assert organization.employees.count() == 2
