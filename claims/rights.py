"""Preconditions on a user's claims-portal rights, checked before anything is saved.

The core's rights service calls `validate_claims_rights` through its hook; the messages name
the rights by their labels, so an administrator sees which box to tick or untick.
"""

from django.utils.translation import gettext as _

from claims.models import LINE_RIGHTS, PERSONAL_INJURY_LINES, RIGHTS, ClaimLine, level_right
from hrsuite.models import JobFunctionLevel

MODULE = "claims"  # the key of the claims portal in the module registry
PORTAL_USER = "claims.portal_user"
API_USER = "claims.api_user"
CUSTOMER_ADMINISTRATOR = "claims.customer_administrator"
STATISTICS = "claims.statistics"
VIEW_POLICIES = "claims.view_policies"
DAILY_ALLOWANCE = "claims.daily_allowance"
ABSENCES = "claims.absences_without_cover"
SAFETY_OFFICER_DESK = "claims.safety_officer_desk"
HEALTH_TEMPLATES = "claims.health_management_templates"
LOCATION_ADMINISTRATOR = "claims.location_administrator"
CROSS_LOCATION_SEARCH = "claims.cross_location_customer_search"
LEVEL_RIGHTS: dict[str, str] = {level: level_right(level) for level in JobFunctionLevel}
CLAIMS_RIGHTS = frozenset(f"claims.{codename}" for codename, _label in RIGHTS)
# What every portal user holds at the least: without "user" nothing opens, without
# "API user" the login itself is refused.
MINIMUM_RIGHTS = (PORTAL_USER, API_USER)

_LABELS = {f"claims.{codename}": label for codename, label in RIGHTS}


def right_label(right: str) -> str:
    return str(_LABELS[right])


def lines_for(rights: frozenset[str] | set[str]) -> set[str]:
    """The non-personal-injury lines whose right the user holds."""
    return {line for line, right in LINE_RIGHTS.items() if right in rights}


def levels_for(rights: frozenset[str] | set[str]) -> set[str]:
    """The job function levels whose personal-injury cases the user sees."""
    return {level for level, right in LEVEL_RIGHTS.items() if right in rights}


def visible_lines(rights: frozenset[str] | set[str]) -> list[str]:
    """Every line the user sees claims of, in the lines' order."""
    lines = lines_for(rights) | (set(PERSONAL_INJURY_LINES) if levels_for(rights) else set())
    return [line for line in ClaimLine if line in lines]


def sees_every_person_group(rights: frozenset[str] | set[str]) -> bool:
    return levels_for(rights) == set(LEVEL_RIGHTS)


def filable_lines(rights: frozenset[str] | set[str]) -> list[str]:
    """Lines the user may file a claim in: personal-injury cases anyone may file, other lines
    need their right."""
    return [line for line in ClaimLine if line not in LINE_RIGHTS or LINE_RIGHTS[line] in rights]


def validate_claims_rights(*, rights: set[str]) -> list[str]:
    """Errors in a proposed set of rights; empty when the set may be saved.

    Rights outside the claims portal are not judged here, and a set without any claims right
    (an HR user who is no portal user) needs nothing."""
    claims_rights = set(rights) & CLAIMS_RIGHTS
    if not claims_rights:
        return []
    errors = []
    missing = [right for right in MINIMUM_RIGHTS if right not in claims_rights]
    if missing:
        errors.append(
            _("Every claims-portal user needs at least: %(rights)s.")
            % {"rights": ", ".join(right_label(right) for right in missing)}
        )
    if STATISTICS in claims_rights and not sees_every_person_group(claims_rights):
        absent = [right_label(right) for level, right in LEVEL_RIGHTS.items() if right not in claims_rights]
        errors.append(
            _("%(statistics)s can only be granted to a user who sees every person group; also tick: %(rights)s.")
            % {"statistics": right_label(STATISTICS), "rights": ", ".join(absent)}
        )
    return errors
