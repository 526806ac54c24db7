"""Named bundles of rights offered when granting a company permission.

A role is a convenience for ticking boxes: what is stored is the rights themselves, so an
administrator can still adjust single rights afterwards. Domain apps extend these lists.
"""

from django.utils.translation import gettext_lazy as _

HR_VIEWER = [
    "hrsuite.view_employee",
    "hrsuite.view_department",
    "benefits.view_insurance",
    "benefits.view_otherbenefit",
    # timesheets
    "timesheets.view_activity",
    "timesheets.view_paytype",
    "timesheets.view_timeentry",
    "timesheets.view_monthlyoverview",
    "timesheets.view_payrollrun",
]
HR_ADMIN = [
    *HR_VIEWER,
    "hrsuite.add_employee",
    "hrsuite.change_employee",
    "hrsuite.import_employees",
    "hrsuite.view_national_id",
    "hrsuite.add_department",
    "hrsuite.change_department",
    "benefits.add_insurance",
    "benefits.change_insurance",
    "benefits.add_otherbenefit",
    "benefits.change_otherbenefit",
    "selfservice.invite_employees",
    "selfservice.review_change_requests",
    "selfservice.view_personal_details",
    # timesheets
    "timesheets.change_timesheetsettings",
    "timesheets.change_activity",
    "timesheets.change_paytype",
    "timesheets.change_timeentry",
    "timesheets.approve_monthlyoverview",
    "timesheets.change_payrollrun",
    "timesheets.close_payrollrun",
]
PROVIDER_STAFF = [
    *HR_ADMIN,
    "hrsuite.add_organization",
    "hrsuite.change_organization",
    "hrsuite.view_companyaccess",
    "hrsuite.add_companyaccess",
    "hrsuite.change_companyaccess",
    "hrsuite.delete_companyaccess",
    "hrsuite.view_auditevent",
    "selfservice.manage_products",
    "selfservice.view_selfservice_email",
]

# Apps whose permissions are product rights an administrator may tick.
PRODUCT_APPS = ["hrsuite", "benefits", "timesheets", "selfservice", "claims", "pensions"]

ROLES = {
    "hr_admin": (_("HR administrator"), HR_ADMIN),
    "hr_viewer": (_("HR viewer (read only)"), HR_VIEWER),
}
