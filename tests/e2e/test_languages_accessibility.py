"""Every page shape stays accessible and valid in every language the site ships a
catalogue for, right-to-left included: a site whose language is Arabic, Ukrainian or
Spanish gets pages that pass axe-core and the Nu HTML checker as an English one does."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from django.utils.text import slugify

from tests.e2e.conftest import describe_html_errors, describe_violations
from tests.events.factories import EventFactory
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, StatementFactory

LOCALE = Path(django_settings.BASE_DIR) / "site_config" / "locale"


def shipped_languages():
    """English (the messages' own language) and each language with a catalogue."""
    catalogues = sorted(
        folder.name for folder in LOCALE.glob("*") if (folder / "LC_MESSAGES/django.po").is_file()
    )
    return ["en-gb", *(code.replace("_", "-").lower() for code in catalogues)]


@pytest.fixture
def pages_in(settings):
    """The site switched to `code`; its public pages of every shape, by name."""

    def build(code):
        settings.LANGUAGE_CODE = code
        settings.PLACARD_LANGUAGES = [code]
        now = timezone.now()
        section = SectionFactory(name="Noticias")
        author = AuthorFactory(name="Ольга Петренко")
        article = ArticleFactory(
            title="Los estibadores votan",
            standfirst="Los afiliados se reunieron en el muelle.",
            body="<p>Una asamblea en el muelle.</p><h2>Qué pasó</h2><p>Un plan.</p>",
            section=section,
            authors=[author],
            tags=["solidaridad"],
            language=code,
        )
        ArticleFactory(
            title="Strajk w porcie trwa",
            section=section,
            language="pl",
            publish_at=now - timedelta(days=2),
        )
        statement = StatementFactory(title="Declaración de Roma", language=code)
        event = EventFactory(title="Asamblea pública", language=code)
        return {
            "home": "/",
            "article": article.get_absolute_url(),
            "article list": "/articles/",
            "section": section.get_absolute_url(),
            "statement": statement.get_absolute_url(),
            "statement list": "/statements/",
            "event": event.get_absolute_url(),
            "event list": "/events/",
            "search": "/search/?q=muelle",
            "404": "/no-such-page/",
        }

    return build


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("code", shipped_languages())
def test_every_page_shape_passes_axe_in_every_language(live_server, page, run_axe, pages_in, code):
    paths = pages_in(code)
    failures = []
    for name, path in paths.items():
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == (404 if name == "404" else 200), path
        assert page.get_attribute("html", "lang") == code
        expected_direction = "rtl" if code in django_settings.LANGUAGES_BIDI else "ltr"
        assert page.get_attribute("html", "dir") == expected_direction
        violations = run_axe(page)
        if violations:
            failures.append(f"--- {name} ({path})\n{describe_violations(violations)}")
    assert not failures, f"axe-core found problems in {code}:\n" + "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("code", shipped_languages())
def test_every_page_shape_is_valid_html_in_every_language(
    client, tmp_path, check_html, pages_in, code
):
    for name, path in pages_in(code).items():
        response = client.get(path)
        assert response.status_code == (404 if name == "404" else 200), path
        (tmp_path / f"{slugify(name)}.html").write_bytes(response.content)
    errors = check_html(sorted(tmp_path.glob("*.html")))
    assert not errors, f"Nu found errors in {code}:\n" + describe_html_errors(errors)
