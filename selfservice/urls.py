from django.urls import path

from selfservice.views import employee, hr, products

app_name = "selfservice"

org = "orgs/<uuid:org_id>/selfservice/"
staff_employee = "orgs/<uuid:org_id>/employees/<uuid:employee_id>/selfservice/"

urlpatterns = [
    # The employee's own page: the employee comes from the login, never from the URL.
    path("me/personal-data/", employee.personal_data, name="personal_data"),
    path("me/personal-data/change/", employee.change_request_create, name="change_request_create"),
    path(
        "me/personal-data/requests/<uuid:request_id>/withdraw/",
        employee.change_request_withdraw,
        name="change_request_withdraw",
    ),
    path("me/invitation/<str:token>/", employee.invitation_accept, name="invitation_accept"),
    # Provider staff: products, addendum and tier of a client organization.
    path(org + "products/", products.products, name="products"),
    path(org + "products/preview/", products.products_preview, name="products_preview"),
    path(org + "addendum/", products.addendum_record, name="addendum_record"),
    path(org + "activate/", products.activate, name="activate"),
    path(org + "deactivate/", products.deactivate, name="deactivate"),
    # HR: invitations and the change-request queue.
    path(org + "invitations/", hr.invitations, name="invitations"),
    path(org + "change-requests/", hr.change_requests, name="change_requests"),
    path(org + "change-requests/<uuid:request_id>/", hr.change_request_detail, name="change_request_detail"),
    path(staff_employee, hr.employee_tab, name="employee_tab"),
    path(staff_employee + "email/", hr.employee_email, name="employee_email"),
    path(staff_employee + "personal-details/", hr.employee_personal_details, name="employee_personal_details"),
    path(staff_employee + "invite/", hr.invite, name="invite"),
]
