"""A changed exception changes the calendar: subscribed calendars must see a new SEQUENCE."""

from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from .models import Event, EventException


@receiver([post_save, post_delete], sender=EventException)
def bump_sequence(sender, instance, raw=False, **kwargs):
    if raw:
        return
    Event.objects.filter(pk=instance.event_id).update(
        sequence=F("sequence") + 1, updated_at=timezone.now()
    )
