"""Hostile input into every form field and every URL and query parameter answers no 500.

Table-driven and deterministic: for every URL pattern of the access matrix (its cases build
the kwargs), the page is fetched as a user holding every right (the employee for their own
pages), its forms and htmx controls are read from the HTML, and then
- every form (and every htmx control) is sent each hostile value in all its fields at once;
- every query parameter is sent each hostile value, all at once (those the page uses in its
  GET forms and links, and a common list), and those the page uses one at a time (a sharper
  subset of values);
- every URL kwarg is replaced by each hostile path value.
Each case runs in a savepoint rolled back afterwards, and each request in its own, so a
request that succeeds (revoking an access, deleting a row) leaves the next one the same world.
"""

import json
import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, reverse

HOSTILE = [
    "",
    "x" * 10_000,
    "NaN",
    "sNaN",
    "-NaN",
    "Infinity",
    "-Infinity",
    "1e999",
    "9" * 40,
    "-1",
    "-99999999999",
    "0",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "2026-13",
    "2026-W99",
    "31.02.2026",
    "\x00",
    "a\x00b",
    "😀",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
]
# One parameter at a time: the values most likely to slip past a parser.
SHARP = ["x" * 10_000, "NaN", "Infinity", "9" * 40, "-1", "0001-01-01", "9999-12-31", "\x00"]
PATH_VALUES = ["0", "1", "9" * 40, "0001", "9999", "99999", "NaN", "x" * 300, "😀", "%00", "-1"]
COMMON_PARAMETERS = ["page", "q", "week", "month", "year", "status", "department", "next", "org", "date"]


class Form:
    def __init__(self, method, action, fields=None, hidden=None, own=None):
        self.method, self.action = method, action
        self.fields = dict(fields or {})  # name -> the value the page would send
        self.hidden = set(hidden or ())
        self.own = own  # an htmx control's own field: the one a person types into


class Controls(HTMLParser):
    """A page's forms (with the values they would send), its htmx controls and its links."""

    def __init__(self, page_url):
        super().__init__()
        self.page_url = page_url
        self.forms: list[Form] = []
        self.links = set()
        self._form = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        name = attrs.get("name")
        if tag == "form":
            self._form = Form(attrs.get("method", "get").lower(), attrs.get("action") or self.page_url)
            self.forms.append(self._form)
        elif tag in ("input", "textarea") and name and self._form:
            kind = attrs.get("type", "text")
            if kind not in ("checkbox", "radio") or "checked" in attrs:
                self._form.fields.setdefault(name, attrs.get("value", ""))
            if kind == "hidden":
                self._form.hidden.add(name)
        elif tag == "select" and name and self._form:
            self._select = name
            self._form.fields.setdefault(name, "")
        elif (
            tag == "option"
            and self._select
            and self._form
            and (not self._form.fields[self._select] or "selected" in attrs)
        ):
            self._form.fields[self._select] = attrs.get("value", "")
        for verb in ("post", "get"):
            target = attrs.get(f"hx-{verb}")
            if target:
                values = json.loads(attrs["hx-vals"]) if attrs.get("hx-vals", "").startswith("{") else {}
                # htmx sends the enclosing form with a non-GET request.
                fields = {**(self._form.fields if self._form and verb == "post" else {}), **values}
                if name:
                    fields[name] = attrs.get("value", "")
                self.forms.append(Form(verb, target, fields, hidden=set(values), own=name))
        if tag == "a" and attrs.get("href", "").startswith("/"):
            self.links.add(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _employee_facing(case) -> bool:
    from tests.url_matrix import ME

    return case.scope == ME


class Sender:
    def __init__(self):
        self.count = 0
        self.failures = []

    def send(self, client, method, url, data=None):
        self.count += 1
        with transaction.atomic():
            try:
                response = getattr(client, method)(url, data or {})
            except Exception as crash:  # the test client re-raises what a view raised
                self.failures.append(f"{method.upper()} {url[:200]} {sorted(data or {})}: {crash!r}"[:400])
                response = None
            transaction.set_rollback(True)
        if response is not None and response.status_code >= 500:
            self.failures.append(f"{method.upper()} {url[:200]} {sorted(data or {})}: {response.status_code}")
        return response


def _with_query(url, values: dict) -> str:
    path, _, query = url.partition("?")
    return f"{path}?{urlencode({**dict(parse_qsl(query)), **values})}"


def _hostile_paths(url, kwargs):
    for value in kwargs.values():
        text = str(value)
        if f"/{text}/" not in url:
            continue
        for hostile in PATH_VALUES:
            yield url.replace(f"/{text}/", f"/{quote(hostile, safe='%')}/", 1)


@pytest.fixture
def hostile_world(world):
    from django.contrib.auth.models import Permission
    from django.utils import timezone

    from selfservice.models import Product
    from tests.selfservice.factories import switch_on
    from tests.timesheets.factories import ActivityFactory, PayTypeFactory, TimeEntryFactory
    from timesheets.models import TimesheetSettings

    # Every module on, every self-service product, the administrator also provider staff.
    switch_on(world.organization, codes=set(Product.objects.values_list("code", flat=True)), actor=world.provider)
    # The balance counted from this month only: the own-week pages compute it on every request.
    TimesheetSettings.objects.filter(organization=world.organization).update(
        flex_start=timezone.localdate().replace(day=1)
    )
    # The week grid shows cells only for activities in use this week.
    activity = ActivityFactory(organization=world.organization)
    PayTypeFactory(organization=world.organization)
    TimeEntryFactory(employee=world.employee, activity=activity, date=timezone.localdate())
    # The personas the cases use, made now: one first made inside a case's rolled-back
    # savepoint would be gone for the next case.
    world.colleague, world.provider, world.other_administrator  # noqa: B018
    # Provider staff hold their rights on the account itself: all of them.
    world.administrator.office = world.organization.office
    world.administrator.save()
    world.administrator.user_permissions.set(Permission.objects.all())
    return world


@pytest.mark.django_db
def test_no_hostile_input_answers_500(hostile_world):
    # Imported here: the matrix imports every tests/ module looking for url_cases.
    from tests.test_access_matrix import CASES, PUBLIC

    world = hostile_world
    sender = Sender()
    seen = set()
    clients = {}
    for user in (world.administrator, world.employee_user):
        clients[user.pk] = Client(raise_request_exception=True)
        clients[user.pk].force_login(user)
    for case in CASES:
        client = clients[(world.employee_user if _employee_facing(case) else world.administrator).pk]
        with transaction.atomic():
            kwargs = case.kwargs(world)
            url = reverse(case.name, kwargs=kwargs)
            for method in case.methods:
                _probe(sender, client, method, url, kwargs, seen)
            transaction.set_rollback(True)
    for name in sorted(PUBLIC - {"logout"}):
        try:
            url = reverse(name)
        except NoReverseMatch:  # a signed link (reset, invitation): its token is tested on its own
            continue
        _probe(sender, Client(raise_request_exception=True), "get", url, {}, seen)
    print(f"hostile input: {sender.count} requests, {len(sender.failures)} answered 500")
    assert not sender.failures, "\n".join(sender.failures[:40])


def _shape(name: str) -> str:
    """Grid fields differ only by ids and dates (cell|<activity>|<pay type>|<date>): one each."""
    return re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}|\d{4}-\d{2}-\d{2}|\d+", "#", name)


def _post_hostile(sender, client, form: Form, seen: set):
    target = urlsplit(form.action).path
    fields = {name: value for name, value in form.fields.items() if name != "csrfmiddlewaretoken"}
    key = (target, form.method, frozenset(_shape(name) for name in fields), _shape(form.own or ""))
    if key in seen:
        return
    seen.add(key)
    typed = [form.own] if form.own else [name for name in fields if name not in form.hidden]
    for value in HOSTILE:  # every field a person types into at once, the rest as the page sends them
        sender.send(client, form.method, target, {**fields, **dict.fromkeys(typed or ["value"], value)})
    shapes = set()
    for name in fields:
        if _shape(name) in shapes:
            continue
        shapes.add(_shape(name))
        for value in SHARP:  # and each field alone, hidden ones too
            sender.send(client, form.method, target, {**fields, name: value})


def _probe(sender, client, method, url, kwargs, seen):
    for hostile_url in _hostile_paths(url, kwargs):
        sender.send(client, method, hostile_url)
    if method == "post":
        for value in HOSTILE:
            sender.send(client, "post", url, {"value": value})
        return
    response = sender.send(client, "get", url)
    if response is None or response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return
    controls = Controls(url)
    controls.feed(response.content.decode())
    parameters = set()  # the ones the page itself uses: its filters and links
    for form in controls.forms:
        if form.method == "get" and urlsplit(form.action).path in ("", url):
            parameters |= set(form.fields)
        else:
            _post_hostile(sender, client, form, seen)
    for link in controls.links:
        path, _, query = link.partition("?")
        if path == url:
            parameters |= {name for name, _ in parse_qsl(query)}
    for value in HOSTILE:
        sender.send(client, "get", _with_query(url, dict.fromkeys(parameters | set(COMMON_PARAMETERS), value)))
    for name in sorted(parameters):
        for value in SHARP:
            sender.send(client, "get", _with_query(url, {name: value}))
