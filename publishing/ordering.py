"""Inlines whose rows are put in order by hand: bylines, speakers.

The order is not typed as numbers. Each row has a handle to drag it and "move up" and
"move down" buttons that work from the keyboard and announce the new place to screen
readers (`static/js/ordered-inline.js`); the script keeps each row's hidden number equal
to its place on the page, so the order saved is the order shown, and a row added later
goes last. On the server a row sent without a number also goes last.
"""

from django import forms
from django.forms.models import BaseInlineFormSet


class OrderedInlineFormSet(BaseInlineFormSet):
    """Puts rows that came without a place after every other row."""

    order_field = "order"

    def clean(self):
        super().clean()
        name = self.order_field
        filled = [form for form in self.forms if getattr(form, "cleaned_data", None)]
        taken = [form.cleaned_data.get(name) for form in filled]
        taken = [place for place in taken if place is not None]
        following = max(taken, default=-1) + 1
        for form in filled:
            if form.cleaned_data.get(name) is None:
                form.cleaned_data[name] = following
                setattr(form.instance, name, following)
                following += 1


class OrderedInlineMixin:
    """For an InlineModelAdmin whose model has an order field (`order_field`)."""

    order_field = "order"
    formset = OrderedInlineFormSet

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == self.order_field:
            kwargs["widget"] = forms.HiddenInput(attrs={"data-row-order": ""})
            # A new row starts without a place (not the model's default 0, which would put
            # it first): the script or the form set gives it the last one.
            kwargs["required"] = False
            kwargs["initial"] = None
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if not self.has_change_permission(request, obj):
            # Shown read-only, the rows are already in order; their numbers say nothing.
            return [name for name in fields if name != self.order_field]
        return fields

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.order_field = self.order_field
        return formset

    @property
    def media(self):
        return super().media + forms.Media(
            js=["js/ordered-inline.js"], css={"all": ["css/admin-forms.css"]}
        )
