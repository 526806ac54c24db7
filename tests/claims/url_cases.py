from tests.url_matrix import Case, org_kwargs

PORTAL_USER = "claims.portal_user"


def _portal_on(world):
    # The matrix's organization has the claims portal off by default; these URLs need it on
    # (off, every one answers 404: tests/claims/test_rights_table.py).
    if not world.organization.claims_enabled:
        world.organization.claims_enabled = True
        world.organization.save(update_fields=["claims_enabled"])
    return org_kwargs(world)


def claim_kwargs(world):
    from tests.claims.factories import ClaimFactory

    kwargs = _portal_on(world)
    return {**kwargs, "claim_id": ClaimFactory(organization=world.organization).id}


def document_kwargs(world):
    from django.core.files.base import ContentFile

    from claims.models import ClaimDocument
    from tests.claims.factories import ClaimFactory

    kwargs = _portal_on(world)
    claim = ClaimFactory(organization=world.organization)
    document = ClaimDocument(
        claim=claim, original_name="a.pdf", content_type="application/pdf", size=9, uploaded_by=claim.handler
    )
    document.file.save("a.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    document.save()
    return {**kwargs, "claim_id": claim.id, "document_id": document.id}


def absence_kwargs(world):
    from tests.claims.factories import AbsenceFactory

    kwargs = _portal_on(world)
    return {**kwargs, "absence_id": AbsenceFactory(organization=world.organization, employee=world.employee).id}


def employee_claims_kwargs(world):
    return {**_portal_on(world), "employee_id": world.employee.id}


CASES = [
    Case("claims:claim_list", _portal_on, right=PORTAL_USER),
    Case("claims:claim_create", _portal_on, right=PORTAL_USER),
    Case("claims:claim_detail", claim_kwargs, right=PORTAL_USER),
    Case("claims:claim_edit", claim_kwargs, right=PORTAL_USER),
    Case("claims:claim_status", claim_kwargs, right=PORTAL_USER, method="post"),
    Case("claims:claim_note", claim_kwargs, right=PORTAL_USER, method="post"),
    Case("claims:claim_document_upload", claim_kwargs, right=PORTAL_USER, method="post"),
    Case("claims:claim_document_download", document_kwargs, right=PORTAL_USER),
    Case("claims:employee_claims", employee_claims_kwargs, right=PORTAL_USER),
    Case("claims:policy_list", _portal_on, right="claims.view_policies"),
    Case("claims:policy_create", _portal_on, right="claims.customer_administrator"),
    Case("claims:claims_settings", _portal_on, right="claims.customer_administrator"),
    Case("claims:safety_desk", _portal_on, right="claims.safety_officer_desk"),
    Case("claims:absence_list", _portal_on, right="claims.absences_without_cover"),
    Case("claims:absence_create", _portal_on, right="claims.absences_without_cover"),
    Case("claims:absence_convert", absence_kwargs, right="claims.absences_without_cover", method="post"),
    Case("claims:allowance_overview", _portal_on, right="claims.daily_allowance"),
    Case("claims:allowance_import", _portal_on, right="claims.daily_allowance", method="post"),
    Case("claims:statistics", _portal_on, right="claims.statistics"),
    Case("claims:statistics_csv", _portal_on, right="claims.statistics"),
]
