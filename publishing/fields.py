"""`SafeURLField`: a link field that only ever holds an http(s) address, on every save path.

Django's `URLField` checks the scheme in form validation only, so a link saved from code
or an importer could be `javascript:…` and run when a reader clicks it. This field refuses
such a value with a `ValidationError` naming the field whenever the model is saved (as
`RichTextField` sanitises on every save), and reads any row stored before that rule as
empty, so that no page, feed or calendar prints it.
"""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import signals
from django.utils.translation import gettext_lazy as _

SAFE_SCHEMES = ("http", "https")
UNSAFE_URL_MESSAGE = _("Enter a web address that starts with https:// or http://.")


def is_safe_url(value):
    """True for an empty value or an absolute http(s) address with no hidden characters.

    Browsers drop tabs and line breaks anywhere in a link and control characters around
    it ("java\\tscript:" runs as "javascript:"), so any whitespace or control character
    makes the value unsafe rather than being cleaned away.
    """
    if not value:
        return True
    value = str(value)
    if any(char.isspace() or ord(char) < 0x20 or ord(char) == 0x7F for char in value):
        return False
    return value.lower().startswith(tuple(f"{scheme}://" for scheme in SAFE_SCHEMES))


class SafeURLValidator(URLValidator):
    """A form and model validator: a well-formed http(s) address, and for anything else a
    message that says what to type."""

    def __init__(self, **kwargs):
        super().__init__(schemes=list(SAFE_SCHEMES), **kwargs)

    def __call__(self, value):
        if not is_safe_url(value):
            raise ValidationError(UNSAFE_URL_MESSAGE, code="unsafe_url")
        super().__call__(value)


validate_safe_url = SafeURLValidator()


class SafeURLField(models.URLField):
    """A `URLField` that stores and returns only http(s) addresses (see the module)."""

    default_validators = [validate_safe_url]

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        # Refuse in the pre_save signal, which `save()` sends before it opens its atomic
        # block: an importer that catches the error can go on in the same transaction.
        signals.pre_save.connect(
            self.refuse_unsafe, sender=cls, weak=False, dispatch_uid=(self.creation_counter, cls)
        )

    def refuse_unsafe(self, sender, instance, **kwargs):
        value = getattr(instance, self.attname)
        if isinstance(value, str) and value != value.strip():
            value = value.strip()
            setattr(instance, self.attname, value)
        if not is_safe_url(value):
            raise ValidationError(
                {self.name: ValidationError(UNSAFE_URL_MESSAGE, code="unsafe_url")}
            )

    def pre_save(self, model_instance, add):
        # Also here for the paths that send no signal (`bulk_create`, proxy models).
        self.refuse_unsafe(type(model_instance), model_instance)
        return getattr(model_instance, self.attname)

    def formfield(self, **kwargs):
        # What editors type without a scheme ("union.example") is read as https.
        return super().formfield(**{"assume_scheme": "https", **kwargs})

    def from_db_value(self, value, expression, connection):
        # Rows stored before this field existed may hold a script link: never hand it out.
        return value if is_safe_url(value) else ""

    def deconstruct(self):
        # The column is an ordinary URLField's; migrations need not know the difference.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.URLField", args, kwargs
