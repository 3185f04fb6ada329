"""Checking, cleaning and resizing uploaded images.

An upload is judged by its bytes, never its name: only JPEG, PNG, WebP and GIF decode,
within a size and a pixel limit (counted over all the frames of an animation, whose
frames are limited in number too), and every frame must decode completely. The stored
original is re-encoded upright (EXIF orientation applied) with no metadata at all, so no
GPS position survives; renditions in several widths, plus WebP, are made from it, of the
whole picture and cut to the aspect ratios pages show it in (around its focal point).
"""

import hashlib
import io
import logging
import secrets
import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
# Phone cameras often write MPO: a JPEG with extra frames (depth map, second lens). Pillow
# reports it as "MPO"; it is stored as a plain JPEG of its first frame.
STORED_AS = {"MPO": "JPEG"}
# Only these decoders ever see uploaded bytes: Pillow's other plugins (TIFF, PSD, EPS...)
# are never tried on untrusted data. (Pillow's JPEG decoder is the one that opens MPO.)
DECODERS = tuple(ACCEPTED_FORMATS)
# Not metadata but part of the picture: which palette entry or colour is see-through.
KEPT_INFO = ("transparency",)
RENDITIONS_FOLDER = "renditions"
DECODE_ERRORS = (
    UnidentifiedImageError,
    PILImage.DecompressionBombError,
    PILImage.DecompressionBombWarning,
    OSError,
    ValueError,
    SyntaxError,
    EOFError,
)
try:  # What object storage raises when it fails (django-storages' S3 backend, on boto3).
    from botocore.exceptions import BotoCoreError, ClientError
except ImportError:  # pragma: no cover - boto3 comes with django-storages[s3]
    STORAGE_ERRORS = (OSError,)
else:
    STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)


@dataclass
class PreparedImage:
    file: ContentFile
    width: int
    height: int
    format: str


def _check_size(size):
    max_bytes = settings.PLACARD_IMAGE_MAX_BYTES
    if size > max_bytes:
        raise ValidationError(
            _("This file is %(size)s; the largest image accepted is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )


def _read(upload):
    size = getattr(upload, "size", None)
    if size is not None:
        _check_size(size)  # Before reading an oversize upload into memory.
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _check_frames(frames):
    max_frames = settings.PLACARD_IMAGE_MAX_FRAMES
    if frames > max_frames:
        raise ValidationError(
            _("This animation has %(frames)s frames; the limit is %(limit)s.")
            % {"frames": frames, "limit": max_frames},
            code="too_many_frames",
        )


def _check_total_pixels(frames, total_pixels, max_pixels):
    """Every frame decodes to a whole picture, so 40 frames of 3000 × 3000 cost as much as
    one picture of 360 megapixels (20 s), although each frame is within the limit."""
    if frames > 1 and total_pixels > max_pixels:
        raise ValidationError(
            _(
                "This animation has %(frames)s frames, %(megapixels)s megapixels in all; the "
                "limit is %(limit)s megapixels over all frames. Please upload a smaller or "
                "shorter animation."
            )
            % {
                "frames": frames,
                "megapixels": -(-total_pixels // 10**6),
                "limit": max_pixels // 10**6,
            },
            code="too_many_pixels",
        )


def _open_checked(data):
    """Decode `data` fully; return the Pillow image or raise a ValidationError."""
    _check_size(len(data))
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    max_pixels = settings.PLACARD_IMAGE_MAX_PIXELS
    with warnings.catch_warnings():
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        try:
            image = PILImage.open(io.BytesIO(data), formats=DECODERS)
            if image.format not in ACCEPTED_FORMATS and image.format not in STORED_AS:
                raise ValidationError(
                    _("%(format)s images are not accepted: upload a JPEG, PNG, WebP or GIF.")
                    % {"format": image.format},
                    code="format",
                )
            frames = getattr(image, "n_frames", 1)  # read from frame headers, not decoded
            _check_frames(frames)
            _check_total_pixels(frames, frames * image.width * image.height, max_pixels)
            total_pixels = 0
            for frame in range(frames):
                image.seek(frame)
                width, height = image.size
                if width * height > max_pixels:
                    raise ValidationError(
                        _(
                            "This image is %(width)s × %(height)s pixels; the limit is "
                            "%(megapixels)s megapixels. Please upload a smaller version."
                        )
                        % {"width": width, "height": height, "megapixels": max_pixels // 10**6},
                        code="too_many_pixels",
                    )
                total_pixels += width * height  # a later frame may be larger than the first
                _check_total_pixels(frames, total_pixels, max_pixels)
                image.load()
            image.seek(0)
        except ValidationError:
            raise
        except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as exc:
            raise ValidationError(
                _("This image would take too much memory to open. Please upload a smaller one."),
                code="bomb",
            ) from exc
        except UnidentifiedImageError as exc:
            raise ValidationError(
                _("This file is not an image we accept: upload a JPEG, PNG, WebP or GIF."),
                code="not_image",
            ) from exc
        except DECODE_ERRORS as exc:
            raise ValidationError(
                _("This image is damaged or incomplete and cannot be opened."),
                code="broken",
            ) from exc
    return image


def validate_upload(upload):
    """Model-field validator: raise a ValidationError for anything but a sound image."""
    if upload is None or getattr(upload, "_committed", False):
        return  # A file already in storage was checked when it was uploaded.
    _open_checked(_read(upload))


def _encode(image, fmt, **options):
    buffer = io.BytesIO()
    # No `exif=` (and no icc/xmp info) is passed, so no metadata is written.
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def _flatten(image, fmt):
    if image.mode.startswith("I;16"):
        # 16-bit greyscale: a plain conversion clips every value above 255 to white.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        return image.convert("RGB")
    if fmt in ("PNG", "WEBP") and image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        return image.convert("RGBA")
    return image


def neutral_name():
    """A random file name stem that says nothing about the picture or its upload."""
    return secrets.token_hex(10)


def original_name(upload):
    """The name the file had on the uploader's computer, for editors only."""
    return PurePosixPath(getattr(upload, "name", "") or "").name[:255]


def rendition_stem(file_name):
    """The stem of a stored image's renditions: derived from its stored name, so that a
    file stored before names were neutral gets neutral renditions as well."""
    return hashlib.sha256(file_name.encode()).hexdigest()[:20]


def prepare_upload(upload):
    """Validate `upload` and return it re-encoded upright and without metadata."""
    image = _open_checked(_read(upload))
    fmt = STORED_AS.get(image.format, image.format)
    # A neutral name: the camera's (`IMG_20241019_183012.jpg`) would tell every reader
    # when the photo was taken. Editors see the original name on the image's page.
    name = f"{neutral_name()}.{ACCEPTED_FORMATS[fmt]}"
    if fmt == "GIF":
        frames = getattr(image, "n_frames", 1)
        image.info.pop("comment", None)
        data = _encode(image, "GIF", save_all=frames > 1)
        width, height = image.size
    else:
        upright = ImageOps.exif_transpose(image)
        upright.info = {key: upright.info[key] for key in KEPT_INFO if key in upright.info}
        upright = _flatten(upright, fmt)
        options = {"quality": 88, "optimize": True} if fmt in ("JPEG", "WEBP") else {}
        if fmt == "PNG":
            options = {"optimize": True}
        data = _encode(upright, fmt, **options)
        width, height = upright.size
    return PreparedImage(ContentFile(data, name=name), width, height, fmt)


def rendition_widths(width):
    """The rendition widths worth making for an image `width` pixels wide."""
    return [w for w in settings.PLACARD_RENDITION_WIDTHS if w < width]


def parse_ratio(ratio):
    """ "3:2" → (3, 2); a ValueError for anything but two positive whole numbers."""
    across, _colon, down = ratio.partition(":")
    across, down = int(across), int(down)
    if across <= 0 or down <= 0:
        raise ValueError(f"not an aspect ratio: {ratio!r}")
    return across, down


def crop_box(width, height, ratio, focal_x=50, focal_y=50):
    """The largest `ratio` ("3:2") box inside a `width` × `height` picture, placed so that
    the focal point (in percent) is as near its middle as the picture's edges allow.

    Returns (left, top, right, bottom) in pixels, as Pillow's `crop()` takes it.
    """
    across, down = parse_ratio(ratio)
    if width * down > height * across:  # wider than the ratio: cut from the sides
        box_width, box_height = max(1, min(width, round(height * across / down))), height
    else:  # taller: cut from the top and bottom
        box_width, box_height = width, max(1, min(height, round(width * down / across)))

    def start(length, box_length, percent):
        wanted = round(length * percent / 100 - box_length / 2)
        return min(max(wanted, 0), length - box_length)

    left = start(width, box_width, focal_x)
    top = start(height, box_height, focal_y)
    return left, top, left + box_width, top + box_height


def _write_widths(source, fmt, storage, name, widths, written, original=None):
    """Resize `source` to each width; write it in its own format and as WebP.

    `name(width, extension)` names the files; each stored name is added to `written`. The
    full width reuses `original` (the stored upload's name) when given, instead of encoding
    the same picture again.
    """
    result = {}
    options = {"quality": 82, "optimize": True} if fmt in ("JPEG", "WEBP") else {}
    for width in widths:
        if width == source.width:
            resized = source
        else:
            height = max(1, round(source.height * width / source.width))
            # reducing_gap: a cheap box reduction first, then Lanczos over the last factor
            # of three (Pillow: indistinguishable from plain Lanczos in most cases).
            resized = source.resize((width, height), PILImage.Resampling.LANCZOS, reducing_gap=3.0)
        if width == source.width and original:
            src = original
        else:
            content = ContentFile(_encode(_flatten(resized, fmt), fmt, **options))
            src = storage.save(name(width, ACCEPTED_FORMATS[fmt]), content)
            written.append(src)
        webp = ContentFile(_encode(resized, "WEBP", quality=80, method=4))
        written.append(storage.save(name(width, "webp"), webp))
        result[str(width)] = {"src": src, "webp": written[-1]}
    return result


def generate_renditions(image):
    """Write the renditions of a library image and record their names on it.

    `image.renditions` maps widths to files of the whole picture: ``{"800": {"src": name,
    "webp": name}, ...}`` including one entry for the full width (original plus WebP).
    `image.crops` holds, for each aspect ratio in PLACARD_RENDITION_CROPS, the picture cut
    to that ratio around the focal point: ``{"3:2": {"width": ..., "height": ..., "focal":
    [x, y], "renditions": {...}}}``. The focal point is part of the crops' file names, so
    moving it gives them new addresses.

    The names are recorded only if the image still has the same file and focal point when
    they are written (a background task may run after an editor changed them); otherwise,
    and when storing fails, the files written here are deleted again. Returns the
    renditions, or None when they were not recorded.
    """
    storage = image.file.storage
    written = []
    try:
        return _generate(image, storage, written)
    except BaseException:
        discard_files(storage, written)  # no file stays that no image row names
        raise


def _generate(image, storage, written):
    with image.file.open("rb") as handle:
        source = PILImage.open(io.BytesIO(handle.read()))
        source.load()
    fmt = source.format
    if fmt == "GIF":
        # Resizing would drop the animation; GIFs are served as uploaded.
        image.renditions, image.crops = {}, {}
        type(image).objects.filter(pk=image.pk).update(renditions={}, crops={})
        return image.renditions
    stem = rendition_stem(image.file.name)
    folder = f"{RENDITIONS_FOLDER}/{image.pk}"
    if not image.renditions:
        widths = [*rendition_widths(image.width), image.width]
        image.renditions = _write_widths(
            source,
            fmt,
            storage,
            lambda width, extension: f"{folder}/{stem}-{width}.{extension}",
            widths,
            written,
            original=image.file.name,
        )
    crops = {}
    focal_x, focal_y = image.focal_x, image.focal_y
    for ratio in settings.PLACARD_RENDITION_CROPS:
        box = crop_box(image.width, image.height, ratio, focal_x, focal_y)
        box_width, box_height = box[2] - box[0], box[3] - box[1]
        entry = {"width": box_width, "height": box_height, "focal": [focal_x, focal_y]}
        if (box_width, box_height) == (image.width, image.height):
            # The picture already has this shape: its renditions serve as they are.
            crops[ratio] = {**entry, "renditions": image.renditions}
            continue
        shape = ratio.replace(":", "x")
        crops[ratio] = {
            **entry,
            "renditions": _write_widths(
                source.crop(box),
                fmt,
                storage,
                lambda width, extension, shape=shape: (
                    f"{folder}/{stem}-{shape}-{focal_x}-{focal_y}-{width}.{extension}"
                ),
                [*rendition_widths(box_width), box_width],
                written,
            ),
        }
    image.crops = crops
    unchanged = type(image).objects.filter(
        pk=image.pk, file=image.file.name, focal_x=focal_x, focal_y=focal_y
    )
    if not unchanged.update(renditions=image.renditions, crops=crops):
        delete_files(storage, written)
        return None
    return image.renditions


def rendition_files(renditions, crops):
    """The files written for `renditions` and `crops` (not the upload they reuse)."""
    entries = list((renditions or {}).values())
    for crop in (crops or {}).values():
        entries += crop.get("renditions", {}).values()
    names = {entry.get(key) or "" for entry in entries for key in ("src", "webp")}
    return sorted(name for name in names if name.startswith(f"{RENDITIONS_FOLDER}/"))


def delete_files(storage, names):
    for name in names:
        storage.delete(name)


def discard_files(storage, names):
    """Delete `names` as far as the storage lets us, after a failure: a storage that has
    just failed may fail again, and that must not hide the first error. What stays is
    found by `manage.py remove_orphan_renditions`."""
    for name in names:
        try:
            storage.delete(name)
        except STORAGE_ERRORS:
            logger.warning("Could not delete %s after a failed upload", name, exc_info=True)


def delete_renditions(image):
    names = rendition_files(image.renditions, image.crops)
    delete_files(image.file.storage, names)
