from tests.url_matrix import ME, Case, employee_kwargs, no_kwargs, org_kwargs

SELFSERVICE = ("selfservice",)
GET_POST = ("get", "post")
POST = ("post",)


def change_request_kwargs(world):
    from tests.selfservice.factories import change_request

    return {**org_kwargs(world), "request_id": change_request(world.employee).id}


def own_request_kwargs(world):
    from tests.selfservice.factories import change_request

    return {"request_id": change_request(world.employee).id}


CASES = [
    # The employee's own pages: the employee comes from the login, never the URL. My page
    # itself is the shell every module adds to; it is there with Self-service off too.
    Case("selfservice:personal_data", no_kwargs, scope=ME, modules=SELFSERVICE),
    Case("selfservice:change_request_create", no_kwargs, methods=GET_POST, scope=ME, modules=SELFSERVICE),
    Case(
        "selfservice:change_request_withdraw",
        own_request_kwargs,
        methods=POST,
        scope=ME,
        own_object=True,
        modules=SELFSERVICE,
    ),
    # Provider staff switch Self-service on and off here: these pages have no module column.
    Case("selfservice:products", org_kwargs, right="selfservice.manage_products", methods=GET_POST),
    Case("selfservice:products_preview", org_kwargs, right="selfservice.manage_products", methods=POST),
    Case("selfservice:addendum_record", org_kwargs, right="selfservice.manage_products", methods=POST),
    Case("selfservice:activate", org_kwargs, right="selfservice.manage_products", methods=POST),
    Case("selfservice:deactivate", org_kwargs, right="selfservice.manage_products", methods=POST),
    # HR: inviting and reviewing work while Self-service is off (the page says so), so that
    # employees can register before the provider activates it.
    Case("selfservice:invitations", org_kwargs, right="selfservice.invite_employees", methods=GET_POST),
    Case("selfservice:invite", employee_kwargs, right="selfservice.invite_employees", methods=POST),
    Case("selfservice:employee_tab", employee_kwargs, right="hrsuite.view_employee"),
    Case("selfservice:employee_email", employee_kwargs, right="selfservice.view_selfservice_email"),
    Case("selfservice:employee_personal_details", employee_kwargs, right="selfservice.view_personal_details"),
    Case("selfservice:change_requests", org_kwargs, right="selfservice.review_change_requests"),
    Case(
        "selfservice:change_request_detail",
        change_request_kwargs,
        right="selfservice.review_change_requests",
        methods=GET_POST,
    ),
]
