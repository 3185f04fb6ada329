"""The event form: start and end are typed in the event's own time zone, not the server's."""

import datetime
import decimal
import re
import zoneinfo

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from images.models import LeadImage
from publishing.forms import ConflictCheckingForm
from publishing.widgets import LabelledSplitDateTime

from .models import COORDINATE_PLACES, OUT_OF_HORIZON, Event
from .recurrence import EARLIEST, LATEST, does_not_exist, is_ambiguous, to_utc

SKIPPED_TIME = _(
    "%(time)s does not exist in %(zone)s: the clocks go forward that night. "
    "Choose a time before or after the change."
)
REPEATED_TIME = _(
    "%(time)s happens twice in %(zone)s: the clocks go back that night. "
    "Choose a time before or after the change."
)


# Two numbers as a map copies them: "51.5226, -0.1040" (or with a semicolon or spaces).
COORDINATE_PAIR = re.compile(
    r"^\s*([-+\u2212]?\d+(?:\.\d+)?)°?\s*(?:,\s+|;\s*|\s+|,(?=[-+\u2212]))"
    r"([-+\u2212]?\d+(?:\.\d+)?)°?\s*$"
)


class CoordinateField(forms.DecimalField):
    """A latitude or longitude as maps give it: any number of decimal places (kept to
    six, about 10 cm), a typographic minus, a trailing degree sign or a decimal comma."""

    default_error_messages = {
        "invalid": _("Enter a number such as 51.5226 or -0.104 (degrees, with decimals)."),
    }

    def __init__(self, **kwargs):
        kwargs.pop("max_digits", None)
        kwargs.pop("decimal_places", None)
        super().__init__(max_digits=9, decimal_places=6, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().rstrip("°").strip().replace("\u2212", "-")
            if value.count(",") == 1 and "." not in value:
                value = value.replace(",", ".")
        number = super().to_python(value)
        if number is None:
            return None
        return number.quantize(COORDINATE_PLACES, rounding=decimal.ROUND_HALF_EVEN)


def split_coordinate_pair(data, prefix_name):
    """Both coordinates pasted into Latitude, the longitude left empty: spread them."""
    latitude, longitude = prefix_name("venue_latitude"), prefix_name("venue_longitude")
    pair = COORDINATE_PAIR.match(str(data.get(latitude) or ""))
    if pair is None or str(data.get(longitude) or "").strip():
        return data
    data = data.copy()
    data[latitude], data[longitude] = pair.group(1), pair.group(2)
    return data


class WallClockDateTimeField(forms.SplitDateTimeField):
    """A date and a time as typed, without a zone: the form applies the event's zone.
    The time may be left empty (all-day events); the form then asks for it if needed."""

    def __init__(self, **kwargs):
        super().__init__(require_all_fields=False, **kwargs)
        self.fields[1].required = False

    def compress(self, data_list):
        if data_list and data_list[0] is not None:
            return datetime.datetime.combine(data_list[0], data_list[1] or datetime.time())
        return super().compress(data_list)


def as_wall_clock(value, zone_name):
    if value is None:
        return None
    return value.astimezone(zoneinfo.ZoneInfo(zone_name)).replace(tzinfo=None)


def https_urls(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class EventForm(ConflictCheckingForm):
    start = WallClockDateTimeField(
        label=_("Start"),
        widget=LabelledSplitDateTime(date_label=_("Start date"), time_label=_("Start time")),
        help_text=_("Local time, where the event happens."),
    )
    end = WallClockDateTimeField(
        label=_("End"),
        widget=LabelledSplitDateTime(date_label=_("End date"), time_label=_("End time")),
        help_text=_("Local time. All day: the last day."),
    )
    venue_latitude = CoordinateField(
        label=_("Latitude"), required=False, help_text=Event.venue_latitude.field.help_text
    )
    venue_longitude = CoordinateField(
        label=_("Longitude"), required=False, help_text=Event.venue_longitude.field.help_text
    )

    class Meta:
        model = Event
        formfield_callback = https_urls
        fields = [
            "title", "slug", "kind", "summary", "description", "time_zone", "start", "end",
            "all_day", "repeat", "repeat_interval", "repeat_until", "repeat_count",
            "attendance", "venue_name", "venue_address", "venue_city", "venue_postcode",
            "venue_country", "venue_latitude", "venue_longitude", "online_url", "online_notes",
            "event_status", "status_note",
            "organiser_name", "organiser_url", "admission", "price", "price_currency",
            "registration_url", "status", "publish_at",
            "tags", "related_statements", "related_articles", *LeadImage.LEAD_IMAGE_FIELDS,
        ]  # fmt: skip
        labels = {
            # Two statuses on one form: whether the event is still on, and whether this
            # site shows it to readers.
            "event_status": _("Event status (on / cancelled / postponed …)"),
            "status_note": _("Note on the event status"),
        }
        help_texts = {"time_zone": _("Start and end are typed in this zone.")}

    def clean_price_currency(self):
        """“eur” is EUR; empty is the site's currency (see `Event.save`)."""
        return (self.cleaned_data.get("price_currency") or "").strip().upper()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.data = split_coordinate_pair(self.data, self.add_prefix)
        # An event's description is usually shorter than an article: a smaller editor and
        # a small box for joining notes keep the form within about two screens.
        for name, rows in (("description", 6), ("online_notes", 2)):
            if name in self.fields:
                self.fields[name].widget.attrs["rows"] = rows
        instance = self.instance
        if instance.pk:
            for name in ("start", "end"):
                self.initial[name] = as_wall_clock(getattr(instance, name), instance.time_zone)

    def clean(self):
        cleaned = super().clean()
        if "venue_latitude" in self.errors or "venue_longitude" in self.errors:
            # The wrong one has its message; "give both" would only add a second one.
            cleaned.pop("venue_latitude", None)
            cleaned.pop("venue_longitude", None)
        zone_name = cleaned.get("time_zone")
        if not zone_name:
            # Without a zone the typed times cannot be placed (the zone's own error says
            # why); naive times must not reach the model.
            cleaned.pop("start", None)
            cleaned.pop("end", None)
            return cleaned
        tz = zoneinfo.ZoneInfo(zone_name)
        for name in ("start", "end"):
            typed = self[name].data or ["", ""]
            if not cleaned.get("all_day") and cleaned.get(name) and not str(typed[1]).strip():
                self.add_error(name, _("Enter a time, or tick “all day”."))
                cleaned.pop(name, None)
        if cleaned.get("all_day"):
            for name, clock in (("start", datetime.time(0, 0)), ("end", datetime.time(23, 59))):
                if cleaned.get(name):
                    cleaned[name] = datetime.datetime.combine(cleaned[name].date(), clock)
        for name in ("start", "end"):
            local = cleaned.get(name)
            if local is None:
                continue
            if not EARLIEST.year <= local.year < LATEST.year:
                # Checked before placing it in the zone, which would overflow near 9999.
                self.add_error(name, OUT_OF_HORIZON)
            elif cleaned.get("all_day"):
                # Only the dates count; a midnight some zones skip must not trouble anyone.
                cleaned[name] = to_utc(local, tz)
            elif does_not_exist(local, tz) or is_ambiguous(local, tz):
                message = SKIPPED_TIME if does_not_exist(local, tz) else REPEATED_TIME
                when = {"time": local.strftime("%H:%M on %d %B %Y"), "zone": zone_name}
                self.add_error(name, message % when)
            else:
                cleaned[name] = to_utc(local, tz)
        return cleaned
