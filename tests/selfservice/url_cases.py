from tests.url_matrix import Case, employee_kwargs, org_kwargs


def change_request_kwargs(world):
    from tests.selfservice.factories import change_request

    return {**org_kwargs(world), "request_id": change_request(world.employee).id}


def own_request_kwargs(world):
    from tests.selfservice.factories import change_request

    return {"request_id": change_request(world.employee).id}


def own_payslip_kwargs(world):
    from datetime import date

    from tests.selfservice.payroll import paid

    return {"payslip_id": paid(world.employee, date(2026, 10, 1)).id}


# The employee's own pages take no organization: they serve the logged-in employee only, and
# answer 404 to anyone without an employee record and whenever the feature is off (as it is
# in the matrix's organization, which has not activated Self-service).
ME = {"outsider": 404, "employee": 404, "rightless": None}

CASES = [
    Case("selfservice:home", lambda w: {}, outsider=404, employee=200, rightless=None),
    Case("selfservice:personal_data", lambda w: {}, **ME),
    Case("selfservice:change_request_create", lambda w: {}, **ME),
    Case("selfservice:change_request_withdraw", own_request_kwargs, method="post", **ME),
    Case("selfservice:payslips", lambda w: {}, **ME),
    Case("selfservice:payslip", own_payslip_kwargs, **ME),
    Case("selfservice:annual_statements", lambda w: {}, **ME),
    Case("selfservice:annual_statement", lambda w: {"year": 2026}, **ME),
    # Provider staff.
    Case("selfservice:products", org_kwargs, right="selfservice.manage_products"),
    Case("selfservice:products_preview", org_kwargs, right="selfservice.manage_products", method="post"),
    Case("selfservice:addendum_record", org_kwargs, right="selfservice.manage_products", method="post"),
    Case("selfservice:activate", org_kwargs, right="selfservice.manage_products", method="post"),
    Case("selfservice:deactivate", org_kwargs, right="selfservice.manage_products", method="post"),
    # HR.
    Case("selfservice:invitations", org_kwargs, right="selfservice.invite_employees"),
    Case("selfservice:invite", employee_kwargs, right="selfservice.invite_employees", method="post"),
    Case("selfservice:employee_tab", employee_kwargs, right="hrsuite.view_employee"),
    Case("selfservice:employee_email", employee_kwargs, right="selfservice.view_selfservice_email"),
    Case("selfservice:employee_personal_details", employee_kwargs, right="selfservice.view_personal_details"),
    Case("selfservice:change_requests", org_kwargs, right="selfservice.review_change_requests"),
    Case("selfservice:change_request_detail", change_request_kwargs, right="selfservice.review_change_requests"),
]
