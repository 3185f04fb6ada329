"""Renditions are made when an image is stored, and deleted with it."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import processing
from .models import Image


@receiver(post_save, sender=Image)
def make_renditions(sender, instance, raw=False, **kwargs):
    if not raw and instance.file and not instance.renditions:
        processing.generate_renditions(instance)


@receiver(post_delete, sender=Image)
def delete_image_files(sender, instance, **kwargs):
    processing.delete_renditions(instance)
    if instance.file:
        instance.file.delete(save=False)
