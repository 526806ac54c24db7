"""`manage.py check` validates every string of the module registry (hrsuite/modules.py):
a sidebar entry, tab, section or open-when-off URL naming a URL that does not exist, a right
or preset naming a permission that does not exist, and a view or entry naming a module that
is not registered, each fail with an error instead of a broken page later."""

from django.apps import apps
from django.core import checks
from django.urls import URLPattern, URLResolver, get_resolver

from hrsuite import modules


def url_names(resolver=None, namespace: str = "") -> dict[str, object]:
    """Every named URL pattern ("namespace:name") with its view callback."""
    found = {}
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found.update(url_names(pattern, inner))
        elif isinstance(pattern, URLPattern) and pattern.name:
            found[namespace + pattern.name] = pattern.callback
    return found


def known_rights() -> set[str]:
    """Every permission the models declare (Django's defaults and Meta.permissions), read
    from the models rather than the database, so a fresh clone is checked as well."""
    rights = set()
    for model in apps.get_models():
        opts = model._meta
        rights |= {f"{opts.app_label}.{action}_{opts.model_name}" for action in opts.default_permissions}
        rights |= {f"{opts.app_label}.{codename}" for codename, _name in opts.permissions}
    return rights


def registry_problems(*, urls: dict[str, object], rights: set[str]) -> list[str]:
    """What is wrong with the registry, as sentences."""
    problems = []
    keys = {m.key for m in modules.all_modules()}

    def url(owner: str, name: str | None) -> None:
        if name and name not in urls:
            problems.append(f"{owner} names an unknown URL {name!r}.")

    def right(owner: str, name: str) -> None:
        if name not in rights:
            problems.append(f"{owner} names an unknown right {name!r}.")

    for module in modules.all_modules():
        for entry in module.sidebar:
            url(f"Sidebar entry {entry.label!s} of module {module.key!r}", entry.url_name)
            right(f"Sidebar entry {entry.label!s} of module {module.key!r}", entry.right)
        for tab in module.tabs:
            url(f"Employee tab {tab.key!r} of module {module.key!r}", tab.url_name)
            right(f"Employee tab {tab.key!r} of module {module.key!r}", tab.right)
        for section in module.sections:
            url(f"My-page section {section.key!r} of module {module.key!r}", section.url_name)
        for name in module.open_when_off:
            url(f"Module {module.key!r} (open when off)", name)
        for columns in module.import_columns:
            right(f"Import columns {', '.join(columns.labels)} of module {module.key!r}", columns.right)
        for preset, names in module.presets.items():
            if preset not in modules.PRESETS:
                problems.append(f"Module {module.key!r} names an unknown role preset {preset!r}.")
            for name in names:
                right(f"Preset {preset!r} of module {module.key!r}", name)
    for name, view in urls.items():
        key = getattr(view, "module", None)
        if key is not None and key not in keys:
            problems.append(f"View {name!r} names an unknown module {key!r}.")
    return problems


@checks.register()
def module_registry(app_configs=None, databases=None, **kwargs) -> list[checks.CheckMessage]:
    return [
        checks.Error(problem, obj="hrsuite.modules", id="hrsuite.E001")
        for problem in registry_problems(urls=url_names(), rights=known_rights())
    ]
