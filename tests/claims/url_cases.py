from claims.models import level_right
from hrsuite.models import JobFunctionLevel
from tests.url_matrix import GLOBAL, REACH, Case, employee_kwargs, no_kwargs, org_kwargs

CLAIMS = ("claims",)
GET_POST = ("get", "post")
POST = ("post",)
# Every portal user holds these (the rights service refuses a set without them), so a screen
# that needs only the portal's "user" right declares them as companions: the 403 of a member
# without any claims right is in tests/claims/test_rights_table.py.
PORTAL = ("claims.portal_user", "claims.api_user")
# The matrix's claims are motor claims: seeing one takes the motor line's right.
CLAIM_READER = (*PORTAL, "claims.motor_claims")
EVERYONE = (("outsider", REACH), ("employee", REACH), ("member", REACH), ("provider", REACH))
ALL_LEVELS = tuple(level_right(level) for level in JobFunctionLevel)


def claim_kwargs(world):
    from tests.claims.factories import ClaimFactory

    return {**org_kwargs(world), "claim_id": ClaimFactory(organization=world.organization).id}


def document_kwargs(world):
    from django.core.files.base import ContentFile

    from claims.models import ClaimDocument
    from tests.claims.factories import ClaimFactory

    claim = ClaimFactory(organization=world.organization)
    document = ClaimDocument(
        claim=claim, original_name="a.pdf", content_type="application/pdf", size=9, uploaded_by=claim.handler
    )
    document.file.save("a.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    document.save()
    return {**org_kwargs(world), "claim_id": claim.id, "document_id": document.id}


def health_template_kwargs(world):
    from django.core.files.base import ContentFile

    from claims.models import HealthTemplate

    template = HealthTemplate(
        organization=world.organization,
        name="Back care",
        original_name="a.pdf",
        content_type="application/pdf",
        size=9,
        uploaded_by=world.colleague,
    )
    template.file.save("a.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    template.save()
    return {**org_kwargs(world), "template_id": template.id}


def absence_kwargs(world):
    from tests.claims.factories import AbsenceFactory

    absence = AbsenceFactory(organization=world.organization, employee=world.employee)
    return {**org_kwargs(world), "absence_id": absence.id}


def portal_case(name, kwargs=org_kwargs, right=None, companions=PORTAL, **fields):
    return Case(name, kwargs, right=right, companions=companions, modules=CLAIMS, **fields)


CASES = [
    portal_case("claims:claim_list"),
    portal_case("claims:claim_create", methods=GET_POST),
    portal_case("claims:claim_detail", claim_kwargs, companions=CLAIM_READER),
    portal_case("claims:claim_edit", claim_kwargs, companions=CLAIM_READER, methods=GET_POST),
    portal_case("claims:claim_status", claim_kwargs, companions=CLAIM_READER, methods=POST),
    portal_case("claims:claim_note", claim_kwargs, companions=CLAIM_READER, methods=POST),
    portal_case("claims:claim_document_upload", claim_kwargs, companions=CLAIM_READER, methods=POST),
    portal_case("claims:claim_document_download", document_kwargs, companions=CLAIM_READER),
    portal_case("claims:employee_claims", employee_kwargs),
    portal_case("claims:policy_list", right="claims.view_policies"),
    portal_case("claims:policy_create", right="claims.customer_administrator", methods=GET_POST),
    portal_case("claims:claims_settings", right="claims.customer_administrator", methods=GET_POST),
    portal_case("claims:health_templates", right="claims.health_management_templates", methods=GET_POST),
    portal_case("claims:health_template_download", health_template_kwargs, right="claims.health_management_templates"),
    portal_case("claims:user_overview", right="claims.customer_administrator"),
    portal_case("claims:safety_desk", right="claims.safety_officer_desk"),
    portal_case("claims:absence_list", right="claims.absences_without_cover"),
    portal_case("claims:absence_create", right="claims.absences_without_cover", methods=GET_POST),
    portal_case("claims:absence_convert", absence_kwargs, right="claims.absences_without_cover", methods=POST),
    portal_case("claims:allowance_overview", right="claims.daily_allowance"),
    portal_case("claims:allowance_import", right="claims.daily_allowance", methods=POST),
    # Statistics only for a user who sees every person group (the rights service's rule).
    portal_case("claims:statistics", right="claims.statistics", companions=(*PORTAL, *ALL_LEVELS)),
    portal_case("claims:statistics_csv", right="claims.statistics", companions=(*PORTAL, *ALL_LEVELS)),
    # Every login reaches the terms of use (a customer administrator must accept them).
    Case("claims:terms_accept", no_kwargs, methods=GET_POST, scope=GLOBAL, expect=EVERYONE),
    Case("claims:terms_document", no_kwargs, scope=GLOBAL, expect=EVERYONE),
]


def customer_user_kwargs(world):
    return {"user_id": world.colleague.pk}


# Provider pages: staff search customers; only a location administrator (a right none of the
# matrix's personas holds: tests/claims/test_company_permissions.py) sets company permissions.
CASES += [
    Case(
        "claims:customer_search",
        no_kwargs,
        scope=GLOBAL,
        expect=(("outsider", 403), ("employee", 403), ("member", 403), ("provider", REACH)),
    ),
    Case(
        "claims:company_permissions",
        customer_user_kwargs,
        methods=GET_POST,
        scope=GLOBAL,
        expect=(("outsider", 403), ("employee", 403), ("member", 403), ("provider", 403)),
    ),
]
