"""The product catalog as data: loaded into the Product and Requirement tables by the data
migration 0002_catalog and by `catalog_sync()` (idempotent), never branched on in code.

Names are English source strings marked for translation (gettext_noop) and translated when
shown. Changing the catalog means editing these rows and running `catalog_sync()` from a new
data migration.
"""

from django.utils.translation import gettext_noop as N_

START, PLUS, PRO = 1, 2, 3

BASE = [("self_service", N_("Self-service"), N_("The employee self-service page."))]

# (code, name, tier, always included)
FEATURES = [
    ("salary_chart", N_("Salary chart"), START, True),
    ("payslips", N_("Payslips"), START, True),
    ("annual_statements", N_("Annual statements"), START, True),
    ("documents", N_("Documents"), START, False),
    ("leave_card", N_("Leave card"), START, False),
    ("view_personal_data", N_("View personal data"), START, False),
    ("compare_insurances", N_("Compare insurances"), START, False),
    ("expense_claims", N_("Expense claims"), PLUS, False),
    ("change_personal_data", N_("Change personal data"), PLUS, False),
    ("leave_requests", N_("Leave requests"), PLUS, False),
    ("leave_calendar", N_("Leave calendar"), PLUS, False),
    ("salary_calculation", N_("Salary calculation"), PLUS, False),
    ("assistant", N_("Assistant"), PRO, False),
    ("preboarding", N_("Preboarding"), PRO, False),
    ("regulations_assistant", N_("Assistant for company regulations"), PRO, False),
    ("management_self_service", N_("Management self-service"), PRO, False),
]

SUPPORTING = [
    ("workflow_editor", N_("Workflow editor"), N_("Workflows for expense claims and personal-data changes.")),
    ("dossier_lite", N_("Document dossier Lite"), N_("Uploading documents and receipts.")),
    ("dossier_extended", N_("Document dossier Extended"), N_("Uploading documents and receipts, extended.")),
    ("preboarding_module", N_("Preboarding module"), N_("Collecting data before the first working day.")),
    ("leave_registration", N_("Leave registration"), N_("Keeping track of leave.")),
    ("leave_scheme", N_("Leave scheme"), N_("Setting up a leave scheme.")),
]

# feature -> requirements; each requirement is satisfied by any one of its products.
DOSSIER = ("dossier_lite", "dossier_extended")
REQUIREMENTS = {
    "expense_claims": [("workflow_editor",), DOSSIER],
    "change_personal_data": [("workflow_editor",)],
    "documents": [DOSSIER],
    "leave_requests": [("leave_registration",), ("leave_scheme",)],
    "leave_calendar": [("leave_registration",)],
    "leave_card": [("leave_registration",)],
    "preboarding": [("preboarding_module",)],
}


def catalog_sync(Product, Requirement) -> None:
    """Create or update the catalog rows. Takes the model classes so migrations can pass
    their historical models."""
    for order, (code, name, description) in enumerate(BASE):
        Product.objects.update_or_create(
            code=code, defaults={"name": name, "description": description, "kind": "base", "order": order}
        )
    for order, (code, name, tier, included) in enumerate(FEATURES):
        Product.objects.update_or_create(
            code=code, defaults={"name": name, "kind": "feature", "tier": tier, "included": included, "order": order}
        )
    for order, (code, name, description) in enumerate(SUPPORTING):
        Product.objects.update_or_create(
            code=code, defaults={"name": name, "description": description, "kind": "supporting", "order": order}
        )
    products = {p.code: p for p in Product.objects.all()}
    for feature_code, groups in REQUIREMENTS.items():
        feature = products[feature_code]
        Requirement.objects.filter(feature=feature).delete()
        for group in groups:
            requirement = Requirement.objects.create(feature=feature)
            requirement.any_of.set([products[code] for code in group])
