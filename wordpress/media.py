"""Attachments into the image library: the part of the import (`importer.Importer`)
that finds each attachment's file under the media folder and stores it as an upload is
stored (checked by its bytes, re-encoded upright without metadata, renditions made or
queued), and that answers `content.convert`'s questions about images."""

from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction

from images import processing
from images.models import Image

from . import content
from .addresses import original_upload_key, path_key
from .survey import plain_text, shorten

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".jpe", ".png", ".gif", ".webp"}
UPLOADS = "/wp-content/uploads/"


class ImageImport:
    """Mixed into `Importer`: reads its media folder, survey, report and address book."""

    def upload_path(self, url):
        """The file of an attachment under the media folder: the URL's path after
        /wp-content/uploads/, else its whole path."""
        path = unquote(urlsplit(url or "").path)
        relative = path.split(UPLOADS, 1)[1] if UPLOADS in path else path.lstrip("/")
        parts = PurePosixPath(relative).parts
        if not parts or any(part in ("..", ".") for part in parts):
            return None
        return self.media_dir.joinpath(*parts) if self.media_dir else None

    def write_images(self):
        """Every attachment that is an image becomes an image in the library."""
        self.images = {}  # attachment post id -> (Image, alt)
        self.images_by_url = {}  # upload key -> attachment post id
        self.records = []
        if self.survey.attachments and self.media_dir is None:
            self.report.problem(
                None, "no --media-dir given: images were not imported (nothing to read them from)"
            )
        for post_id, item in self.survey.attachments.items():
            alt = shorten(plain_text(item.meta.get("_wp_attachment_image_alt", "")), 300)
            url_path = urlsplit(item.attachment_url or "").path
            suffix = PurePosixPath(url_path).suffix.lower()
            if item.status in ("trash", "auto-draft"):
                self.report.count("image", "skipped")
                continue
            if suffix not in IMAGE_SUFFIXES:
                # No file library here: one line of the summary lists them all, apart
                # from the images (`Report.document`).
                self.report.document(post_id)
                continue
            pk = self.existing_pk(item)
            if pk is not None:
                image = Image.objects.get(pk=pk)
                self.report.count("image", "updated")
            else:
                image = self.store_image(item)
                if image is None:
                    continue
            entry = self.survey.entries[post_id]
            if image.pk is None:  # a dry run stores no image, but counts its addresses
                for key in (*self.old_keys(entry), path_key(url_path)):
                    self.legacy[key] = (self.types[Image], 0)  # rolled back with the rest
                continue
            self.images[post_id] = (image, alt)
            self.images_by_url[original_upload_key(url_path)] = post_id
            self.remember(entry, Image, image.pk)
            keys = [*self.old_keys(entry), path_key(url_path)]
            self.address_book.add(keys, image.file.url)
            self.legacy[path_key(url_path)] = (self.types[Image], image.pk)
        self.flush_records()

    def store_image(self, item):
        """A new library image from the attachment's file, or None (with a problem)."""
        if self.media_dir is None:
            self.report.count("image", "skipped")
            return None
        path = self.upload_path(item.attachment_url)
        if path is None or not path.is_file():
            self.report.count("image", "skipped")
            shown = path.relative_to(self.media_dir) if path else item.attachment_url
            self.report.problem(
                item.post_id, f"image file not found: {shown} (looked in {self.media_dir})"
            )
            return None
        title = shorten(plain_text(item.title) or path.name, 200)
        try:
            with path.open("rb") as handle:
                upload = File(handle, name=path.name)
                if self.dry_run:
                    processing.validate_upload(upload)
                    self.report.count("image", "created")
                    return Image(title=title)  # not stored
                image = Image(title=title, file=upload)
                with transaction.atomic():
                    image.save()
        except ValidationError as error:
            self.report.count("image", "skipped")
            self.report.problem(item.post_id, f"{path.name}: {' '.join(error.messages)}")
            return None
        except OSError as error:
            self.report.count("image", "skipped")
            self.report.problem(item.post_id, f"{path.name} could not be read: {error.strerror}")
            return None
        self.stored_files.append(image.file.name)
        self.stored_files.extend(processing.rendition_files(image.renditions, image.crops))
        self.report.count("image", "created")
        return image

    def image_for(self, key):
        """`content.convert`'s image lookup: an attachment id or an old file URL."""
        if isinstance(key, str):
            if not self.address_book.is_local(key):
                return None
            key = self.images_by_url.get(original_upload_key(urlsplit(key).path))
        found = self.images.get(key)
        if found is None:
            return None
        image, alt = found
        return content.ImageRef(image.file.url, alt, image.width, image.height)
