"""Linked translations in the admin: adding one filled in from the original, the original
beside the form, the list's column and filters, and the flag raised when the original
changes after the translation caught up.

The forms are read from the rendered page and sent back as a browser would, with what an
editor typed on top."""

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
import reversion
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from events.models import Event
from statements.models import Statement
from tests.events.factories import EventFactory, SpeakerFactory
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    StatementFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site_languages(settings):
    settings.PLACARD_LANGUAGES = ["en-gb", "es", "uk"]


@pytest.fixture
def editor():
    client = Client()
    client.force_login(user_with_role("Editor", "boss"))
    return client


class FormReader(HTMLParser):
    """The values a browser would send for the page's form with the given id."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.values = []
        self.textarea = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "button", "file"}:
            if attrs.get("type") in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.values.append((name, attrs.get("value", "on")))
            else:
                self.values.append((name, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.values.append((self.select, attrs.get("value", "")))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            # A browser drops the newline that starts a textarea's content.
            self.values.append((name, text.removeprefix("\n")))
            self.textarea = None
        elif tag == "select":
            self.select = None


def form_of(response):
    """The admin form on the page as a dict (a list for a name sent more than once)."""
    model = response.context["opts"].model_name
    reader = FormReader(f"{model}_form")
    reader.feed(response.content.decode())
    data = {}
    for name, value in reader.values:
        if name in data:
            data[name] = (
                [*data[name], value] if isinstance(data[name], list) else [data[name], value]
            )
        else:
            data[name] = value
    return data


def change_url(obj):
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


def list_url(model):
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/"


def menu_links(html):
    menu = re.search(r'<li class="translation-menu">.*?</li>\s*</ul>', html, re.S)
    assert menu, "no translation menu"
    return dict(
        (name, href.replace("&amp;", "&"))
        for href, name in re.findall(r'<a href="([^"]+)">([^<]+)</a>', menu.group(0))
    )


def test_add_a_translation_opens_the_add_form_filled_in_from_the_original(editor):
    picture = ImageFactory()
    first, second = AuthorFactory(name="Ana Ruiz"), AuthorFactory(name="Tom Field")
    original = ArticleFactory(
        title="Dockers win the night shift",
        standfirst="A vote on the quay.",
        body="<p>The <strong>night shift</strong> stays.</p>",
        language="en-gb",
        tags=["pay", "ports"],
        lead_image=picture,
        lead_image_alt="Dockers on the quay",
        lead_image_caption="The vote",
        lead_image_credit="Photo desk",
        authors=[first, second],
    )
    page = editor.get(change_url(original)).content.decode()
    links = menu_links(page)
    assert set(links) == {"Spanish", "Ukrainian", "Another language…"}

    response = editor.get(links["Spanish"])
    html = response.content.decode()
    form = form_of(response)

    assert form["title"] == "Dockers win the night shift"
    assert form["standfirst"] == "A vote on the quay."
    assert "night shift</strong> stays" in form["body"]
    assert form["section"] == str(original.section_id)
    assert set(re.split(r",\s*", form["tags"])) == {"pay", "ports"}
    assert form["lead_image"] == str(picture.pk)
    assert (form["lead_image_alt"], form["lead_image_caption"]) == (
        "Dockers on the quay",
        "The vote",
    )
    assert form["lead_image_credit"] == "Photo desk"
    assert form["translation_of"] == str(original.pk)
    assert 'type="hidden" name="translation_of"' in html
    assert form["language"] == "es"
    assert form["status"] == "draft"
    assert [form["bylines-0-author"], form["bylines-1-author"]] == [str(first.pk), str(second.pk)]
    # The original beside the form, marked as English, its text sanitised but shown.
    panel = re.search(r'<aside class="translation-original".*?</aside>', html, re.S).group(0)
    assert 'lang="en-gb" dir="ltr"' in panel
    assert '<h2 id="translation-original-heading">The original, in British English' in panel
    assert "The <strong>night shift</strong> stays." in panel

    form["title"] = "Los estibadores ganan el turno de noche"
    form["slug"] = ""
    saved = editor.post(links["Spanish"], form)

    assert saved.status_code == 302, form_of(saved)
    spanish = Article.objects.get(language="es")
    assert spanish.title == "Los estibadores ganan el turno de noche"
    assert spanish.translation_of == original
    assert spanish.status == Article.Status.DRAFT
    assert spanish.slug and spanish.slug != original.slug
    assert [b.author for b in spanish.bylines.order_by("order")] == [first, second]
    assert set(spanish.tags.names()) == {"pay", "ports"}
    assert spanish.lead_image == picture and spanish.lead_image_credit == "Photo desk"
    assert not spanish.needs_retranslation


def test_a_second_spanish_translation_is_refused_and_the_typed_text_kept(editor):
    original = StatementFactory(title="Declaration of Rome", language="en-gb")
    StatementFactory(title="Declaración de Roma", language="es", translation_of=original)
    assert set(menu_links(editor.get(change_url(original)).content.decode())) == {
        "Ukrainian",
        "Another language…",
    }
    add = f"/admin/statements/statement/add/?translation_of={original.pk}&language=es"
    form = form_of(editor.get(add))
    form["title"] = "Mi segunda traducción"
    form["body"] = "<p>Texto que escribí con cuidado.</p>"

    refused = editor.post(add, form)

    assert refused.status_code == 200
    html = refused.content.decode()
    assert "“Declaración de Roma” already translates this text into that language." in html
    kept = form_of(refused)
    assert kept["title"] == "Mi segunda traducción"
    assert "Texto que escribí con cuidado." in kept["body"]
    assert kept["translation_of"] == str(original.pk)
    assert Statement.objects.filter(language="es").count() == 1


def test_a_statement_translation_keeps_its_issuer_place_and_date(editor):
    original = StatementFactory(
        issuing_body="The assembly of delegates", adopted_place="Odesa", language="en-gb"
    )
    form = form_of(
        editor.get(f"/admin/statements/statement/add/?translation_of={original.pk}&language=uk")
    )

    assert form["issuing_body"] == "The assembly of delegates"
    assert form["adopted_place"] == "Odesa"
    assert form["adopted_on"] == original.adopted_on.strftime("%d/%m/%Y")
    assert form["language"] == "uk"


def test_an_event_translation_keeps_its_times_venue_and_speakers(editor):
    original = EventFactory(language="en-gb", venue_name="Dockers' Hall")
    SpeakerFactory(event=original, name="Maria Lopes", role="Docker", order=0)
    SpeakerFactory(event=original, name="Olek Bondar", role="Seafarer", order=1)
    add = f"/admin/events/event/add/?translation_of={original.pk}&language=es"

    response = editor.get(add)
    form = form_of(response)

    assert form["venue_name"] == "Dockers' Hall"
    start = timezone.localtime(original.start, original.tz)
    assert (form["start_0"], form["start_1"][:5]) == (
        start.strftime("%d/%m/%Y"),
        start.strftime("%H:%M"),
    )
    assert [form["speakers-0-name"], form["speakers-1-name"]] == ["Maria Lopes", "Olek Bondar"]
    assert form["speakers-1-role"] == "Seafarer"
    assert "Come and hear what happens next." in response.content.decode()  # the panel

    form["title"] = "Asamblea pública"
    form["slug"] = ""
    saved = editor.post(add, form)

    assert saved.status_code == 302, form_of(saved)
    spanish = Event.objects.get(language="es")
    assert spanish.translation_of == original
    assert list(spanish.speakers.order_by("order").values_list("name", flat=True)) == [
        "Maria Lopes",
        "Olek Bondar",
    ]


def test_the_list_shows_each_groups_languages_and_filters_by_what_is_missing(editor):
    original = ArticleFactory(title="Rent strike spreads", language="en-gb")
    spanish = ArticleFactory(title="La huelga se extiende", language="es", translation_of=original)
    ArticleFactory(title="Only in English", language="en-gb")

    page = editor.get(list_url(Article)).content.decode()

    assert f'href="{change_url(spanish)}" title="Spanish: La huelga se extiende"' in page
    assert re.search(
        rf'href="{change_url(original)}" title="British English: Rent strike spreads"', page
    )
    missing = editor.get(list_url(Article) + "?missing_language=es").content.decode()
    assert "Only in English" in missing
    assert "Rent strike spreads" not in missing and "La huelga se extiende" not in missing
    missing_uk = editor.get(list_url(Article) + "?missing_language=uk").content.decode()
    assert "Rent strike spreads" in missing_uk and "La huelga se extiende" in missing_uk
    assert " missing a translation in" in page and " needs re-translation" in page


def list_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_list_takes_the_same_queries_for_more_translated_items(editor):
    url = list_url(Statement)
    original = StatementFactory(language="en-gb")
    StatementFactory(language="es", translation_of=original)
    editor.get(url)
    before = list_queries(editor, url)
    for _number in range(6):
        more = StatementFactory(language="en-gb")
        StatementFactory(language="es", translation_of=more)
        StatementFactory(language="uk", translation_of=more)
    assert list_queries(editor, url) == before


def test_a_change_to_the_original_flags_the_translation_until_an_editor_ticks_it(editor):
    with reversion.create_revision():
        original = ArticleFactory(title="Rent strike spreads", language="en-gb")
    spanish = ArticleFactory(title="La huelga se extiende", language="es", translation_of=original)
    assert "The original has changed" not in editor.get(change_url(spanish)).content.decode()

    form = form_of(editor.get(change_url(original)))
    form["body"] = "<p>A new paragraph on the second week.</p>"
    assert editor.post(change_url(original), form).status_code == 302

    response = editor.get(change_url(spanish))
    html = response.content.decode()
    changed = Article.objects.get(pk=original.pk).updated_at
    when = timezone.localtime(changed).strftime("%-d %B %Y, %H:%M")
    assert f"The original was changed on {when} after this translation" in html
    assert f'<a href="{change_url(original)}">Open the original</a>' in html
    assert "/history/compare/?old=" in html
    assert "A new paragraph on the second week." in html  # the panel shows the new text
    behind = editor.get(list_url(Article) + "?retranslate=yes").content.decode()
    assert "La huelga se extiende" in behind

    form = form_of(response)
    assert "translation_current" not in form
    form["translation_current"] = "on"
    assert editor.post(change_url(spanish), form).status_code == 302

    spanish.refresh_from_db()
    assert not spanish.needs_retranslation
    assert "The original has changed" not in editor.get(change_url(spanish)).content.decode()
    behind = editor.get(list_url(Article) + "?retranslate=yes").content.decode()
    assert "La huelga se extiende" not in behind


def test_saving_a_translation_without_the_tick_keeps_the_flag(editor):
    original = ArticleFactory(language="en-gb")
    spanish = ArticleFactory(title="Traducción", language="es", translation_of=original)
    Article.objects.filter(pk=original.pk).update(updated_at=timezone.now() + timedelta(minutes=1))

    form = form_of(editor.get(change_url(spanish)))
    form["title"] = "Traducción corregida"
    assert editor.post(change_url(spanish), form).status_code == 302

    spanish.refresh_from_db()
    assert spanish.title == "Traducción corregida"
    assert spanish.needs_retranslation


def test_the_dashboard_counts_translations_older_than_their_original(editor):
    original = ArticleFactory(language="en-gb")
    ArticleFactory(title="Traducción", language="es", translation_of=original)
    ArticleFactory(title="Переклад", language="uk", translation_of=original)
    assert "Translations to check" not in editor.get("/admin/").content.decode()

    Article.objects.filter(pk=original.pk).update(updated_at=timezone.now() + timedelta(minutes=1))

    home = editor.get("/admin/").content.decode()
    assert "<h2>Translations to check: articles</h2>" in home
    link = re.search(r'<a href="([^"]+)">2 translations are older than their originals</a>', home)
    listed = editor.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert "Traducción" in listed and "Переклад" in listed


def test_an_author_cannot_read_someone_elses_draft_by_translating_it(client):
    draft = ArticleFactory(
        title="Secret plan",
        body="<p>Not yet public.</p>",
        draft=True,
        created_by=user_with_role("Author", "other"),
    )
    published = ArticleFactory(title="Public report", language="en-gb")
    client.force_login(user_with_role("Author", "writer"))

    refused = client.get(f"/admin/articles/article/add/?translation_of={draft.pk}&language=es")
    allowed = client.get(f"/admin/articles/article/add/?translation_of={published.pk}&language=es")

    assert refused.status_code == 200
    assert "Secret plan" not in refused.content.decode()
    assert "Not yet public." not in refused.content.decode()
    assert form_of(allowed)["title"] == "Public report"
