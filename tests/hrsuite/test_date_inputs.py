"""Date and month fields read and show the active language's format (and still read ISO), so a
page never shows mm/dd/yyyy beside dd.mm.yyyy, and messages name dates the same way."""

import datetime
import importlib
import inspect

import pytest
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from hrsuite.dates import format_hint
from hrsuite.forms import DateField, EmploymentEndForm, MonthField
from tests.factories import EmployeeFactory

DAY = datetime.date(2026, 12, 3)
# The format each UI language writes: Norwegian and German dd.mm.yyyy, Dutch dd-mm-yyyy,
# our (European) English dd/mm/yyyy.
PATTERN = {"en": "%d/%m/%Y", "nb": "%d.%m.%Y", "nl": "%d-%m-%Y", "de": "%d.%m.%Y"}
SHOWN = {"en": "03/12/2026", "nb": "03.12.2026", "nl": "03-12-2026", "de": "03.12.2026"}
MONTH_SHOWN = {"en": "12/2026", "nb": "12.2026", "nl": "12-2026", "de": "12.2026"}
FORM_MODULES = [
    "hrsuite.forms",
    "benefits.forms",
    "timesheets.forms",
    "selfservice.forms",
    "claims.forms",
    "pensions.forms",
    "pensions.forms_pensioning",
]


class DayForm(forms.Form):
    day = DateField(label="Start")
    month = MonthField(label="Period", required=False)


def test_every_ui_language_has_a_shown_format():
    assert set(SHOWN) == {code for code, _name in settings.LANGUAGES}


def test_the_english_hint_reads_as_words():
    with translation.override("en"):
        assert 'placeholder="dd/mm/yyyy"' in str(DayForm()["day"])
        assert 'placeholder="mm/yyyy"' in str(DayForm()["month"])


@pytest.mark.parametrize("language", SHOWN)
def test_the_widget_shows_the_language_s_format_as_a_text_box(language):
    with translation.override(language):
        html = str(DayForm(initial={"day": DAY, "month": DAY})["day"])
        month_html = str(DayForm(initial={"month": DAY})["month"])
        # The hint's words are translatable ("dd.mm.åååå"); its order and separators are not.
        hint = format_hint(PATTERN[language])
    assert f'value="{SHOWN[language]}"' in html
    assert f'placeholder="{hint}"' in html
    assert 'type="text"' in html and 'inputmode="numeric"' in html and 'autocomplete="off"' in html
    assert f'value="{MONTH_SHOWN[language]}"' in month_html
    assert 'type="text"' in month_html


@pytest.mark.parametrize("language", SHOWN)
def test_parsing_reads_the_language_s_format_and_iso(language):
    with translation.override(language):
        for typed in (SHOWN[language], "2026-12-03", f" {SHOWN[language]} "):
            form = DayForm({"day": typed, "month": MONTH_SHOWN[language]})
            assert form.is_valid(), (typed, form.errors)
            assert form.cleaned_data == {"day": DAY, "month": datetime.date(2026, 12, 1)}
        assert DayForm({"day": "2026-12-03", "month": "2026-12"}).is_valid()


@pytest.mark.parametrize(
    "typed",
    [
        "31.02.2026",  # no such day
        "abc",
        "03.12.26",  # a two-digit year is a guess between 1926 and 2026
        "03.12",
        "03.12.2026x",
    ],
)
def test_garbage_is_refused_with_a_message_naming_the_field_and_the_format(typed):
    with translation.override("nb"):
        form = DayForm({"day": typed})
        assert not form.is_valid()
        (message,) = form.errors["day"]
        assert message.startswith("Start") and format_hint("%d.%m.%Y") in message
    with translation.override("en"):
        form = DayForm({"day": typed.replace(".", "/")})
        assert not form.is_valid()
    assert form.errors["day"] == ["Start: enter the date as dd/mm/yyyy."]


def test_another_language_s_writing_is_refused():
    """No guessing: 12/31/2026 is not a day in European English, 12/03/2026 not one in Norwegian."""
    with translation.override("nb"):
        assert not DayForm({"day": "12/03/2026"}).is_valid()
    with translation.override("en"):
        assert not DayForm({"day": "12/31/2026"}).is_valid()
        assert not DayForm({"day": "03.12.2026"}).is_valid()


def test_a_bad_month_names_the_field_and_the_month_format():
    with translation.override("en"):
        form = DayForm({"day": "03/12/2026", "month": "13/2026"})
        assert not form.is_valid()
    assert form.errors["month"] == ["Period: enter the month as mm/yyyy."]


def test_a_date_outside_the_supported_range_is_refused():
    form = DayForm({"day": "1899-12-31"})
    assert not form.is_valid() and form.errors["day"] == ["Enter a date between 1900 and 2200."]


@pytest.mark.parametrize("language", SHOWN)
def test_the_month_widget_round_trips(language):
    with translation.override(language):
        shown = DayForm(initial={"month": DAY})["month"].value()
        rendered = str(DayForm(initial={"month": DAY})["month"])
        form = DayForm({"day": SHOWN[language], "month": MONTH_SHOWN[language]})
        assert form.is_valid()
        again = str(DayForm(initial={"month": form.cleaned_data["month"]})["month"])
    assert shown == DAY and rendered == again


def test_a_value_from_a_link_is_shown_in_the_language_s_format():
    """?month=2026-12 (links build ISO) shows 12.2026 in the box, the typed text stays as typed."""
    with translation.override("nb"):
        assert 'value="12.2026"' in str(DayForm({"day": "x", "month": "2026-12"})["month"])
        assert 'value="03.12.2026"' in str(DayForm({"day": "2026-12-03"})["day"])
        assert 'value="31.02.2026"' in str(DayForm({"day": "31.02.2026"})["day"])


def test_the_template_tag_renders_the_same_widget():
    template = Template('{% load hrsuite %}{% date_input "month" day month=True id="id_month" %}')
    with translation.override("nb"):
        html = template.render(Context({"day": DAY}))
        field_html = EmploymentEndForm(initial={"end_date": DAY})["end_date"].as_widget()
    assert 'name="month"' in html and 'value="12.2026"' in html and 'id="id_month"' in html
    assert 'value="03.12.2026"' in field_html and 'placeholder="dd.mm.åååå"' in field_html  # the hint in Norwegian


def _form_classes():
    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module_name:
                yield cls


def test_every_date_field_of_every_form_is_the_language_aware_one():
    """A plain forms.DateField would read only Django's formats for the language and show an
    ISO value; the import's row form reads files, not typing, and keeps its own formats."""
    found = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in _form_classes()
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.DateField) and not isinstance(field, DateField)
    ]
    assert found == []
    date_fields = [
        name for cls in _form_classes() for name, field in cls.base_fields.items() if isinstance(field, DateField)
    ]
    assert len(date_fields) > 20  # the check does reach the forms


def test_a_norwegian_post_saves_the_typed_day(owner_client, organization):
    employee = EmployeeFactory(organization=organization, employment_start=datetime.date(2024, 1, 1))
    owner_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    url = reverse("employment_end", kwargs={"org_id": organization.id, "employee_id": employee.id})
    confirm = owner_client.post(url, {"end_date": "03.12.2026"})
    assert confirm.status_code == 200 and "03.12.2026" in confirm.content.decode()
    employee.refresh_from_db()
    assert employee.employment_end is None  # only asked for confirmation
    done = owner_client.post(url, {"end_date": "03.12.2026", "confirm": "1"}, follow=True)
    employee.refresh_from_db()
    assert employee.employment_end == DAY
    (message,) = [str(message) for message in done.context["messages"]]
    assert "03.12.2026" in message and "2026" not in message.replace("03.12.2026", "")


def test_a_norwegian_typo_is_shown_beside_the_field_and_nothing_changes(owner_client, organization):
    employee = EmployeeFactory(organization=organization, employment_start=datetime.date(2024, 1, 1))
    owner_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    url = reverse("employment_end", kwargs={"org_id": organization.id, "employee_id": employee.id})
    response = owner_client.post(url, {"end_date": "31.02.2026", "confirm": "1"})
    assert response.status_code == 200
    with translation.override("nb"):
        assert format_hint("%d.%m.%Y") in response.context["form"].errors["end_date"][0]
    employee.refresh_from_db()
    assert employee.employment_end is None
