"""`manage.py make_renditions`: make the renditions and crops that images lack.

Images uploaded before crops existed, or before a shape was added to
PLACARD_RENDITION_CROPS, are served whole (the browser then cuts them around the middle)
until their crops are made. This makes them, and removes the crops of shapes no longer
listed.
"""

from functools import partial

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from images import processing
from images.models import Image


class Command(BaseCommand):
    help = "Make the renditions and focal-point crops that library images lack."

    def handle(self, *args, **options):
        wanted = set(settings.PLACARD_RENDITION_CROPS)
        made = 0
        for image in Image.objects.order_by("pk").iterator():
            if not image.file or image.file.name.lower().endswith(".gif"):
                continue  # GIFs are served as uploaded
            if image.renditions and set(image.crops) == wanted:
                continue
            before = processing.rendition_files(image.renditions, image.crops)
            with transaction.atomic():
                processing.generate_renditions(image)
                # Saved again so that cached pages are renewed with the new files' names.
                image.save(update_fields=["renditions", "crops"])
                after = set(processing.rendition_files(image.renditions, image.crops))
                stale = [name for name in before if name not in after]
                transaction.on_commit(partial(processing.delete_files, image.file.storage, stale))
            made += 1
        self.stdout.write(f"Renditions made for {made} images.")
