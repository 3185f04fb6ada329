"""Readable ASCII slugs from titles and tag names in any script.

`anyascii` transliterates every script (Cyrillic, Polish diacritics, Greek, Arabic...) so
"Солидарность" gives "solidarnost" and "Łódź" gives "lodz" instead of an empty slug;
symbols get their names ("✊" gives "fist"); what has no name falls back to a word.
"""

from anyascii import anyascii
from django.utils.text import slugify

FALLBACK_SLUG = "item"


def slug_from_title(title, max_length=200, fallback=FALLBACK_SLUG):
    slug = slugify(anyascii(title or ""))[:max_length].strip("-")
    return slug or fallback


def unique_slug(model, title, instance_pk=None, max_length=200, fallback=FALLBACK_SLUG):
    """A slug for `title` not used by another row of `model` (adds -2, -3... when taken)."""
    base = slug_from_title(title, max_length=max_length - 6, fallback=fallback)
    taken = set(
        model._default_manager.filter(slug__startswith=base)
        .exclude(pk=instance_pk)
        .values_list("slug", flat=True)
    )
    if base not in taken and not base.isdigit():
        return base
    counter = 2
    while f"{base}-{counter}" in taken:
        counter += 1
    return f"{base}-{counter}"


def tag_slug(tag_model, name, instance_pk=None):
    """A unique slug for a tag named `name`, transliterated like a title's."""
    max_length = tag_model._meta.get_field("slug").max_length
    return unique_slug(tag_model, name, instance_pk, max_length=max_length, fallback="tag")
