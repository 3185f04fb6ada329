"""The edit form base of every publishable type: it refuses to save over changes made by
someone else since the form was loaded, and keeps what the editor typed."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from taggit.models import Tag
from taggit.utils import parse_tags

from . import revisions

# Real items carry a handful of tags; thousands (one request saved 10,000) only cost time.
MAX_TAGS_PER_ITEM = 50


def validate_tag_list(value):
    """Refuse a tag list with too many tags, or a tag longer than a tag's name may be.

    Checked on the typed text, before any tag is looked up or created.
    """
    names = parse_tags(value or "")
    if len(names) > MAX_TAGS_PER_ITEM:
        raise ValidationError(
            ngettext(
                "You gave %(count)s tags; an item can have at most %(limit)s tag.",
                "You gave %(count)s tags; an item can have at most %(limit)s tags.",
                MAX_TAGS_PER_ITEM,
            )
            % {"count": len(names), "limit": MAX_TAGS_PER_ITEM},
            code="too_many_tags",
        )
    max_length = Tag._meta.get_field("name").max_length
    too_long = [name for name in names if len(name) > max_length]
    if too_long:
        raise ValidationError(
            _(
                "A tag can be at most %(limit)s characters long; this one has %(length)s: "
                "“%(start)s…”."
            )
            % {"limit": max_length, "length": len(too_long[0]), "start": too_long[0][:30]},
            code="tag_too_long",
        )


class ConflictCheckingForm(forms.ModelForm):
    """Refuses to save over changes made by someone else since the form was loaded."""

    loaded_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.edit_version
            # When that version was saved, for the browser's copy of unsaved changes to
            # say that it is older.
            saved_at = self.instance.updated_at
            if saved_at:
                self.fields["loaded_version"].widget.attrs["data-saved-at"] = saved_at.isoformat()
        self.conflict = None

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            submitted = {
                field.attname: cleaned[field.name]
                for field in self.instance._meta.concrete_fields
                if field.name in cleaned and not field.is_relation
            }
            # Locks the row until the admin's transaction ends, so that nobody can save
            # between this check and this form's own save.
            self.conflict = revisions.conflict(
                self.instance, cleaned.get("loaded_version"), submitted
            )
        if self.conflict:
            # A second save, now made knowingly, replaces the other person's changes.
            self.data = self.data.copy()
            self.data["loaded_version"] = self.conflict["current_version"]
            who = self.conflict["user"]
            when = timezone.localtime(self.conflict["at"])
            fields = ", ".join(change.label for change in self.conflict["changes"]) or _(
                "some fields"
            )
            raise ValidationError(
                _(
                    "%(who)s saved this item at %(time)s while you were editing it, "
                    "changing: %(fields)s. Nothing you typed is lost: it is still in the "
                    "form below. Compare with their changes (shown above the form), then "
                    "save again to replace them with yours."
                )
                % {
                    "who": who.get_username() if who else _("Someone"),
                    "time": when.strftime("%H:%M:%S"),
                    "fields": fields,
                },
                code="conflict",
            )
        return cleaned
