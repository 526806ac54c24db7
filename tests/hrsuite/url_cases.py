from tests.url_matrix import GLOBAL, ME, REACH, Case, employee_kwargs, no_kwargs, org_kwargs

GET_POST = ("get", "post")


def import_kwargs(world):
    from hrsuite.access import rights_for
    from hrsuite.imports import employee_import_create, template_csv

    # The template the uploader downloads: the columns their rights let them import.
    template = template_csv(organization=world.organization, rights=rights_for(world.colleague, world.organization))
    employee_import = employee_import_create(
        organization=world.organization, actor=world.colleague, file_name="a.csv", content=template.encode()
    )
    return {**org_kwargs(world), "import_id": employee_import.id}


def access_kwargs(world):
    from hrsuite.models import CompanyAccess

    access = CompanyAccess.objects.get(user=world.colleague, organization=world.organization)
    return {**org_kwargs(world), "access_id": access.id}


# Global pages: every login reaches them; only provider staff reach the office's pages. None
# shows or leads into an organization the person cannot reach (asserted for the outsider).
EVERYONE = (("outsider", REACH), ("employee", REACH), ("member", REACH), ("provider", REACH))
PROVIDER_ONLY = (("outsider", 403), ("employee", 403), ("member", 403), ("provider", REACH))

CASES = [
    Case("organization", org_kwargs),  # every member's landing page: its parts follow the rights
    Case("inbox_counts", org_kwargs),
    Case("organization_settings", org_kwargs, right="hrsuite.change_organization", methods=GET_POST),
    Case("employee_list", org_kwargs, right="hrsuite.view_employee"),
    Case("employee_create", org_kwargs, right="hrsuite.add_employee", methods=GET_POST),
    Case("employee_detail", employee_kwargs, right="hrsuite.view_employee"),
    Case("employee_edit", employee_kwargs, right="hrsuite.change_employee", methods=GET_POST),
    Case("employment_end", employee_kwargs, right="hrsuite.change_employee", methods=GET_POST),
    Case("employee_history", employee_kwargs, right="hrsuite.view_employee"),
    Case("employee_national_id", employee_kwargs, right="hrsuite.view_national_id"),
    Case("import_upload", org_kwargs, right="hrsuite.import_employees", methods=GET_POST),
    Case("import_template", org_kwargs, right="hrsuite.import_employees"),
    Case("import_preview", import_kwargs, right="hrsuite.import_employees"),
    Case("import_apply", import_kwargs, right="hrsuite.import_employees", methods=("post",)),
    Case("audit_log", org_kwargs, right="hrsuite.view_auditevent"),
    Case("member_list", org_kwargs, right="hrsuite.view_companyaccess"),
    Case("member_invite", org_kwargs, right="hrsuite.add_companyaccess", methods=GET_POST),
    Case("member_rights", access_kwargs, right="hrsuite.change_companyaccess", methods=GET_POST),
    Case("member_revoke", access_kwargs, right="hrsuite.delete_companyaccess", methods=("post",)),
    Case("member_deactivate", access_kwargs, right="hrsuite.deactivate_user", methods=GET_POST),
    Case("member_reactivate", access_kwargs, right="hrsuite.deactivate_user", methods=("post",)),
    Case("home", no_kwargs, scope=GLOBAL, expect=EVERYONE),
    # My page is the core's shell every module adds to; it is there with every module off.
    Case("me", no_kwargs, scope=ME),
    Case("organization_picker", no_kwargs, scope=GLOBAL, expect=EVERYONE),
    Case("search", no_kwargs, scope=GLOBAL, expect=EVERYONE),
    Case(
        "switch_organization",
        no_kwargs,
        data=lambda w: {"org": w.organization.id},
        scope=GLOBAL,
        expect=(("outsider", REACH), ("employee", REACH), ("member", REACH)),
    ),
    Case("office", no_kwargs, scope=GLOBAL, expect=PROVIDER_ONLY),
    Case("organization_create", no_kwargs, methods=GET_POST, scope=GLOBAL, expect=PROVIDER_ONLY),
]
