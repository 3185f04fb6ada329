"""Stored dates follow every save of an event and of its exceptions; a changed exception
changes the calendar: subscribed calendars must see a new SEQUENCE."""

from django.db.models import F, QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from . import occurrences
from .models import Event, EventException


@receiver(post_save, sender=Event)
def store_dates(sender, instance, raw=False, **kwargs):
    if not raw:
        occurrences.store(instance)


def deleted_with_its_event(origin):
    model = origin.model if isinstance(origin, QuerySet) else type(origin)
    return issubclass(model, Event)


@receiver([post_save, post_delete], sender=EventException)
def exception_changed(sender, instance, raw=False, origin=None, **kwargs):
    if raw or (origin is not None and deleted_with_its_event(origin)):
        return
    Event.objects.filter(pk=instance.event_id).update(
        sequence=F("sequence") + 1, updated_at=timezone.now()
    )
    occurrences.store(Event.objects.get(pk=instance.event_id))
