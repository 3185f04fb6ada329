"""Admission and tickets: whether entry is free, paid or pay what you can, its price in a
currency, the tickets link, as editors type them, readers see them and search engines
read them (schema.org `offers`)."""

import datetime
import decimal
import html
import os
import re
import subprocess
import sys

import extruct
import pytest
import time_machine
from django.conf import settings as django_settings

from events.admission import format_price
from events.models import Event
from tests.events.factories import EventFactory, local
from tests.events.test_admin import ADD_URL, form_data

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC)
LONG_AGO = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)


def visible_text(page):
    main = page[page.index("<main") :]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))


def event_block(page):
    found = extruct.extract(page, syntaxes=["json-ld"])["json-ld"]
    (data,) = [block for block in found if block["@type"] == "Event"]
    return data


def meeting(**fields):
    return EventFactory(publish_at=LONG_AGO, start=local(2026, 5, 14, 19),
                        end=local(2026, 5, 14, 21), **fields)  # fmt: skip


def errors_of(response):
    return {
        name: list(messages) for name, messages in response.context["adminform"].form.errors.items()
    }


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        ({"admission": "paid", "price": ""}, "price",
         "A paid event needs its price: enter the price of a ticket."),
        ({"admission": "paid", "price": "0"}, "price",
         "A paid event costs more than 0: choose “Free” if entry is free."),
        ({"admission": "free", "price": "3"}, "price",
         "A free event has no price: clear the price, or choose “Paid”."),
        ({"admission": "", "price": "3"}, "admission",
         "Say whether entry is free, paid or pay what you can, or clear the price."),
        ({"admission": "paid", "price": "-5"}, "price",
         "A price cannot be negative: enter 0 or more, or choose “Free”."),
        ({"admission": "pay-what-you-can", "price": "-1"}, "price",
         "A price cannot be negative: enter 0 or more, or choose “Free”."),
        ({"admission": "paid", "price": "5", "price_currency": "EURO"}, "price_currency",
         "Ensure this value has at most 3 characters (it has 4)."),
        ({"admission": "paid", "price": "5", "price_currency": "E1R"}, "price_currency",
         "Enter a currency as three capital letters, such as EUR, GBP or USD."),
        ({"admission": "paid", "price": "five"}, "price", "Enter a number."),
    ],
)  # fmt: skip
def test_entry_and_price_must_agree_or_nothing_is_stored(admin_client, typed, field, message):
    response = admin_client.post(ADD_URL, form_data(**typed))
    assert response.status_code == 200
    assert errors_of(response)[field] == [message]
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ({"admission": "paid", "price": "5", "price_currency": "gbp"},
         ("paid", decimal.Decimal("5.00"), "GBP")),
        ({"admission": "free", "price": ""}, ("free", None, "EUR")),
        ({"admission": "pay-what-you-can", "price": "", "price_currency": ""},
         ("pay-what-you-can", None, "EUR")),
        ({}, ("", None, "EUR")),
    ],
)  # fmt: skip
def test_admission_is_stored_with_the_site_currency_by_default(admin_client, typed, stored):
    response = admin_client.post(ADD_URL, form_data(**typed))
    assert response.status_code == 302, errors_of(response)
    event = Event.objects.get()
    assert (event.admission, event.price, event.price_currency) == stored


def test_the_default_currency_comes_from_the_setting(settings):
    settings.PLACARD_CURRENCY = "CHF"
    event = meeting(admission="paid", price=decimal.Decimal("20"))
    assert event.price_currency == "CHF"
    assert Event(price_currency="").price_currency == ""
    event.price_currency = ""
    event.save()
    assert event.price_currency == "CHF"


def test_a_wrong_currency_setting_refuses_to_start():
    env = {
        **os.environ,
        "PLACARD_CURRENCY": "EURO",
        "DJANGO_SETTINGS_MODULE": "site_config.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env, capture_output=True, text=True, cwd=django_settings.BASE_DIR, timeout=60,
    )  # fmt: skip
    assert result.returncode != 0
    assert "PLACARD_CURRENCY must be a three-letter ISO 4217 code" in result.stderr


def test_the_admin_folds_admission_and_tickets_into_one_group(admin_client):
    page = admin_client.get(ADD_URL).content.decode()
    group = page[page.index("Admission and tickets") :]
    group = group[: group.index("</fieldset>")]
    for name in ("admission", "price", "price_currency", "registration_url"):
        assert f'name="{name}"' in group
    assert 'value="EUR"' in group  # the site's currency, ready
    assert "Tickets or registration link" in group


@pytest.mark.parametrize(
    ("price", "currency", "text"),
    [
        ("5", "EUR", "€5.00"),
        ("12.5", "GBP", "£12.50"),
        ("20", "CHF", "CHF 20.00"),
        ("500", "JPY", "¥500"),
        ("1500", "USD", "$1\u202f500.00"),
        ("0.005", "EUR", "€0.01"),
    ],
)
def test_prices_read_as_their_currency_writes_them(price, currency, text):
    assert format_price(decimal.Decimal(price), currency) == text


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("fields", "entry", "link"),
    [
        ({"admission": "free"}, "Entry Free", "Register"),
        ({"admission": "paid", "price": decimal.Decimal("5")}, "Entry €5.00", "Tickets"),
        ({"admission": "paid", "price": decimal.Decimal("12.50"), "price_currency": "GBP"},
         "Entry £12.50", "Tickets"),
        ({"admission": "pay-what-you-can"}, "Entry Pay what you can", "Register"),
        ({"admission": "pay-what-you-can", "price": decimal.Decimal("3")},
         "Entry Pay what you can (suggested €3.00)", "Register"),
    ],
)  # fmt: skip
def test_the_event_page_says_what_entry_costs_and_links_to_tickets(client, fields, entry, link):
    event = meeting(registration_url="https://tickets.example/meeting", **fields)
    page = client.get(event.get_absolute_url()).content.decode()
    assert entry in visible_text(page)
    assert f'href="https://tickets.example/meeting">{link}</a>' in page


@time_machine.travel(NOW, tick=False)
def test_an_event_that_does_not_say_shows_no_entry_and_no_offer(client):
    event = meeting()
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Entry" not in visible_text(page)
    assert "offers" not in event_block(page)


@time_machine.travel(NOW, tick=False)
def test_a_paid_event_offers_tickets_to_search_engines(client):
    event = meeting(admission="paid", price=decimal.Decimal("5"),
                    registration_url="https://tickets.example/meeting")  # fmt: skip
    data = event_block(client.get(event.get_absolute_url()).content.decode())
    assert data["offers"] == {
        "@type": "Offer",
        "price": "5.00",
        "priceCurrency": "EUR",
        "url": "https://tickets.example/meeting",
        "availability": "https://schema.org/InStock",
        "validFrom": "2025-01-01T00:00:00+00:00",
    }


@time_machine.travel(NOW, tick=False)
def test_free_and_pay_what_you_can_are_offers_at_no_price(client):
    free = meeting(admission="free")
    data = event_block(client.get(free.get_absolute_url()).content.decode())
    assert data["offers"]["price"] == "0.00" and data["offers"]["priceCurrency"] == "EUR"
    assert "url" not in data["offers"]
    donation = meeting(admission="pay-what-you-can", price=decimal.Decimal("3"),
                       price_currency="GBP")  # fmt: skip
    offer = event_block(client.get(donation.get_absolute_url()).content.decode())["offers"]
    assert offer["price"] == "0.00" and offer["description"] == "Pay what you can"
    assert offer["priceSpecification"] == {
        "@type": "PriceSpecification", "minPrice": "0", "price": "3.00", "priceCurrency": "GBP",
    }  # fmt: skip


@time_machine.travel(NOW, tick=False)
def test_an_event_over_or_cancelled_claims_no_tickets_in_stock(client):
    over = EventFactory(publish_at=LONG_AGO, start=local(2026, 4, 1, 19),
                        end=local(2026, 4, 1, 21), admission="paid",
                        price=decimal.Decimal("5"))  # fmt: skip
    cancelled = meeting(admission="free", event_status=Event.EventStatus.CANCELLED)
    for event in (over, cancelled):
        offer = event_block(client.get(event.get_absolute_url()).content.decode())["offers"]
        assert "availability" not in offer


@time_machine.travel(NOW, tick=False)
def test_a_cancelled_event_shows_no_tickets_link(client):
    event = meeting(admission="paid", price=decimal.Decimal("5"),
                    registration_url="https://tickets.example/meeting",
                    event_status=Event.EventStatus.CANCELLED)  # fmt: skip
    page = client.get(event.get_absolute_url()).content.decode()
    assert ">Tickets</a>" not in page
    # Nothing to pay for: the banner says why.
    assert "Entry" not in visible_text(page)
