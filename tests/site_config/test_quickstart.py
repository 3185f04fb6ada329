"""`manage.py quickstart`: demo content once, an admin login that works."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.http import HttpRequest

from articles.models import Article, Author, Section

pytestmark = pytest.mark.django_db(transaction=True)


def quickstart():
    out = StringIO()
    call_command("quickstart", "--no-serve", stdout=out)
    text = out.getvalue()
    logins = dict(re.findall(r"username: (\S+)\s+password: (\S+)", text))
    assert set(logins) == {"admin", "editor", "author"}
    return text, "admin", logins["admin"], logins


def test_quickstart_creates_demo_content_once_and_prints_a_working_login(client):
    text, username, password, logins = quickstart()
    assert "Demo content created: 44 articles." in text
    assert Section.objects.count() == 4
    assert Author.objects.count() == 5
    assert Article.objects.count() >= 40
    assert Article.objects.drafts().count() == 2
    assert Article.objects.scheduled().count() == 2
    titles = " ".join(Article.objects.values_list("title", flat=True))
    assert "ś" in titles and "Солидарность" in titles
    assert all(Article.objects.values_list("slug", flat=True))
    assert Article.objects.published().filter(lead_image__isnull=False).exists()
    # Login throttling (django-axes) needs a request to count attempts by.
    assert client.login(request=HttpRequest(), username=username, password=password)
    assert client.get("/admin/").status_code == 200

    counts = Article.objects.count(), Author.objects.count()
    text, username, password, logins = quickstart()
    assert "Demo content already present" in text
    assert (Article.objects.count(), Author.objects.count()) == counts
    assert client.login(request=HttpRequest(), username=username, password=password)
    assert client.login(request=HttpRequest(), username="editor", password=logins["editor"])
    assert client.get("/admin/statements/endorsement/").status_code == 200
    assert client.login(request=HttpRequest(), username="author", password=logins["author"])
    assert client.get("/admin/statements/endorsement/").status_code == 403
    assert "My drafts" in client.get("/admin/").content.decode()
    home = client.get("/").content.decode()
    assert "Harbourside Solidarity Network" in home
