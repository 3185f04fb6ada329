"""Renditions are made when an image is stored, and deleted with it."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import processing
from .models import Image


@receiver(post_save, sender=Image)
def make_renditions(sender, instance, raw=False, **kwargs):
    if raw or not instance.file:
        return
    if not instance.renditions or not instance.crops:
        processing.generate_renditions(instance)
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
