"""`manage.py quickstart`: demo content once, logins that keep working from run to run."""

import datetime
import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.http import HttpRequest
from django.utils import timezone

from articles.models import Article, Author, Section
from events.models import Event
from site_config.management.commands.quickstart import local_address
from statements.models import Statement

pytestmark = pytest.mark.django_db(transaction=True)

ACCOUNTS = {"admin", "editor", "author"}


def quickstart(*options):
    out = StringIO()
    call_command("quickstart", "--no-serve", *options, stdout=out)
    return out.getvalue()


def printed_passwords(text):
    return dict(re.findall(r"username: (\S+)\s+password: (\S+)", text))


def unchanged(text):
    return set(re.findall(r"username: (\S+)\s+password unchanged", text))


def logs_in(client, username, password):
    # Login throttling (django-axes) needs a request to count attempts by.
    return client.login(request=HttpRequest(), username=username, password=password)


def test_quickstart_creates_demo_content_once_and_prints_working_logins(client):
    text = quickstart()
    logins = printed_passwords(text)

    assert set(logins) == ACCOUNTS
    assert text.count("(created)") == 3
    assert "Demo content created: 45 articles." in text
    assert Section.objects.count() == 4
    assert Author.objects.count() == 5
    assert Article.objects.count() >= 40
    assert Article.objects.drafts().count() == 2
    assert Article.objects.scheduled().count() == 2
    titles = " ".join(Article.objects.values_list("title", flat=True))
    assert "ś" in titles and "Солидарность" in titles
    assert all(Article.objects.values_list("slug", flat=True))
    assert Article.objects.published().filter(lead_image__isnull=False).exists()
    # One statement in three languages, and an article in Arabic, linked as translations.
    declaration = Statement.objects.get(slug="declaration-for-safe-harbours")
    assert sorted(declaration.translations.values_list("language", flat=True)) == ["es", "uk"]
    assert declaration.translations.published().count() == 2
    arabic = Article.objects.get(language="ar")
    assert arabic.translation_of.slug == "dockers-vote-to-defend-the-night-shift"
    assert arabic.bylines.count() == arabic.translation_of.bylines.count()
    assert 'lang="ar" dir="rtl"' in client.get(arabic.get_absolute_url()).content.decode()
    assert logs_in(client, "admin", logins["admin"])
    assert client.get("/admin/").status_code == 200

    counts = Article.objects.count(), Author.objects.count(), Statement.objects.count()
    text = quickstart()
    assert "Demo content already present" in text
    assert (Article.objects.count(), Author.objects.count(), Statement.objects.count()) == counts
    assert logs_in(client, "editor", logins["editor"])
    assert client.get("/admin/statements/endorsement/").status_code == 200
    assert logs_in(client, "author", logins["author"])
    assert client.get("/admin/statements/endorsement/").status_code == 403
    assert "My drafts" in client.get("/admin/").content.decode()
    home = client.get("/").content.decode()
    assert "Harbourside Solidarity Network" in home


def test_a_second_run_keeps_the_passwords_written_down_after_the_first(client):
    first = printed_passwords(quickstart())
    hashes = dict(get_user_model().objects.values_list("username", "password"))

    second = quickstart()

    assert printed_passwords(second) == {}
    assert unchanged(second) == ACCOUNTS
    assert "password reset by this run" not in second
    assert dict(get_user_model().objects.values_list("username", "password")) == hashes
    for username, password in first.items():
        assert logs_in(client, username, password), username

    # The accounts have names, so bylines, the audit log and histories show people.
    users = get_user_model().objects.in_bulk(ACCOUNTS, field_name="username")
    for user in users.values():
        assert user.first_name and user.last_name, user.username
    author = users["author"]
    assert author.author_profile.name == author.get_full_name()
    drafts = Article.objects.drafts()
    assert {article.created_by for article in drafts} == {author}
    assert all(article.bylines.filter(author__user=author).exists() for article in drafts)


def test_reset_passwords_gives_every_account_a_new_printed_password(client):
    first = printed_passwords(quickstart())

    text = quickstart("--reset-passwords", "--addrport", "0.0.0.0:8001")

    second = printed_passwords(text)
    assert set(second) == ACCOUNTS
    assert text.count("(password reset by this run)") == 3
    assert "Logins for http://127.0.0.1:8001/admin/:" in text
    for username in ACCOUNTS:
        assert second[username] != first[username]
        assert not logs_in(client, username, first[username])
        assert logs_in(client, username, second[username])

    # Without the option, only an account that cannot log in gets a new password; a name
    # someone gave an account is kept.
    editor = get_user_model().objects.get(username="editor")
    editor.set_unusable_password()
    editor.first_name, editor.last_name = "Kim", "Lo"
    editor.save()
    third = printed_passwords(quickstart())
    assert set(third) == {"editor"}
    assert logs_in(client, "editor", third["editor"])
    assert logs_in(client, "admin", second["admin"])
    assert get_user_model().objects.get(username="editor").get_full_name() == "Kim Lo"


@pytest.mark.parametrize(
    "addrport, address",
    [
        ("127.0.0.1:8000", "http://127.0.0.1:8000/"),
        ("8001", "http://127.0.0.1:8001/"),
        ("0.0.0.0:8000", "http://127.0.0.1:8000/"),
        ("[::]:8000", "http://[::1]:8000/"),
        ("[::1]:8002", "http://[::1]:8002/"),
        ("192.0.2.7:8000", "http://192.0.2.7:8000/"),
    ],
)
@pytest.mark.django_db(transaction=False)
def test_addrport_is_printed_as_an_address_to_open_here(addrport, address):
    assert local_address(addrport) == address


# The demo content reads like a real organisation's site -------------------------------------


def test_demo_content_reads_like_a_real_site():
    quickstart()

    leads = list(Article.objects.values_list("standfirst", flat=True))
    leads += Statement.objects.values_list("standfirst", flat=True)

    assert all(lead for lead in leads)
    assert len(set(leads)) == len(leads)
    assert not any("short lead" in lead for lead in leads)
    assert all(lead.rstrip("”").endswith((".", "!", "?")) for lead in leads)
    bodies = " ".join(Article.objects.values_list("body", flat=True))
    assert "demo text" not in bodies

    # Dates make sense from today: the days marked every year fall on their next date.
    now = timezone.now()
    soon = now + datetime.timedelta(days=366)

    may_day = Event.objects.get(title="May Day march")
    assert (may_day.local_start.month, may_day.local_start.day) == (5, 1)
    assert now < may_day.start <= soon
    memorial = Event.objects.get(title="Workers' Memorial Day vigil")
    assert (memorial.local_start.month, memorial.local_start.day) == (4, 28)
    assert now < memorial.start <= soon
    assert Event.objects.upcoming().count() >= 8
    assert Event.objects.past().exists()
    kinds = set(Event.objects.values_list("kind", flat=True))
    assert len(kinds) >= 7
    assert set(Event.objects.values_list("time_zone", flat=True)) >= {
        "Europe/London",
        "America/New_York",
        "Europe/Warsaw",
    }
    for statement in Statement.objects.all():
        assert statement.adopted_on <= statement.publish_at.date(), statement.title
        assert statement.publish_at <= now
