"""Named bundles of rights offered when granting a company permission.

A role is a convenience for ticking boxes: what is stored is the rights themselves, so an
administrator can still adjust single rights afterwards. Each module adds its rights to the
presets it declares (hrsuite/modules.py); the lists are composed from the registry when asked
for, so the core names no domain app's rights.

`roles.HR_VIEWER`, `roles.HR_ADMIN` and `roles.PROVIDER_STAFF` are the composed lists,
`roles.ROLES` the presets offered when inviting a member.
"""

from django.utils.translation import gettext_lazy as _

from hrsuite import modules

# Offered when inviting a member; provider staff's preset is held on the staff user instead.
OFFERED = {"hr_admin": _("HR administrator"), "hr_viewer": _("HR viewer (read only)")}


def roles() -> dict:
    return {key: (label, modules.preset_rights(key)) for key, label in OFFERED.items()}


def role_label(rights) -> str:
    """The offered role whose rights are exactly these (“app.codename” strings), or "" when
    the rights were adjusted one by one: a list of users reads better by role than by count."""
    held = set(rights)
    for label, preset in roles().values():
        if held == set(preset):
            return str(label)
    return ""


def right_apps() -> list[str]:
    """Apps whose permissions are product rights an administrator may tick."""
    return modules.right_apps()


def __getattr__(name: str):
    if name in ("HR_VIEWER", "HR_ADMIN", "PROVIDER_STAFF"):
        return modules.preset_rights(name.lower())
    if name == "ROLES":
        return roles()
    raise AttributeError(name)
