"""Lists and the calendar read their dates as plain rows (`events.cards`): a card made
from a row reads exactly as one made from the model instances it stands for."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import translation

from events.cards import CARD_COLUMNS, card_dates
from events.models import Event, EventException, Occurrence
from events.templatetags.event_tags import (
    _calendar_entry,
    event_card,
    event_cards,
    event_when,
    month_cards,
)
from events.views import SeriesDates
from tests.events.factories import EventExceptionFactory, EventFactory, local

pytestmark = pytest.mark.django_db


def varied_events():
    EventFactory(title="Harbour <rally> & march", start=local(2026, 12, 5, 14),
                 end=local(2026, 12, 5, 16), summary="Bring “flags” & friends")  # fmt: skip
    EventFactory(title="Congress", start=local(2026, 12, 7, 9), end=local(2026, 12, 11, 17),
                 time_zone="America/New_York", event_status="postponed",
                 status_note="Rail strike")  # fmt: skip
    EventFactory(title="Fair", all_day=True, start=local(2026, 12, 8), end=local(2026, 12, 9),
                 online=True, language="pl")  # fmt: skip
    vigil = EventFactory(title="Vigil", start=local(2026, 12, 1, 18), end=local(2026, 12, 1, 19),
                         repeat=Event.Repeat.WEEKLY, repeat_count=4,
                         time_zone="Asia/Kolkata")  # fmt: skip
    EventExceptionFactory(event=vigil, date=datetime.date(2026, 12, 8),
                          kind=EventException.Kind.CANCELLED, note="Too <cold>")  # fmt: skip


def both_ways():
    """The stored dates as model instances and as rows, in the same order."""
    dates = Occurrence.objects.order_by("start", "event_id")
    return list(dates.for_cards()), card_dates(dates.values_list(*CARD_COLUMNS))


@pytest.mark.parametrize("language", ["en", "pl"])
def test_a_card_from_a_row_reads_as_one_from_the_models(language):
    varied_events()
    instances, rows = both_ways()
    assert len(rows) == len(instances) == 7
    with translation.override(language):
        for instance, row in zip(instances, rows, strict=True):
            assert (row.status, str(row.status_label), row.local_start) == (
                instance.status, str(instance.status_label), instance.local_start
            )  # fmt: skip
            assert event_card(row) == event_card(instance)
            assert event_card(row, 3, compact=True) == event_card(instance, 3, compact=True)
            assert event_when(row) == event_when(instance)
            assert _calendar_entry(row) == _calendar_entry(instance)
            assert list(row.days()) == list(instance.days())


def test_a_series_card_from_rows_reads_as_one_from_the_models():
    varied_events()
    instances, rows = both_ways()

    def card(dates):
        series = [date for date in dates if date.event.repeat]
        return event_card(series[0], 3, series=SeriesDates(series, label="next"))

    assert card(rows) == card(instances)
    assert "Too &lt;cold&gt;" in card(rows)


@pytest.mark.parametrize("language", ["en", "pl"])
def test_a_list_of_cards_reads_as_its_cards_one_by_one(language):
    """A list reads its language, words and address pattern once for all its cards: each
    card still reads as it does alone, in the language active, with its own address."""
    varied_events()
    _instances, rows = both_ways()
    with translation.override(language):
        assert event_cards(rows) == "".join(f"{event_card(row)}\n" for row in rows)
        assert event_cards(rows, 3, True) == "".join(
            f"{event_card(row, 3, compact=True)}\n" for row in rows
        )
        listed = event_cards(rows)
    for row in rows:
        assert f'href="/events/{row.event.slug}/"' in listed
    # Each card marks a language other than the page's: the Polish fair on an English
    # list, the English events on a Polish one.
    assert ('lang="pl"' in listed) == (language == "en")
    assert ('lang="en' in listed) == (language == "pl")


def test_a_month_of_a_list_reads_as_its_cards_one_by_one():
    varied_events()
    _instances, rows = both_ways()
    series = SeriesDates([row for row in rows if row.event.repeat], label="next")
    month = [
        SimpleNamespace(occurrence=rows[0], series=None),
        SimpleNamespace(occurrence=series.dates[0], series=series),
    ]
    expected = f"{event_card(rows[0], 3)}\n{event_card(series.dates[0], 3, series=series)}\n"
    assert month_cards(month) == expected
    assert "event-card--series" in month_cards(month)
