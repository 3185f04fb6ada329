"""factory_boy factories for events."""

import datetime
import zoneinfo
from datetime import timedelta

import factory
from django.utils import timezone

from events.models import Event, EventException, Speaker
from events.recurrence import to_utc


def local(year, month, day, hour=0, minute=0, zone="Europe/London"):
    """A wall-clock time in `zone`, as UTC, the way an editor types it."""
    naive = datetime.datetime(year, month, day, hour, minute)
    return to_utc(naive, zoneinfo.ZoneInfo(zone))


class EventFactory(factory.django.DjangoModelFactory):
    """A published in-person public meeting next week, two hours long, in London."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Public meeting number {n}")
    kind = Event.Kind.PUBLIC_MEETING
    summary = "Come and hear what happens next."
    description = "<p>All welcome.</p>"
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    end = factory.LazyAttribute(lambda event: event.start + timedelta(hours=2))
    time_zone = "Europe/London"
    attendance = Event.Attendance.IN_PERSON
    venue_name = "Dockers' Hall"
    venue_address = "12 Quay Street"
    venue_city = "London"
    venue_country = "GB"
    status = Event.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    class Params:
        draft = factory.Trait(status=Event.Status.DRAFT)
        scheduled = factory.Trait(
            publish_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
        )
        hybrid = factory.Trait(
            attendance=Event.Attendance.HYBRID, online_url="https://meet.example/room"
        )
        online = factory.Trait(
            attendance=Event.Attendance.ONLINE,
            online_url="https://meet.example/webinar",
            venue_name="",
            venue_address="",
            venue_city="",
        )

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Speaker {n}")
    role = "Branch secretary"
    order = factory.Sequence(lambda n: n)


class EventExceptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventException

    event = factory.SubFactory(EventFactory)
    kind = EventException.Kind.SKIPPED
