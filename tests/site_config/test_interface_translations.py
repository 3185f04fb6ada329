"""The interface's words come from the message catalogues in `site_config/locale`.

`django.pot` lists every string readers can meet; each language shipped beside it must
translate all of them, keep their placeholders, and ship the `.mo` its `.po` compiles to.
Pages rendered in a shipped language show its words, not the English ones.
"""

import gettext
import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import translation

from tests.events.factories import EventFactory
from tests.factories import ArticleFactory, StatementFactory

LOCALE = Path(django_settings.BASE_DIR) / "site_config" / "locale"
POT = LOCALE / "django.pot"
LANGUAGES = (
    sorted(path.name for path in LOCALE.iterdir() if path.is_dir()) if LOCALE.exists() else []
)
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{(\w+)\}")


def _unquote(text):
    return (
        text[1:-1]
        .replace('\\"', '"')
        .replace("\\n", "\n")
        .replace("\\t", "\t")
        .replace("\\\\", "\\")
    )


def read_po(path):
    """[(msgid, msgid_plural, {index: msgstr}, flags)] of a .po or .pot file, header and
    obsolete entries left out."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields, flags, current = {}, set(), None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"') and current:
                fields[current] += _unquote(line)
            else:
                keyword, _, value = line.partition(" ")
                current = keyword
                fields[keyword] = _unquote(value)
        if not fields.get("msgid"):
            continue
        strings = {0: fields["msgstr"]} if "msgstr" in fields else {}
        strings.update(
            (int(key[7:-1]), value) for key, value in fields.items() if key.startswith("msgstr[")
        )
        entries.append((fields["msgid"], fields.get("msgid_plural"), strings, flags))
    return entries


def placeholders(text):
    return {a or b for a, b in PLACEHOLDER.findall(text)}


def compiled_catalog(mo_path):
    with open(mo_path, "rb") as handle:
        return gettext.GNUTranslations(handle)._catalog


def test_the_template_lists_the_strings_of_every_kind_of_source():
    msgids = {entry[0] for entry in read_po(POT)}
    assert "Page not found" in msgids  # a Jinja template
    assert "Something went wrong" in msgids  # the Django error page
    assert "Please confirm your signature by opening this link:" in msgids  # the mail
    assert "Please confirm your endorsement of “%(title)s”" in msgids  # Python
    plurals = {entry[0]: entry[1] for entry in read_po(POT) if entry[1]}
    assert plurals["%(num)s individual also signed."] == "%(num)s individuals also signed."
    assert all(not any(entry[2].values()) for entry in read_po(POT)), "the template is blank"


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalogue_is_complete_and_compiled(language, tmp_path):
    folder = LOCALE / language / "LC_MESSAGES"
    po, mo = folder / "django.po", folder / "django.mo"
    entries = {entry[0]: entry for entry in read_po(po)}
    header = compiled_catalog(mo)[""]
    nplurals = int(re.search(r"nplurals=\s*(\d+)", header).group(1))
    problems = []
    for msgid, plural, _strings, _flags in read_po(POT):
        found = entries.get(msgid)
        if found is None:
            problems.append(f"missing: {msgid!r}")
            continue
        _, _, strings, flags = found
        if "fuzzy" in flags:
            problems.append(f"fuzzy: {msgid!r}")
        expected = range(nplurals) if plural else [0]
        if any(not strings.get(index) for index in expected):
            problems.append(f"untranslated form: {msgid!r}")
            continue
        wanted = placeholders(msgid) | placeholders(plural or "")
        for index in expected:
            have = placeholders(strings[index])
            # A plural form may leave the number out ("one signature"), nothing else.
            if have != wanted and not (plural and have <= wanted):
                problems.append(f"placeholders {sorted(have)} ≠ {sorted(wanted)}: {msgid!r}")
    assert not problems, "\n".join(problems)

    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", fresh, po], check=True)
    assert compiled_catalog(mo) == compiled_catalog(fresh), "django.mo is older than django.po"


def test_update_messages_keeps_translations_made(settings, tmp_path):
    locale = tmp_path / "locale"
    shutil.copytree(LOCALE, locale)
    folder = locale / "qq" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "Page not found"\nmsgstr "Qage qot qound"\n\n'
        'msgid "A string no longer used"\nmsgstr "Qold"\n',
        encoding="utf-8",
    )
    settings.LOCALE_PATHS = [locale]

    call_command("update_messages", verbosity=0)

    entries = {entry[0]: entry for entry in read_po(folder / "django.po")}
    assert entries["Page not found"][2] == {0: "Qage qot qound"}
    assert entries["Skip to content"][2] == {0: ""}  # new strings arrive blank
    assert "A string no longer used" not in entries
    catalog = compiled_catalog(folder / "django.mo")
    assert catalog["Page not found"] == "Qage qot qound"
    assert (locale / "django.pot").read_text() and POT.exists()
    pot_ids = {entry[0] for entry in read_po(locale / "django.pot")}
    assert pot_ids == {entry[0] for entry in read_po(POT)}, "the shipped django.pot is stale"


@pytest.fixture
def pages(db):
    article = ArticleFactory(title="Dockers strike", standfirst="A short lead.")
    statement = StatementFactory(title="For peace")
    event = EventFactory(title="Harbour rally")
    return [
        "/",
        "/articles/",
        article.get_absolute_url(),
        statement.get_absolute_url(),
        "/events/",
        event.get_absolute_url(),
        "/search/?q=dockers",
        "/search/",
        "/no-such-page/",
    ]


def interface_text(msgid):
    """A pattern for `msgid` as a whole element's text or attribute value."""
    escaped = re.escape(html.escape(msgid, quote=False))
    return re.compile(rf">\s*{escaped}\s*<|(?:aria-label|title|alt|placeholder)=\"{escaped}\"")


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_use_the_catalogue(client, settings, pages, language):
    settings.PLACARD_PAGE_CACHE = False
    settings.PLACARD_FRAGMENT_CACHE = False
    catalog = compiled_catalog(LOCALE / language / "LC_MESSAGES" / "django.mo")
    msgids = [entry[0] for entry in read_po(POT)]
    # Link texts that are also part of a sentence with markup ("Go to the home page")
    # are judged through the sentence.
    translated = [
        msgid
        for msgid, plural, _, _ in read_po(POT)
        if not plural
        and not any(msgid in other and "<" in other for other in msgids)
        and not placeholders(msgid)
        and "<" not in msgid
        and catalog.get(msgid, msgid) != msgid
    ]
    for path in pages:
        english = client.get(path).content.decode()
        settings.LANGUAGE_CODE = language
        with translation.override(language):
            page = client.get(path).content.decode()
        settings.LANGUAGE_CODE = "en-gb"
        assert f'<html lang="{language}"' in page, path
        shown = [msgid for msgid in translated if interface_text(msgid).search(english)]
        assert shown, f"{path}: no interface string found on the English page"
        left = [msgid for msgid in shown if interface_text(msgid).search(page)]
        assert not left, f"{path} in {language} still shows {left}"
