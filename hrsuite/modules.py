"""The module registry: the one way an app plugs into the suite.

Each app declares its module once, in its AppConfig.ready(), with `register(Module(...))`:
its sidebar entries, employee tabs, My-page sections (hrsuite/me.py), inbox items
(hrsuite/inbox.py), columns of the employee import (hrsuite/imports.py), the rights it owns and
the role presets they join, its demo data, its URLconf, and whether organizations switch it
on and off. The core renders the sidebar, the employee tabs, My page, the role presets, the
organization settings and `seed_demo` from this list and never names a domain app; the core
declares its own entries (Overview, Employees, Import, ...) the same way.

Switches: a switchable module is on or off per organization, stored as one OrganizationModule
row per organization and module (history kept), changed only through
`hrsuite.services.module_switch` (atomic, audited). A module without a row is at its
`default_on`. The access layer loads each request's organization `with_switches()`, every
switch read in the same query, so a page asks `module_is_on` as often as it likes for free.
A view declares its module with `org_view(right, module=...)`: off answers 404.

`hrsuite/checks.py` fails `manage.py check` when an entry names an unknown URL, right or module.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.functional import Promise

from hrsuite.models import Organization, OrganizationModule

# Role presets, each including the rights of the ones before it (a viewer's rights are part
# of an HR admin's, an HR admin's part of provider staff's). Modules add rights to them.
PRESETS = ("hr_viewer", "hr_admin", "provider_staff")


@dataclass(frozen=True)
class SidebarEntry:
    label: str | Promise
    url_name: str  # takes org_id
    right: str
    order: int = 50
    # URL names (a trailing * matches a prefix) for which this entry is the current one.
    current_for: tuple[str, ...] = ()
    module: str = ""  # filled in by register()


@dataclass(frozen=True)
class EmployeeTab:
    key: str
    label: str | Promise
    url_name: str  # takes org_id and employee_id
    right: str
    order: int = 50
    module: str = ""  # filled in by register()


@dataclass(frozen=True)
class Module:
    key: str
    label: str | Promise
    # The app whose Django permissions are this module's rights (offered when granting).
    app_label: str
    sidebar: tuple[SidebarEntry, ...] = ()
    tabs: tuple[EmployeeTab, ...] = ()
    sections: tuple = ()  # hrsuite.me.Section
    # Rights of this module each preset holds: {"hr_viewer": ("benefits.view_insurance", ...)}.
    presets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # demo(organization=..., rng=...), idempotent; may return the demo logins it made as
    # [(e-mail, role)], which seed_demo prints with the core's.
    demo: Callable | None = None
    urls: str | None = None  # the app's URLconf, included at the root (its app_name is `key`)
    switchable: bool = False
    default_on: bool = False
    # False: the module is switched on its own screen, not in the organization settings.
    in_settings: bool = True
    # Raises ValidationError when the organization may not switch the module on yet.
    can_switch_on: Callable[[Organization], None] | None = None
    # Runs inside module_switch's transaction after the switch changed:
    # on_switch(organization=..., enabled=..., actor=...).
    on_switch: Callable | None = None
    # URL names of this module that answer while it is off, on purpose (each app says why);
    # their sidebar entries and tabs stay visible too.
    open_when_off: tuple[str, ...] = ()
    # What waits for a user (hrsuite/inbox.py): inbox(user=..., organizations=...) returns
    # InboxItems for all those organizations from one query; counts show in the sidebar.
    inbox: Callable | None = None
    # Optional columns the module adds to the employee import (hrsuite.imports.ImportColumns).
    import_columns: tuple = ()

    def shows(self, organization: Organization, url_name: str) -> bool:
        """Whether an entry or tab of this module leading to url_name is shown."""
        return url_name in self.open_when_off or module_is_on(organization, self.key)


_MODULES: dict[str, Module] = {}


def register(module: Module) -> Module:
    """Add (or replace) a module; its entries learn which module they belong to."""
    module = replace(
        module,
        sidebar=tuple(replace(e, module=module.key) for e in module.sidebar),
        tabs=tuple(replace(t, module=module.key) for t in module.tabs),
        sections=tuple(replace(s, module=module.key) for s in module.sections),
        presets=MappingProxyType(dict(module.presets)),
    )
    _MODULES[module.key] = module
    return module


def unregister(key: str) -> None:
    _MODULES.pop(key, None)


def get(key: str) -> Module | None:
    return _MODULES.get(key)


def all_modules() -> list[Module]:
    """In registration order, which is INSTALLED_APPS order (the core first)."""
    return list(_MODULES.values())


def shown(organization: Organization, module_key: str, url_name: str) -> bool:
    module = _MODULES.get(module_key)
    return module is not None and module.shows(organization, url_name)


def switchable_modules() -> list[Module]:
    return [m for m in _MODULES.values() if m.switchable]


def sidebar_entries() -> list[SidebarEntry]:
    return sorted((e for m in _MODULES.values() for e in m.sidebar), key=lambda e: e.order)


def employee_tabs() -> list[EmployeeTab]:
    return sorted((t for m in _MODULES.values() for t in m.tabs), key=lambda t: t.order)


def sections() -> list:
    return sorted((s for m in _MODULES.values() for s in m.sections), key=lambda s: (s.order, s.key))


def preset_rights(preset: str) -> list[str]:
    """The rights of a role preset, gathered from every module, without repeats."""
    included = PRESETS[: PRESETS.index(preset) + 1]
    return list(dict.fromkeys(r for p in included for m in _MODULES.values() for r in m.presets.get(p, ())))


def right_apps() -> list[str]:
    return list(dict.fromkeys(m.app_label for m in _MODULES.values()))


# --- Switches -------------------------------------------------------------------------------

_CACHE = "_module_switches"


def _on(module: Module) -> Exists:
    """Whether the module is on for the outer organization, as an SQL expression."""
    row = OrganizationModule.objects.filter(organization=OuterRef("pk"), key=module.key)
    return ~Exists(row.filter(enabled=False)) if module.default_on else Exists(row.filter(enabled=True))


def with_switches(organizations: QuerySet[Organization]) -> QuerySet[Organization]:
    """The organizations with every module switch read in the same query (the access layer
    loads each request's organization this way, so the sidebar costs no query)."""
    return organizations.annotate(**{f"{_CACHE}_{m.key}": _on(m) for m in switchable_modules()})


def switches_for(organization: Organization) -> frozenset[str]:
    """Keys of the organization's switchable modules that are on. An instance loaded with
    with_switches() (each request's organization) answers from its annotations, without a
    query; any other instance asks the database, so it never answers from a stale copy."""
    switchable = switchable_modules()
    annotated = {m.key: organization.__dict__.get(f"{_CACHE}_{m.key}") for m in switchable}
    if None in annotated.values():
        rows = dict(OrganizationModule.objects.filter(organization=organization).values_list("key", "enabled"))
        annotated = {m.key: rows.get(m.key, m.default_on) for m in switchable}
    return frozenset(key for key, on in annotated.items() if on)


def forget_switches(organization: Organization) -> None:
    for name in [n for n in organization.__dict__ if n.startswith(_CACHE)]:
        del organization.__dict__[name]


def module_is_on(organization: Organization, key: str) -> bool:
    """A module that cannot be switched is always on; an unknown key is never on."""
    module = _MODULES.get(key)
    if module is None:
        return False
    return not module.switchable or key in switches_for(organization)


def organizations_with(key: str, organizations: QuerySet[Organization] | None = None) -> QuerySet[Organization]:
    """The organizations where the module is on, as a queryset (for nightly jobs)."""
    organizations = Organization.objects.all() if organizations is None else organizations
    module = _MODULES[key]
    return organizations.filter(_on(module)) if module.switchable else organizations


def states_for(organization: Organization, modules: Iterable[Module] | None = None) -> list[dict]:
    """Each switchable module with its label and whether it is on, for overview pages."""
    on = switches_for(organization)
    return [{"module": m, "on": m.key in on} for m in (modules or switchable_modules())]
