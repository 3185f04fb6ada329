"""`{{ value|richtext }}`: stored rich text, sanitised once more on the way out."""

from django import template
from django.utils.safestring import mark_safe

from richtext.sanitizer import sanitize_for_output

register = template.Library()


@register.filter
def richtext(value):
    """Output stored rich text, sanitised once more on the way out (once per process for
    the same text: see `sanitize_for_output`)."""
    return mark_safe(sanitize_for_output(value))  # noqa: S308 - cleaned against the allowlist
