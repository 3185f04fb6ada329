"""Renditions are made when an image is stored (in a background task, or at once where
PLACARD_RENDITIONS is "inline"), and deleted with it."""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import processing, tasks
from .models import Image


@receiver(post_save, sender=Image)
def make_renditions(sender, instance, raw=False, **kwargs):
    if raw or not instance.file:
        return
    if getattr(instance, "renditions_made", False):
        instance.renditions_made = False  # the task's own save, with what it made
    elif not instance.renditions or not instance.crops:
        if settings.PLACARD_RENDITIONS == "inline":
            processing.generate_renditions(instance)
        else:
            # In this transaction: the worker sees the task once the image is committed.
            tasks.make_renditions.enqueue(
                instance.pk, instance.file.name, list(instance.focal_point)
            )
    replaced = getattr(instance, "replaced_files", None)
    if replaced:
        # Pages rendered before the change commits still name the old files.
        storage = instance.file.storage
        transaction.on_commit(lambda: processing.delete_files(storage, replaced))
        instance.replaced_files = []


@receiver(post_delete, sender=Image)
def delete_image_files(sender, instance, **kwargs):
    processing.delete_renditions(instance)
    if instance.file:
        instance.file.delete(save=False)
