"""The shop's translation catalogues are complete, consistent and still match what they
translate (docs/glossary.md)."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

from tests.page_text import own_catalogues

PLACEHOLDER = re.compile(r"%\(\w+\)[sdrf]|%[sd]|\{\w*\}")
FRAMEWORK_WORDING = Path(settings.BASE_DIR) / "storefront" / "framework_wording" / "locale"


def shop_languages():
    return [code for code, _name in settings.LANGUAGES if code != "en"]


def messages(path):
    with path.open("rb") as handle:
        return [m for m in read_po(handle) if m.id]


def as_tuple(value):
    return value if isinstance(value, tuple) else (value,)


@pytest.mark.parametrize("language", shop_languages())
def test_every_entry_is_translated_and_not_fuzzy(language):
    """Indonesian is complete. Basa Sunda may leave entries empty: they show in Indonesian
    (Django falls back to LANGUAGE_CODE), but none may be a fuzzy guess."""
    problems = []
    for path in own_catalogues(language):
        for message in messages(path):
            strings = as_tuple(message.string)
            if message.fuzzy or (language == settings.LANGUAGE_CODE and not all(strings)):
                problems.append(f"{path}: {as_tuple(message.id)[0]!r}")
    assert not problems, "untranslated or fuzzy:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", shop_languages())
def test_translations_keep_the_placeholders_of_their_source(language):
    problems = []
    for path in own_catalogues(language):
        for message in messages(path):
            wanted = sorted(set(PLACEHOLDER.findall(as_tuple(message.id)[0])))
            for string in as_tuple(message.string):
                if string and sorted(set(PLACEHOLDER.findall(string))) != wanted:
                    problems.append(f"{path}: {as_tuple(message.id)[0]!r} → {string!r}")
    assert not problems, "placeholders differ:\n" + "\n".join(problems)


def test_one_source_string_has_one_translation_in_all_the_shops_catalogues():
    """Catalogues are merged into one per language: a word translated twice differently would
    show one of the two everywhere, whichever catalogue wins."""
    seen, problems = {}, []
    for path in own_catalogues("id"):
        for message in messages(path):
            key = (message.context, as_tuple(message.id)[0])
            string = as_tuple(message.string)[0]
            if key in seen and seen[key][1] != string:
                problems.append(f"{key[1]!r}: {seen[key][1]!r} ({seen[key][0]}) vs {string!r} ({path})")
            seen.setdefault(key, (path, string))
    assert not problems, "\n".join(problems)


def test_the_framework_wording_only_translates_strings_the_frameworks_still_have():
    """storefront/framework_wording is written by hand for Oscar's, Django's and Wagtail's
    own strings: after an upgrade, a string they dropped or reworded must not linger there."""
    import django
    import oscar
    import wagtail

    known = set()
    for package in (oscar, django, wagtail):
        root = Path(package.__file__).parent
        for path in root.rglob("locale/*/LC_MESSAGES/django.po"):
            if path.parent.parent.name in ("en", "id", "id_ID"):
                known.update(as_tuple(m.id)[0] for m in messages(path))
    # Strings Oscar marks for translation but left out of its catalogue.
    oscar_source = "\n".join(p.read_text() for p in Path(oscar.__file__).parent.rglob("apps/**/*.py"))
    missing = []
    for path in FRAMEWORK_WORDING.glob("*/LC_MESSAGES/django.po"):
        for message in messages(path):
            msgid = as_tuple(message.id)[0]
            if msgid not in known and f'"{msgid}"' not in oscar_source:
                missing.append(f"{path.parent.parent.name}: {msgid!r}")
    assert not missing, "no longer a framework string:\n" + "\n".join(missing)
