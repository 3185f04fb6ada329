"""Readable ASCII slugs from titles in any script.

`anyascii` transliterates every script (Cyrillic, Polish diacritics, Greek, Arabic...) so
"Солидарность" gives "solidarnost" and "Łódź" gives "lodz" instead of an empty slug.
"""

from anyascii import anyascii
from django.utils.text import slugify

FALLBACK_SLUG = "item"


def slug_from_title(title, max_length=200):
    slug = slugify(anyascii(title or ""))[:max_length].strip("-")
    return slug or FALLBACK_SLUG


def unique_slug(model, title, instance_pk=None, max_length=200):
    """A slug for `title` not used by another row of `model` (adds -2, -3... when taken)."""
    base = slug_from_title(title, max_length=max_length - 6)
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
