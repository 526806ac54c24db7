"""The shipped translations: every message translated, nothing fuzzy, the compiled .mo files
in step with the .po files, and the pages really rendered in each language.

The .po files are read with a small parser of our own and the .mo files with the standard
library's gettext, so the test needs neither GNU gettext nor any extra package."""

import ast
import gettext
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
LANGUAGES = ["nb", "nl", "de"]
# What "Employees" (the employee list's heading) reads as in each language.
EMPLOYEES = {"nb": "Ansatte", "nl": "Medewerkers", "de": "Mitarbeitende"}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def parse_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (a dict of form index to
    text for plural entries) and flags. Obsolete (#~) entries are skipped."""
    entries, entry, key = [], None, None

    def finish():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            finish()
            entry, key = None, None
            continue
        if entry is None:
            entry = {"flags": set(), "msgstr": None}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$', line)
        if match:
            key, form, text = match.group(1), match.group(2), ast.literal_eval(match.group(3))
            if form is not None:
                entry["msgstr"] = entry["msgstr"] or {}
                key = int(form)
                entry["msgstr"][key] = text
            else:
                entry[key] = text
        elif line.startswith('"'):
            text = ast.literal_eval(line)
            if isinstance(key, int):
                entry["msgstr"][key] += text
            else:
                entry[key] += text
        else:
            raise AssertionError(f"{path}: cannot read line {line!r}")
    finish()
    return entries


def translations_of(entry: dict) -> list[str]:
    """The entry's translation(s), or [] when any form is empty."""
    forms = list(entry["msgstr"].values()) if isinstance(entry["msgstr"], dict) else [entry["msgstr"]]
    return forms if all(forms) else []


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def mo_catalog(language: str) -> dict:
    with (LOCALE_DIR / language / "LC_MESSAGES" / "django.mo").open("rb") as mo:
        return dict(gettext.GNUTranslations(mo)._catalog)


def po_catalog(language: str) -> dict:
    """The .po entries keyed the way GNUTranslations keys its catalog."""
    catalog = {}
    for entry in parse_po(po_path(language)):
        msgid = entry["msgid"]
        if "msgctxt" in entry:
            msgid = f"{entry['msgctxt']}\x04{msgid}"
        if "msgid_plural" in entry:
            for form, text in entry["msgstr"].items():
                catalog[(msgid, form)] = text
        else:
            catalog[msgid] = entry["msgstr"]
    return catalog


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    entries = parse_po(po_path(language))
    messages = [entry for entry in entries if entry["msgid"]]
    assert len(messages) > 100, "makemessages found suspiciously few messages"

    header = next(entry for entry in entries if entry["msgid"] == "")
    assert f"Language: {language}\n" in header["msgstr"]
    assert "nplurals=2; plural=(n != 1);" in header["msgstr"]

    fuzzy = [entry["msgid"] for entry in entries if "fuzzy" in entry["flags"]]
    assert not fuzzy, f"fuzzy entries in {language}: {fuzzy}"

    for entry in messages:
        if "msgid_plural" in entry:
            forms = entry["msgstr"]
            assert isinstance(forms, dict), entry["msgid"]
            assert sorted(forms) == [0, 1], f"{language}: {entry['msgid']!r} needs exactly two plural forms"
            assert all(text.strip() for text in forms.values()), f"{language}: empty plural form of {entry['msgid']!r}"
        else:
            assert isinstance(entry["msgstr"], str), entry["msgid"]
            assert entry["msgstr"].strip(), f"{language}: {entry['msgid']!r} is not translated"


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_survive_translation(language):
    for entry in parse_po(po_path(language)):
        if not entry["msgid"]:
            continue
        expected = set(PLACEHOLDER.findall(entry["msgid"]))
        if isinstance(entry["msgstr"], dict):
            # The singular may leave out the count its plural shows ("This employee …" /
            # "These %(counter)s employees …"); the plural form keeps the plural's placeholders.
            plural = set(PLACEHOLDER.findall(entry.get("msgid_plural", "")))
            for form, text in entry["msgstr"].items():
                found = set(PLACEHOLDER.findall(text))
                if form == 0:
                    assert found <= expected | plural, f"{language}: placeholders differ in {text!r}"
                else:
                    assert found == plural, f"{language}: placeholders differ in {text!r}"
            continue
        assert set(PLACEHOLDER.findall(entry["msgstr"])) == expected, (
            f"{language}: placeholders differ in {entry['msgstr']!r}"
        )


def without_pot_date(catalog: dict) -> dict:
    """msgfmt leaves the POT-Creation-Date out of the compiled header; compare the rest."""
    header = "".join(line for line in catalog.get("", "").splitlines(keepends=True) if "POT-Creation-Date" not in line)
    return {**catalog, "": header}


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_matches_the_po_file(language):
    """Run `manage.py compilemessages` after editing a .po file: this fails until you do."""
    assert without_pot_date(mo_catalog(language)) == without_pot_date(po_catalog(language))


@pytest.mark.parametrize("language", LANGUAGES)
def test_employee_list_renders_in_the_chosen_language(owner_client, organization, employee, language):
    owner_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = owner_client.get(reverse("employee_list", args=[organization.id]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<h1>{EMPLOYEES[language]}</h1>" in html
    assert "<h1>Employees</h1>" not in html


def test_employee_list_is_english_by_default(owner_client, organization, employee):
    response = owner_client.get(reverse("employee_list", args=[organization.id]))
    assert "<h1>Employees</h1>" in response.content.decode()


# Django keeps the names of its default rights in English; the rights form shows them in the
# user's language, built from the action and the model's translated name.
RIGHT_LABELS = {
    "en": ("Can add insurance", "Can view national identity numbers"),
    "nb": ("Kan legge til forsikring", "Kan se fødselsnumre"),
    "nl": ("Kan verzekering toevoegen", "Kan identificatienummers (BSN) inzien"),
    "de": ("Kann Versicherung anlegen", "Kann Identifikationsnummern einsehen"),
}


@pytest.mark.parametrize("language", ["en", *LANGUAGES])
@pytest.mark.django_db
def test_rights_are_labelled_in_the_chosen_language(language):
    from django.utils import translation

    from hrsuite.forms import MemberRightsForm

    with translation.override(language):
        labels = {label for _value, label in MemberRightsForm().fields["rights"].choices}
    for expected in RIGHT_LABELS[language]:
        assert expected in labels
    if language != "en":
        assert not any(label.startswith("Can ") for label in labels)


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (bin/test installs it as root)")
def test_catalogs_cover_every_marked_string(tmp_path, monkeypatch):
    """makemessages over a copy of the code finds no message the catalogs lack."""
    from django.core.management import call_command

    base = Path(settings.BASE_DIR)
    for folder in ["hrsuite", "benefits", "timesheets", "selfservice", "claims", "pensions", "templates", "locale"]:
        shutil.copytree(base / folder, tmp_path / folder, ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(settings, "LOCALE_PATHS", [tmp_path / "locale"])
    call_command("makemessages", locale=LANGUAGES, no_obsolete=True, verbosity=0)
    for language in LANGUAGES:
        missing = [
            entry["msgid"]
            for entry in parse_po(tmp_path / "locale" / language / "LC_MESSAGES" / "django.po")
            if entry["msgid"] and ("fuzzy" in entry["flags"] or not translations_of(entry))
        ]
        assert not missing, f"{language}: untranslated {missing[:10]}"
