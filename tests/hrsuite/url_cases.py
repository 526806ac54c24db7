from tests.url_matrix import Case, employee_kwargs, org_kwargs


def import_kwargs(world):
    from hrsuite.imports import employee_import_create, template_csv

    employee_import = employee_import_create(
        organization=world.organization, actor=world.owner, file_name="a.csv", content=template_csv().encode()
    )
    return {**org_kwargs(world), "import_id": employee_import.id}


CASES = [
    Case("organization", org_kwargs, right="hrsuite.view_employee"),
    Case("organization_settings", org_kwargs, right="hrsuite.change_organization"),
    Case("employee_list", org_kwargs, right="hrsuite.view_employee"),
    Case("employee_create", org_kwargs, right="hrsuite.add_employee"),
    Case("employee_detail", employee_kwargs, right="hrsuite.view_employee"),
    Case("employee_edit", employee_kwargs, right="hrsuite.change_employee"),
    Case("employment_end", employee_kwargs, right="hrsuite.change_employee"),
    Case("employee_history", employee_kwargs, right="hrsuite.view_employee"),
    Case("employee_national_id", employee_kwargs, right="hrsuite.view_national_id"),
    Case("import_upload", org_kwargs, right="hrsuite.import_employees"),
    Case("import_template", org_kwargs, right="hrsuite.import_employees"),
    Case("import_preview", import_kwargs, right="hrsuite.import_employees"),
    Case("import_apply", import_kwargs, right="hrsuite.import_employees", method="post"),
    # Global pages: reachable when logged in, but never show another tenant's data.
    Case("home", lambda w: {}, outsider=302, employee=302, rightless=None),
    Case("organization_picker", lambda w: {}, outsider=200, employee=200, rightless=None),
    Case(
        "switch_organization",
        lambda w: {},
        data=lambda w: {"org": w.organization.id},
        outsider=302,
        employee=302,
        rightless=None,
    ),
    Case("office", lambda w: {}, outsider=403, employee=403, rightless=None),
]


def access_kwargs(world):
    from hrsuite.models import CompanyAccess

    access = CompanyAccess.objects.get(user=world.colleague, organization=world.organization)
    return {**org_kwargs(world), "access_id": access.id}


CASES += [
    Case("audit_log", org_kwargs, right="hrsuite.view_auditevent"),
    Case("member_list", org_kwargs, right="hrsuite.view_companyaccess"),
    Case("member_invite", org_kwargs, right="hrsuite.add_companyaccess"),
    Case("member_rights", access_kwargs, right="hrsuite.change_companyaccess"),
    Case("member_revoke", access_kwargs, right="hrsuite.delete_companyaccess", method="post"),
    Case("member_deactivate", access_kwargs, right="hrsuite.deactivate_user"),
    Case("member_deactivate", access_kwargs, right="hrsuite.deactivate_user", method="post"),
    Case("member_reactivate", access_kwargs, right="hrsuite.deactivate_user", method="post"),
    Case("organization_create", lambda w: {}, outsider=403, employee=403, rightless=None),
]
