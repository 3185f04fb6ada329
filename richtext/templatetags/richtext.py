"""`{{ value|richtext }}`: stored rich text, sanitised once more on the way out."""

from django import template
from django.utils.safestring import mark_safe

from richtext.sanitizer import sanitize_html

register = template.Library()


@register.filter
def richtext(value):
    """Output stored rich text, sanitised once more on the way out."""
    return mark_safe(sanitize_html(value))  # noqa: S308 - cleaned against the allowlist
