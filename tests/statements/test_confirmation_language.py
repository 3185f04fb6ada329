"""The confirmation mail and page speak the language of the page the signer signed on,
whatever language the worker that sends the mail runs in."""

import datetime

import pytest
import time_machine
from django.utils import translation

from statements.models import Endorsement
from tests.factories import StatementFactory
from tests.statements.test_endorsements import form, link_in, smtp  # noqa: F401
from tests.support.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

SUBJECT = "Please confirm your endorsement of “%(title)s”"
SIGNED = datetime.datetime(2027, 6, 3, 9, 30, tzinfo=datetime.UTC)


def subject_of(message):
    return " ".join(str(message["Subject"]).split())  # unfolded


def sign_in(client, settings, statement, language):
    """Sign while the site's pages are in `language`, then let the worker (which runs in
    the site's usual language) send the mail."""
    settings.PLACARD_ENDORSE_LINK_MAX_AGE = 7 * 86400
    usual = settings.LANGUAGE_CODE
    settings.LANGUAGE_CODE = language
    with time_machine.travel(SIGNED, tick=False):
        response = client.post(f"/statements/{statement.slug}/sign/", form())
        assert response.status_code == 302
        settings.LANGUAGE_CODE = usual
        assert run_queued_tasks() == ["sent"]


def test_signing_on_a_spanish_page_gets_the_mail_in_spanish(client, settings, smtp):  # noqa: F811
    statement = StatementFactory(title="Por la paz")
    sign_in(client, settings, statement, "es")
    assert Endorsement.objects.get().language == "es"

    (message,) = smtp.messages
    assert message["Content-Language"] == "es"
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    # Seven days after 3 June 2027, in Spanish words and order.
    assert "10 de junio de 2027" in plain
    assert "10 de junio de 2027" in html
    assert "Jun " not in plain
    assert '<html lang="es" dir="ltr">' in html

    with translation.override("es"):
        spanish = translation.gettext(SUBJECT)
    if spanish != SUBJECT:  # the Spanish catalogue translates it
        assert subject_of(message) == spanish % {"title": "Por la paz"}
    else:
        assert subject_of(message) == "Please confirm your endorsement of “Por la paz”"

    # The page the link opens is in Spanish too, whatever the site's own language.
    page = client.get(link_in(message)).content.decode()
    assert '<html lang="es"' in page


def test_signing_on_an_english_page_keeps_the_mail_english(client, settings, smtp):  # noqa: F811
    statement = StatementFactory(title="For peace")
    sign_in(client, settings, statement, "en-gb")
    assert Endorsement.objects.get().language == "en-gb"

    (message,) = smtp.messages
    assert message["Content-Language"] == "en-gb"
    assert subject_of(message) == "Please confirm your endorsement of “For peace”"
    assert "10 Jun 2027" in message.get_body(("plain",)).get_content()
    assert '<html lang="en-gb" dir="ltr">' in message.get_body(("html",)).get_content()


def test_an_arabic_mail_runs_right_to_left(client, settings, smtp):  # noqa: F811
    statement = StatementFactory(title="من أجل السلام")
    sign_in(client, settings, statement, "ar")

    (message,) = smtp.messages
    assert message["Content-Language"] == "ar"
    html = message.get_body(("html",)).get_content()
    assert '<html lang="ar" dir="rtl">' in html
    assert "يونيو" in html  # June, in Arabic


def test_an_endorsement_from_before_languages_were_stored_uses_the_site_language(
    client,
    settings,
    smtp,  # noqa: F811
):
    statement = StatementFactory(title="Older")
    sign_in(client, settings, statement, "es")
    Endorsement.objects.update(language="", status=Endorsement.Status.PENDING)
    smtp.messages.clear()
    from statements import tasks

    with time_machine.travel(SIGNED, tick=False):
        tasks.send_confirmation_mail.enqueue(Endorsement.objects.get().pk, "http://testserver/")
        assert run_queued_tasks() == ["sent"]
    (message,) = smtp.messages
    assert message["Content-Language"] == settings.LANGUAGE_CODE
    assert "10 Jun 2027" in message.get_body(("plain",)).get_content()
