"""Background work of the image library: the renditions of an upload.

An upload stores only its cleaned original; this task then writes the renditions and
crops, out of the editor's request. Until it has run, pages show the original (see
`{% picture %}`). It is queued in the transaction that stores the image, so a worker sees
it only once the image is committed, and never for an upload that was rolled back.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from . import processing
from .models import Image

logger = logging.getLogger(__name__)


# When storage fails, try again after these waits (seconds); then give up, and pages keep
# showing the original until `manage.py make_renditions` makes what is missing.
RETRY_DELAYS = (60, 10 * 60, 60 * 60)


@task()
def make_renditions(image_id, file_name, focal_point, attempt=1):
    """Write the renditions of image `image_id` as it was when the task was queued.

    Returns what happened ("made", "gone", "changed", "not needed", "retrying"), kept with
    the task. An image deleted or given another file or focal point since then is left
    alone: the change queued a task of its own.
    """
    try:
        return _make(image_id, file_name, focal_point)
    except processing.STORAGE_ERRORS:
        backend = make_renditions.get_backend()
        if attempt > len(RETRY_DELAYS) or not backend.supports_defer:
            raise
        delay = RETRY_DELAYS[attempt - 1]
        logger.warning(
            "Renditions of image %s not stored; trying again in %d s",
            image_id,
            delay,
            exc_info=True,
        )
        make_renditions.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(
            image_id, file_name, focal_point, attempt + 1
        )
        return "retrying"


def _make(image_id, file_name, focal_point):
    image = Image.objects.filter(pk=image_id).first()
    if image is None:
        return "gone"
    if image.file.name != file_name or list(image.focal_point) != list(focal_point):
        return "changed"
    if image.renditions and image.crops:
        return "not needed"
    if processing.generate_renditions(image) is None:
        return "changed"
    with transaction.atomic():
        # Saved again, as stored now, so that cached pages are renewed with the renditions'
        # names; unless an editor has changed the image since (their save queued a task).
        current = (
            Image.objects.select_for_update()
            .filter(pk=image.pk, file=file_name, focal_x=focal_point[0], focal_y=focal_point[1])
            .first()
        )
        if current is None:
            return "changed"
        current.renditions_made = True
        current.save(update_fields=["renditions", "crops"])
    return "made"
