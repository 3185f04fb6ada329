"""Uploads fail cleanly: when storage fails (a full disk), the editor sees why on the form,
and neither a file nor a row is left behind. Files left by other failures are found and
removed by `manage.py remove_orphan_renditions`."""

import errno
import os
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from images.models import Image
from images.processing import rendition_files
from images.storage import LocalMediaStorage
from tests.factories import jpeg_bytes
from tests.images.test_processing import upload


class DiskFillsUp:
    """An upload's content on a disk that fills up after its first kilobyte."""

    def __init__(self, content):
        self.content = content

    def chunks(self):
        for chunk in self.content.chunks(chunk_size=1024):
            yield chunk
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class FullDiskStorage(LocalMediaStorage):
    """The site's local storage on a disk that fills up after `saves_left` more files:
    the next file is created, partly written, then writing fails."""

    saves_left = 0

    def _save(self, name, content):
        if FullDiskStorage.saves_left <= 0:
            return super()._save(name, DiskFillsUp(content))
        FullDiskStorage.saves_left -= 1
        return super()._save(name, content)


@pytest.fixture
def media_root(settings, tmp_path):
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def full_disk(settings, media_root):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": f"{__name__}.FullDiskStorage",
            "OPTIONS": {"location": str(media_root)},
        },
    }
    return FullDiskStorage


def stored_files(root):
    return sorted(
        str(Path(folder, name).relative_to(root))
        for folder, _dirs, names in os.walk(root)
        for name in names
    )


@pytest.mark.parametrize(
    "saves_left",
    [
        0,  # the original itself cannot be written
        3,  # the original and two renditions are written, then the disk is full
    ],
)
def test_full_disk_gives_a_form_error_and_leaves_nothing(
    admin_client, full_disk, media_root, saves_left
):
    full_disk.saves_left = saves_left

    response = upload(admin_client, jpeg_bytes(1000, 750), "march.jpg", title="March")

    assert response.status_code == 200  # the form again, not a server error
    errors = response.context["adminform"].form.errors
    assert "file storage is full or not answering" in errors["file"][0]
    assert "Nothing was saved" in response.text
    assert 'value="March"' in response.text  # what the editor typed is kept
    assert not Image.objects.exists()
    assert stored_files(media_root) == []


def test_full_disk_while_renditions_are_queued_leaves_nothing(
    admin_client, full_disk, media_root, settings
):
    settings.PLACARD_RENDITIONS = "background"
    full_disk.saves_left = 0

    response = upload(admin_client, jpeg_bytes(1000, 750), "march.jpg")

    assert response.status_code == 200
    assert "file storage is full" in response.text
    assert not Image.objects.exists()
    assert stored_files(media_root) == []
    from django_tasks_db.models import DBTaskResult

    assert not DBTaskResult.objects.exists()  # the queued task went with the rollback


def test_upload_after_the_disk_has_room_again_works(admin_client, full_disk, media_root):
    full_disk.saves_left = 0
    upload(admin_client, jpeg_bytes(1000, 750), "march.jpg")
    full_disk.saves_left = 100

    response = upload(admin_client, jpeg_bytes(1000, 750), "march.jpg")

    assert response.status_code == 302
    image = Image.objects.get()
    assert (media_root / image.file.name).is_file()
    assert sorted(image.renditions, key=int) == ["400", "800", "1000"]


def test_local_storage_removes_a_file_it_could_not_finish(settings, media_root):
    storage = LocalMediaStorage(location=media_root)
    storage.save("images/kept.jpg", ContentFile(b"a whole file"))
    content = ContentFile(jpeg_bytes(600, 400), name="march.jpg")
    assert content.size > 1024

    with pytest.raises(OSError, match="No space left"):
        storage.save("images/march.jpg", DiskFillsUp(content))

    assert stored_files(media_root) == ["images/kept.jpg"]


# Orphans ----------------------------------------------------------------------------------


def library_image(title="Quay", width=900):
    image = Image(title=title)
    image.file = ContentFile(jpeg_bytes(width, 600), name="quay.jpg")
    image.save()
    return image


def age(root, name, hours):
    path = root / name
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def remove_orphans(*args):
    out = StringIO()
    call_command("remove_orphan_renditions", *args, stdout=out)
    return out.getvalue()


def test_remove_orphan_renditions_deletes_files_no_image_names(db, media_root):
    kept = library_image("Kept")
    gone = library_image("Gone", width=1000)
    # A row removed without its files (by hand in SQL, or a server stopped half-way).
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Image._meta.db_table} WHERE id = %s", [gone.pk])
    stray = f"renditions/{kept.pk}/quay-old-400.webp"  # an older rendition of a kept image
    (media_root / stray).write_bytes(b"left behind")
    for name in stored_files(media_root):
        age(media_root, name, 48)
    kept_files = {kept.file.name, *rendition_files(kept.renditions, kept.crops)}
    orphans = sorted(set(stored_files(media_root)) - kept_files)
    assert gone.file.name in orphans and stray in orphans
    assert len(orphans) > 10  # the gone image's renditions and crops

    dry = remove_orphans("--dry-run")

    assert f"{len(orphans)} files named by no image would be deleted" in dry
    for name in orphans:
        assert f"Would delete {name}" in dry
    assert set(orphans) <= set(stored_files(media_root))

    report = remove_orphans()

    assert f"{len(orphans)} files named by no image deleted" in report
    assert set(stored_files(media_root)) == kept_files


def test_remove_orphan_renditions_spares_young_files(db, media_root):
    (media_root / "images" / "2026" / "11").mkdir(parents=True)
    (media_root / "images" / "2026" / "11" / "upload-in-progress.jpg").write_bytes(b"x")

    assert "0 files" in remove_orphans()
    assert "1 files" in remove_orphans("--min-age", "0", "--dry-run")
    assert stored_files(media_root) == ["images/2026/11/upload-in-progress.jpg"]


# Renditions in the background -------------------------------------------------------------


def test_rendition_task_tries_again_when_storage_fails(db, full_disk, media_root, settings):
    from django_tasks_db.models import DBTaskResult

    from tests.support.tasks import queued, run_queued_tasks

    settings.PLACARD_RENDITIONS = "background"
    full_disk.saves_left = 1  # the original only
    image = library_image()

    assert run_queued_tasks() == ["retrying"]

    assert stored_files(media_root) == [image.file.name]  # no partial renditions
    (retry,) = queued("images.tasks.make_renditions")
    assert retry.args_kwargs["args"][-1] == 2  # the second attempt
    assert retry.run_after > timezone.now()  # later, not at once
    full_disk.saves_left = 100
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())

    assert run_queued_tasks() == ["made"]
    image.refresh_from_db()
    assert sorted(image.renditions, key=int) == ["400", "800", "900"]
