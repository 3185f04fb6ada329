"""Public forms."""

from django import forms
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from publishing.validators import no_control_characters

from .models import Endorsement


class RememberedSelect(forms.Select):
    """A select of many fixed choices (the countries) whose markup with nothing chosen is
    rendered once per process, language and attributes instead of on every page view: its
    ~250 options are most of what the statement page costs when it renders cold."""

    rendered = {}

    def render(self, name, value, attrs=None, renderer=None):
        if value not in (None, ""):
            return super().render(name, value, attrs, renderer)
        final_attrs = self.build_attrs(self.attrs, attrs)
        key = (name, tuple(sorted(final_attrs.items())), get_language())
        if key not in self.rendered:
            if len(self.rendered) > 64:
                self.rendered.clear()
            self.rendered[key] = super().render(name, value, attrs, renderer)
        return self.rendered[key]


def country_choices():
    """The countries, in the current language, after a named empty choice."""
    return [("", _("Choose a country")), *countries]


class EndorsementForm(forms.ModelForm):
    """Signing a statement. `website` is a honeypot: people never see or fill it.

    The organisation field is an individual's affiliation: a statement open to
    organisations only has none, and a signature made as an organisation stores none (the
    page hides the field once "Organisation" is chosen, in CSS; what was typed there stays
    in the form in case the signer switches back).
    """

    # How the error summary names a field where its label would read badly there; an
    # empty name shows the message alone (the message names what to do).
    summary_names = {
        "kind": _("Signing as"),
        "consent_listed": "",
        "consent_contact": "",
    }

    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Endorsement
        fields = Endorsement.SIGNER_FIELDS
        labels = {
            "kind": _("I am signing as"),
            "name": _("Name"),
            "organisation": _("Organisation you belong to (optional)"),
            "role": _("Role or position (optional)"),
            "country": _("Country (optional)"),
            "email": _("Email address"),
            "comment": _("Public comment (optional)"),
            "consent_listed": _("I agree that my name is listed publicly under this statement."),
            "consent_contact": _("The organisers may contact me about this campaign (optional)."),
        }
        help_texts = {
            "name": _("Your full name, or the name of the organisation."),
            "organisation": _(
                "For individuals: your union, group or workplace, shown after your name. "
                "Leave it empty when you sign on behalf of an organisation."
            ),
            "email": _("We send a confirmation link here. It is never shown publicly."),
            "comment": _("Up to 500 characters, shown after an editor has approved it."),
        }
        widgets = {
            "kind": forms.RadioSelect,
            "country": RememberedSelect,
            "comment": forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
        }

    def __init__(self, *args, statement, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.statement = statement
        allowed = statement.allowed_kinds()
        self.fields["kind"].choices = [
            (value, label) for value, label in Endorsement.Kind.choices if value in allowed
        ]
        if len(allowed) == 1:
            self.fields["kind"].initial = allowed[0]
        self.fields["consent_listed"].required = True
        self.fields["consent_listed"].error_messages["required"] = _(
            "Please agree to be listed: the list of signatories is public."
        )
        self.fields["country"].required = False
        self.fields["country"].choices = country_choices
        if Endorsement.Kind.INDIVIDUAL not in allowed:
            del self.fields["organisation"]
        if not statement.moderated:
            del self.fields["comment"]
        for name in ("name", "organisation", "role"):
            if name in self.fields:
                self.fields[name].validators.append(no_control_characters)
                self.fields[name].widget.attrs["maxlength"] = self.fields[name].max_length
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        if "organisation" in self.fields:
            self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    # The visible fields of an unbound form, rendered once per process for each shape the
    # form takes (the kinds a statement allows, whether it takes comments, the language):
    # Django renders each widget through a template, most of a statement page's cost.
    rendered = {}

    @classmethod
    def blank_key(cls, statement):
        """What the unbound form's markup depends on: the kinds `statement` allows (the
        choices, the initial one, whether the affiliation field is there), whether it
        takes comments, and the language of the labels."""
        return (tuple(statement.allowed_kinds()), bool(statement.moderated), get_language())

    def fields_markup(self):
        """The visible fields and the honeypot as markup: labels, help, errors, inputs."""
        if self.is_bound:
            return self.render_fields()
        return self.blank_markup(self.statement, form=self)

    @classmethod
    def blank_markup(cls, statement, form=None):
        """The unbound form's fields for `statement`; the form is only built (its fields
        copied, its widgets rendered) the first time a process shows that shape."""
        key = cls.blank_key(statement)
        if key not in cls.rendered:
            if len(cls.rendered) > 64:
                cls.rendered.clear()
            form = form or cls(statement=statement)
            cls.rendered[key] = form.render_fields()
        return cls.rendered[key]

    def render_fields(self):
        parts = []
        for field in self.visible_fields():
            if field.name == "website":
                continue
            if field.widget_type == "checkbox":
                parts.append(
                    format_html(
                        '<div class="field field--{} checkbox-field">{} {}{}</div>',
                        field.name,
                        field,
                        field.label_tag(),
                        field.errors,
                    )
                )
            else:
                parts.append(
                    format_html(
                        '<div class="field field--{}{}">{}</div>',
                        field.name,
                        " radio-field" if field.widget_type == "radioselect" else "",
                        field.as_field_group(),
                    )
                )
        parts += [str(field) for field in self.hidden_fields()]
        website = self["website"]
        parts.append(
            format_html(
                '<div class="trap" aria-hidden="true">{} {}</div>', website.label_tag(), website
            )
        )
        return mark_safe("\n".join(parts))

    def error_summary(self):
        """The errors for the summary above the form, in the order of the fields: dicts
        with the `message` and, for a field's error, the `anchor` (the id of its input,
        the first one of a group of radio buttons)."""
        summary = [{"message": str(error), "anchor": ""} for error in self.non_field_errors()]
        for field in self.visible_fields():
            name = self.summary_names.get(field.name, field.label)
            anchor = field.auto_id
            if field.widget_type == "radioselect":
                anchor = f"{anchor}_0"
            for error in field.errors:
                message = format_html("{}: {}", name, error) if name else str(error)
                summary.append({"message": message, "anchor": anchor})
        return summary

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("kind") == Endorsement.Kind.ORGANISATION and (
            "organisation" in self.fields
        ):
            # Hidden from organisations: neither stored nor a reason to refuse the form.
            cleaned_data["organisation"] = ""
            self._errors.pop("organisation", None)
        return cleaned_data

    def clean_email(self):
        email = self.cleaned_data["email"]
        no_control_characters(email)
        return email.strip().lower()

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    @property
    def is_spam(self):
        return bool(self.data.get("website"))


class BlankEndorsementForm:
    """The signing form as a reader first sees it, standing in for an unbound
    `EndorsementForm` on the statement page: building that form copies its fields on
    every request, a tenth of a cold statement page, for markup that is the same each
    time."""

    is_bound = False
    errors = {}

    def __init__(self, statement):
        self.statement = statement

    def fields_markup(self):
        return EndorsementForm.blank_markup(self.statement)
