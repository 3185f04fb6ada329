"""Menu entries: exactly one target each, labels taken from targets, safe web addresses."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from menus.models import ONE_TARGET_MESSAGE, Menu, MenuEntry, NamedList, reader_links
from tests.events.factories import EventFactory
from tests.factories import SectionFactory, StatementFactory
from tests.pages.factories import PageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def header():
    return Menu.objects.get(location=Menu.Location.HEADER)


def errors(entry):
    try:
        entry.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


def test_every_place_has_its_menu():
    assert sorted(Menu.objects.values_list("location", flat=True)) == ["footer", "header"]
    assert str(Menu.objects.get(location="footer")) == "Footer menu"


def test_an_entry_needs_a_target(header):
    assert errors(MenuEntry(menu=header, label="Nowhere")) == {"__all__": [ONE_TARGET_MESSAGE]}


@pytest.mark.parametrize(
    "targets",
    [
        {"named_list": NamedList.EVENTS, "url": "https://union.example/"},
        {"named_list": NamedList.SEARCH, "section": "section"},
        {"page": "page", "statement": "statement"},
        {"event": "event", "page": "page", "url": "https://union.example/"},
    ],
    ids=lambda targets: "+".join(targets),
)
def test_an_entry_with_several_targets_is_refused(header, targets):
    made = {
        "page": PageFactory,
        "section": SectionFactory,
        "statement": StatementFactory,
        "event": EventFactory,
    }
    values = {name: made[name]() if value == name else value for name, value in targets.items()}
    entry = MenuEntry(menu=header, label="Two places", **values)
    assert errors(entry) == {"__all__": [ONE_TARGET_MESSAGE]}
    # Saved from code, the database refuses it: nothing is stored.
    with pytest.raises(IntegrityError), transaction.atomic():
        entry.save()
    assert not MenuEntry.objects.exists()


def test_a_web_address_needs_a_label_and_a_safe_scheme(header):
    assert errors(MenuEntry(menu=header, url="https://union.example/")) == {
        "label": ["Give a label: a web address has no title to take one from."]
    }
    unsafe = MenuEntry(menu=header, label="Click", url="javascript:alert(1)")
    assert "url" in errors(unsafe)
    with pytest.raises(ValidationError):
        unsafe.save()
    assert not MenuEntry.objects.exists()
    assert errors(MenuEntry(menu=header, label="Union", url="https://union.example/")) == {}


def test_control_characters_in_labels_are_refused(header):
    assert "label" in errors(MenuEntry(menu=header, label="Bad\x00label", named_list="search"))


def test_labels_are_taken_from_targets_when_left_empty(header):
    page = PageFactory(title="About us", slug="about")
    section = SectionFactory(name="Women in Ukraine")
    statement = StatementFactory(title="The Rome declaration")
    event = EventFactory(title="Harbour rally")
    for order, target in enumerate(
        [
            {"page": page},
            {"section": section},
            {"named_list": NamedList.EVENT_CALENDAR},
            {"statement": statement},
            {"event": event},
            {"url": "https://union.example/", "label": "Our union"},
            {"page": page, "label": "Who we are"},
        ]
    ):
        MenuEntry.objects.create(menu=header, order=order, **target)
    assert reader_links("header") == [
        {"label": "About us", "url": "/about/"},
        {"label": "Women in Ukraine", "url": section.get_absolute_url()},
        {"label": "Event calendar", "url": "/events/calendar/"},
        {"label": "The Rome declaration", "url": statement.get_absolute_url()},
        {"label": "Harbour rally", "url": event.get_absolute_url()},
        {"label": "Our union", "url": "https://union.example/"},
        {"label": "Who we are", "url": "/about/"},
    ]
    assert reader_links("footer") == []


def test_every_named_list_leads_somewhere(client, header):
    for order, name in enumerate(NamedList.values):
        MenuEntry.objects.create(menu=header, order=order, named_list=name)
    links = reader_links("header")
    assert len(links) == len(NamedList.values)
    for link in links:
        assert client.get(link["url"]).status_code == 200, link


def test_entries_to_what_readers_cannot_see_are_left_out(header):
    hidden = [
        {"page": PageFactory(draft=True)},
        {"page": PageFactory(scheduled=True)},
        {"page": PageFactory(parent=PageFactory(draft=True))},
        {"statement": StatementFactory(draft=True)},
        {"statement": StatementFactory(scheduled=True)},
        {"event": EventFactory(draft=True)},
        {"event": EventFactory(scheduled=True)},
        {"named_list": "no-such:list"},  # a list the site no longer has
    ]
    for order, target in enumerate(hidden):
        MenuEntry.objects.create(menu=header, order=order, label=f"Hidden {order}", **target)
    MenuEntry.objects.create(menu=header, order=99, named_list=NamedList.SEARCH)
    assert reader_links("header") == [{"label": "Search", "url": "/search/"}]


def test_deleting_a_target_deletes_its_entries(header):
    page = PageFactory()
    MenuEntry.objects.create(menu=header, page=page)
    page.delete()
    assert not MenuEntry.objects.exists()
