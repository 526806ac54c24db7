"""The module registry: one plug-in mechanism, one audited switch, every view of a module
that is off answering 404, and a system check that catches wrong registry strings."""

import copy
from pathlib import Path

import pytest
from django.conf import settings
from django.core import checks
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse

from hrsuite import me, modules
from hrsuite.checks import known_rights, registry_problems, url_names
from hrsuite.models import AuditAction, AuditEvent, OrganizationModule
from hrsuite.services import module_switch
from tests.factories import switch
from tests.hrsuite import fake_module
from tests.test_access_matrix import CASES

HTMX = {"HTTP_HX_REQUEST": "true"}


def _every_feature(organization):
    """Self-service on with every product, so My-page sections depend only on their module."""
    from selfservice.models import Product
    from tests.selfservice.factories import ensure_catalog, switch_on

    ensure_catalog()
    switch_on(organization, set(Product.objects.values_list("code", flat=True)))


def _answers(client, url) -> list[tuple[str, bool, int]]:
    """(method, htmx, status) for GET and POST, full page and htmx partial."""
    return [
        (method, bool(headers), getattr(client, method)(url, **headers).status_code)
        for method in ("get", "post")
        for headers in ({}, HTMX)
    ]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Switching --------------------------------------------------------------------------------


def test_a_switch_is_stored_once_audited_and_idempotent(organization, owner):
    assert modules.module_is_on(organization, "benefits")  # on by default
    assert not modules.module_is_on(organization, "timesheets")  # off by default
    module_switch(organization=organization, key="timesheets", enabled=True, actor=owner)
    module_switch(organization=organization, key="timesheets", enabled=True, actor=owner)  # a double click
    assert modules.module_is_on(organization, "timesheets")
    row = OrganizationModule.objects.get(organization=organization, key="timesheets")
    assert (row.enabled, row.changed_by, row.history.count()) == (True, owner, 1)
    events = AuditEvent.objects.filter(organization=organization, action=AuditAction.MODULE_SWITCHED)
    assert [(e.actor, e.detail) for e in events] == [(owner, {"module": "timesheets", "enabled": True})]
    assert list(modules.organizations_with("timesheets")) == [organization]


def test_unknown_or_unswitchable_modules_are_refused(organization, owner):
    for key in ("nope", "core"):
        with pytest.raises(ValidationError):
            module_switch(organization=organization, key=key, enabled=False, actor=owner)
    assert not OrganizationModule.objects.exists()


def test_a_precondition_refuses_switching_on_and_changes_nothing(organization, owner):
    with pytest.raises(ValidationError, match="addendum"):
        module_switch(organization=organization, key="selfservice", enabled=True, actor=owner)
    assert not modules.module_is_on(organization, "selfservice")
    assert not AuditEvent.objects.filter(action=AuditAction.MODULE_SWITCHED).exists()


def test_the_settings_form_switches_through_the_service(organization, client):
    from tests.selfservice.factories import provider_staff

    staff = provider_staff(organization)
    client.force_login(staff)
    page = client.get(reverse("organization_settings", args=[organization.id])).content.decode()
    for label in ("Benefits and insurances", "Timesheet and flex time", "Claims portal", "Pension reporting"):
        assert label in page
    assert "module_selfservice" not in page  # switched on its own screen, after the addendum
    data = {
        "name": organization.name,
        "org_number": organization.org_number,
        "country": organization.country,
        "currency": organization.currency,
        "language": organization.language,
        "time_zone": organization.time_zone,
        "normal_hours_per_day": "8",
        "module_timesheets": "on",
        "module_claims": "on",
    }
    assert client.post(reverse("organization_settings", args=[organization.id]), data).status_code == 302
    assert modules.switches_for(organization) == {"timesheets", "claims"}  # benefits now off
    assert AuditEvent.objects.filter(action=AuditAction.MODULE_SWITCHED, actor=staff).count() == 3


# --- Enforcement: every URL of a module that is off answers 404 -------------------------------

CASES_BY_NAME = {case.name: case for case in CASES}
URL_MODULES = [m for m in modules.switchable_modules() if m.urls]


def _gated_names(module) -> list[str]:
    return sorted(n for n in url_names() if n.startswith(f"{module.key}:") and n not in module.open_when_off)


def test_every_view_of_a_switchable_module_declares_it():
    """Statically: each URL of a switchable module's namespace checks the module (org_view's
    module=, or section_view of one of its sections), or the module says why it stays open."""
    views = url_names()
    section_modules = {s.key: s.module for s in modules.sections()}
    unchecked = [
        name
        for module in URL_MODULES
        for name in _gated_names(module)
        if getattr(views[name], "module", None) != module.key
        and section_modules.get(getattr(views[name], "section", None)) != module.key
    ]
    assert not unchecked, f"views that do not check their module: {unchecked}"


@pytest.mark.parametrize("module", URL_MODULES, ids=lambda m: m.key)
def test_every_url_of_a_switched_off_module_answers_404(module, world):
    _every_feature(world.organization)
    names = _gated_names(module)
    assert names
    for name in names:
        kwargs = CASES_BY_NAME[name].kwargs(world)  # builds the objects (and may switch modules on)
        switch(world.organization, module.key, False)
        client = _client(world.administrator if "org_id" in kwargs else world.employee_user)
        url = reverse(name, kwargs=kwargs)
        for method, htmx, status in _answers(client, url):
            # A POST-only view refuses a GET before anything else (405), module or not.
            assert status == 404 or (method, status) == ("get", 405), (name, method, htmx, status)


# --- The proof: a fake module plugs in with a registry entry alone -----------------------------


@pytest.fixture
def fake_module_registered():
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], Path(__file__).parent / "templates"]
    modules.register(fake_module.MODULE)
    try:
        with override_settings(ROOT_URLCONF="tests.hrsuite.fake_urls", TEMPLATES=templates):
            yield
    finally:
        modules.unregister("fake")
    assert modules.get("fake") is None and me.get("fake_card") is None


def test_a_fake_module_plugs_in_and_switching_it_off_answers_404(
    fake_module_registered, organization, owner, employee, employee_user
):
    _every_feature(organization)
    switch(organization, "fake")
    hr, mine = _client(owner), _client(employee_user)
    employee_page = hr.get(reverse("employee_detail", args=[organization.id, employee.id])).content.decode()
    assert "Fake entry" in employee_page and reverse("fake:index", args=[organization.id]) in employee_page
    assert "Fake tab" in employee_page
    my_page = mine.get(reverse("me")).content.decode()
    assert "Hello from the fake module, Erik" in my_page and reverse("fake:mine") in my_page
    urls = [
        (hr, reverse("fake:index", args=[organization.id])),
        (hr, reverse("fake:employee_tab", args=[organization.id, employee.id])),
        (mine, reverse("fake:mine")),
    ]
    assert [client.get(url).status_code for client, url in urls] == [200, 200, 200]

    switch(organization, "fake", False)
    employee_page = hr.get(reverse("employee_detail", args=[organization.id, employee.id])).content.decode()
    assert "Fake entry" not in employee_page and "Fake tab" not in employee_page
    assert "Hello from the fake module" not in mine.get(reverse("me")).content.decode()
    for client, url in urls:
        assert {status for _method, _htmx, status in _answers(client, url)} == {404}, url


# --- The system check -------------------------------------------------------------------------


def test_the_registry_as_shipped_passes_the_check():
    assert not [m for m in checks.run_checks() if m.id == "hrsuite.E001"]


def test_the_check_names_unknown_urls_rights_and_modules(fake_module_registered):
    from hrsuite.imports import ImportColumns
    from hrsuite.modules import Module, SidebarEntry

    modules.register(
        Module(
            key="broken",
            label="Broken",
            app_label="hrsuite",
            sidebar=(SidebarEntry("Broken", "broken:nowhere", "hrsuite.fly_to_the_moon"),),
            presets={"hr_admin": ("benefits.teleport",), "astronauts": ()},
            import_columns=(
                ImportColumns(right="hrsuite.juggle", labels={"balls": "Balls"}, help={}, plan=list, apply=list),
            ),
        )
    )
    try:
        fake_module.index.module = "ghost"  # a view naming a module nobody registered
        problems = registry_problems(urls=url_names(), rights=known_rights())
        messages = [m for m in checks.run_checks() if m.id == "hrsuite.E001"]
    finally:
        fake_module.index.module = "fake"
        modules.unregister("broken")
    assert any("unknown URL 'broken:nowhere'" in p for p in problems)
    assert any("unknown right 'hrsuite.fly_to_the_moon'" in p for p in problems)
    assert any("unknown right 'benefits.teleport'" in p for p in problems)
    assert any("Import columns balls of module 'broken' names an unknown right 'hrsuite.juggle'" in p for p in problems)
    assert any("unknown role preset 'astronauts'" in p for p in problems)
    assert any("unknown module 'ghost'" in p for p in problems)
    assert len(messages) == len(problems) == 6
