"""The product catalog as data: loaded into the Product and Requirement tables by the data
migration 0002_catalog and by `catalog_sync()` (idempotent), never branched on in code.

Names are English source strings marked for translation with gettext_noop (spelled out,
so makemessages finds them) and translated when shown. Changing the catalog means editing
these rows and running `catalog_sync()` from a new data migration.
"""

from django.utils.translation import gettext_noop

START, PLUS, PRO = 1, 2, 3

BASE = [("self_service", gettext_noop("Self-service"), gettext_noop("The employee self-service page."))]

# (code, name, tier, always included)
FEATURES = [
    ("salary_chart", gettext_noop("Salary chart"), START, True),
    ("payslips", gettext_noop("Payslips"), START, True),
    ("annual_statements", gettext_noop("Annual statements"), START, True),
    ("documents", gettext_noop("Documents"), START, False),
    ("leave_card", gettext_noop("Leave card"), START, False),
    ("view_personal_data", gettext_noop("View personal data"), START, False),
    ("compare_insurances", gettext_noop("Compare insurances"), START, False),
    ("expense_claims", gettext_noop("Expense claims"), PLUS, False),
    ("change_personal_data", gettext_noop("Change personal data"), PLUS, False),
    ("leave_requests", gettext_noop("Leave requests"), PLUS, False),
    ("leave_calendar", gettext_noop("Leave calendar"), PLUS, False),
    ("salary_calculation", gettext_noop("Salary calculation"), PLUS, False),
    ("assistant", gettext_noop("Assistant"), PRO, False),
    ("preboarding", gettext_noop("Preboarding"), PRO, False),
    ("regulations_assistant", gettext_noop("Assistant for company regulations"), PRO, False),
    ("management_self_service", gettext_noop("Management self-service"), PRO, False),
]

SUPPORTING = [
    (
        "workflow_editor",
        gettext_noop("Workflow editor"),
        gettext_noop("Workflows for expense claims and personal-data changes."),
    ),
    ("dossier_lite", gettext_noop("Document dossier Lite"), gettext_noop("Uploading documents and receipts.")),
    (
        "dossier_extended",
        gettext_noop("Document dossier Extended"),
        gettext_noop("Uploading documents and receipts, extended."),
    ),
    (
        "preboarding_module",
        gettext_noop("Preboarding module"),
        gettext_noop("Collecting data before the first working day."),
    ),
    ("leave_registration", gettext_noop("Leave registration"), gettext_noop("Keeping track of leave.")),
    ("leave_scheme", gettext_noop("Leave scheme"), gettext_noop("Setting up a leave scheme.")),
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
