"""The claims portal's terms of use: which version is current, whether a user still has to
accept it, and the acceptance itself.

A customer administrator (normally created by the provider's office) accepts the current
version at their first login before anything else opens: the login marks the session
(`claims_terms_pending`), and claims.middleware.TermsOfUseMiddleware sends every
organization page to the acceptance page until the acceptance is recorded. The document is
shipped in claims/terms/ under its version, in English and in each language of the product
(`terms_of_use_<version>.<language>.txt`): the same terms, so what is accepted is the version,
read in the user's language. Publishing a new version (new files and CURRENT_VERSION) makes
everyone accept again at their next login.
"""

from pathlib import Path

from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.utils.translation import get_language

from claims.models import TermsAcceptance
from claims.rights import CUSTOMER_ADMINISTRATOR, MODULE
from hrsuite.audit import audit_record
from hrsuite.models import AuditAction, CompanyAccess, User
from hrsuite.modules import organizations_with

CURRENT_VERSION = "2026-1"
DOCUMENTS = Path(__file__).resolve().parent / "terms"
SESSION_KEY = "claims_terms_pending"


def document_path(version: str | None = None) -> Path:
    """The version's document in the active language, or the English one."""
    version = version or CURRENT_VERSION
    translated = DOCUMENTS / f"terms_of_use_{version}.{get_language() or ''}.txt"
    return translated if translated.is_file() else DOCUMENTS / f"terms_of_use_{version}.txt"


def document_text(version: str | None = None) -> str:
    return document_path(version).read_text(encoding="utf-8")


def must_accept(user: User, version: str | None = None) -> bool:
    """A customer administrator of an organization with the portal on who has not accepted
    this version. Provider staff and superusers are the provider's side of the contract."""
    if user.is_superuser or user.office_id is not None:
        return False
    app_label, codename = CUSTOMER_ADMINISTRATOR.split(".")
    administers = CompanyAccess.objects.filter(
        user=user,
        organization__in=organizations_with(MODULE),
        rights__codename=codename,
        rights__content_type__app_label=app_label,
    )
    accepted = TermsAcceptance.objects.filter(user=user, version=version or CURRENT_VERSION)
    return administers.exists() and not accepted.exists()


@transaction.atomic
def terms_accept(*, user: User, version: str | None = None, request=None) -> TermsAcceptance:
    """Record the acceptance (user, version, time) once; accepting again changes nothing."""
    version = version or CURRENT_VERSION
    acceptance, created = TermsAcceptance.objects.get_or_create(user=user, version=version)
    if created:
        audit_record(action=AuditAction.TERMS_ACCEPTED, actor=user, request=request, subject=user, version=version)
    return acceptance


@receiver(user_logged_in, dispatch_uid="claims_terms_pending_at_login")
def _mark_pending_at_login(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None and must_accept(user):
        session[SESSION_KEY] = CURRENT_VERSION
