"""Links saved by code or an importer: only http(s) addresses, on every save path, and no
script link reaches a page or a calendar even from a row stored before the rule."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import modelform_factory

from events.models import Event
from publishing.fields import is_safe_url
from publishing.models import SiteSettings, SocialLink
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

SCRIPT_LINKS = [
    "javascript:alert(1)",
    "JavaScript:alert(document.domain)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "\x01javascript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/path",
    "https://ok.example/\njavascript:alert(1)",
]
EVENT_LINKS = ["online_url", "registration_url", "organiser_url"]


@pytest.mark.parametrize("value", SCRIPT_LINKS)
@pytest.mark.parametrize("field", EVENT_LINKS)
def test_an_event_saved_from_code_refuses_a_script_link(field, value):
    with pytest.raises(ValidationError) as refused:
        EventFactory(**{field: value})
    assert field in refused.value.message_dict
    assert "https://" in refused.value.message_dict[field][0]
    assert not Event.objects.exists()


@pytest.mark.parametrize("value", SCRIPT_LINKS)
def test_a_social_link_saved_from_code_refuses_a_script_link(value):
    site = SiteSettings.objects.create()
    with pytest.raises(ValidationError):
        SocialLink.objects.create(site=site, label="Mastodon", url=value)
    with pytest.raises(ValidationError), transaction.atomic():
        SocialLink.objects.bulk_create([SocialLink(site=site, label="Mastodon", url=value)])
    link = SocialLink.objects.create(site=site, label="Mastodon", url="https://social.example/@a")
    link.url = value
    with pytest.raises(ValidationError):
        link.save()
    assert list(SocialLink.objects.values_list("url", flat=True)) == ["https://social.example/@a"]


def test_web_addresses_are_kept_as_typed_apart_from_surrounding_spaces():
    event = EventFactory(
        online_url="  https://meet.example/room?id=1 ",
        registration_url="HTTP://register.example/",
        organiser_url="",
    )
    event.refresh_from_db()
    assert event.online_url == "https://meet.example/room?id=1"
    assert event.registration_url == "HTTP://register.example/"
    assert event.organiser_url == ""


def test_a_form_refuses_what_a_browser_would_not_open_as_a_web_page():
    site = SiteSettings.objects.create()
    form_class = modelform_factory(SocialLink, fields=["site", "label", "url"])
    form = form_class({"site": site.pk, "label": "Files", "url": "ftp://files.example/"})
    assert not form.is_valid()
    assert form.errors["url"] == ["Enter a web address that starts with https:// or http://."]
    assert not SocialLink.objects.exists()


def test_script_links_stored_before_the_rule_never_reach_a_page_or_calendar(client):
    """Rows written with `update()` (no save) stand for those stored by older code."""
    event = EventFactory(
        attendance=Event.Attendance.HYBRID,
        organiser_name="Dock Workers' Union",
        online_url="https://meet.example/room",
        registration_url="https://register.example/",
        organiser_url="https://union.example/",
    )
    Event.objects.filter(pk=event.pk).update(
        online_url="javascript:alert(1)",
        registration_url="JAVASCRIPT:alert(2)",
        organiser_url="javascript:alert(3)",
    )
    site = SiteSettings.objects.create()
    link = SocialLink.objects.create(site=site, label="Mastodon", url="https://social.example/@a")
    SocialLink.objects.filter(pk=link.pk).update(url="javascript:alert(4)")

    page = client.get(event.get_absolute_url())
    calendar = client.get(event.get_ics_url())
    home = client.get("/")
    assert page.status_code == calendar.status_code == home.status_code == 200
    for response in (page, calendar, home):
        assert "javascript:" not in response.content.decode().lower()
    assert "Dock Workers&#39; Union" in page.content.decode()  # the name stays, unlinked
    assert ">Mastodon<" not in home.content.decode()  # the profile has no address to link
    assert Event.objects.get(pk=event.pk).organiser_url == ""


@pytest.mark.parametrize("value", ["", "https://a.example", "HTTP://A.EXAMPLE/?q=1#top"])
def test_web_addresses_are_safe(value):
    assert is_safe_url(value)


@pytest.mark.parametrize("value", SCRIPT_LINKS)
def test_script_links_are_not_safe(value):
    assert not is_safe_url(value)
