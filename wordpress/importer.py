"""Bringing a WordPress export (WXR) into Placard.

Two passes over the file. The first (`survey`) reads all of it, and so refuses a
malformed or hostile file before anything is written; it keeps what later items need
(authors, categories and tags, attachments, venues, every item's old address) but not
the texts. Then, in one transaction, slugs are planned for every item, so that a link to
an item further down the file can be rewritten, and the second pass writes:

- authors (reused by name), sections from categories, tags, then images from the
  attachments' files under the media folder (stored as an upload is: validated,
  re-encoded without metadata, renditions queued);
- posts as articles, tribe_events as events, in file order; pages last, parents first;
- which object each item became (`ImportedItem`, by GUID: a second run updates), and the
  old addresses that now redirect (`LegacyAddress`).

Everything goes through the models' own `save()` (slugs, sanitised rich text, redirects,
event dates, page addresses); only the rows around them (bylines, tags, records of the
import) are written in batches, and cached pages are refreshed once, at the end.
Slugs and old addresses are planned in `planning.py`, authors, sections and tags written
in `taxonomy.py`, images stored in `media.py`.

A dry run does the same in a transaction that is rolled back, and stores no file.
"""

import zoneinfo
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from taggit.models import TaggedItem

from articles.models import Article, Byline
from events.models import Event
from images import processing
from images.models import Image
from pages.models import Page
from publishing.forms import MAX_TAGS_PER_ITEM
from publishing.signals import one_refresh_for_bulk_writes
from richtext.sanitizer import sanitize_html

from . import content, events_calendar, wxr
from .addresses import (
    AddressBook,
    numeric_id,
    wordpress_slug,
)
from .media import ImageImport
from .models import ImportedItem, LegacyAddress
from .planning import AddressPlanning
from .report import Report
from .survey import STATUSES, plain_text, shorten, survey
from .taxonomy import TaxonomyImport

BATCH = 500
# Post types that are read for what other items need, not imported by themselves.
HELPER_TYPES = {"tribe_venue", "tribe_organizer"}
MODELS = {"post": Article, "page": Page, "tribe_events": Event, "attachment": Image}


class Rollback(Exception):
    """Raised at the end of a dry run to undo everything it wrote."""


class Importer(AddressPlanning, ImageImport, TaxonomyImport):
    """One import of one export file; `run()` returns the `Report`."""

    def __init__(self, source, *, media_dir=None, dry_run=False, time_zone=None, progress=None):
        self.source = source
        self.media_dir = Path(media_dir) if media_dir else None
        self.dry_run = dry_run
        self.time_zone = time_zone
        self.progress = progress or (lambda done, total: None)
        self.report = Report(dry_run=dry_run)
        # Where events without a time zone of their own happen.
        self.default_zone = time_zone or settings.TIME_ZONE
        self.stored_files = []  # files written, removed again if the import fails

    # The run ------------------------------------------------------------------------------

    def run(self):
        self.survey = survey(self.source, self.time_zone)
        site = self.survey.site
        self.report.site_title = site.title
        self.report.wxr_version = site.wxr_version
        for fix in self.survey.fixes:
            self.report.problem(
                fix.post_id,
                f"{fix.field}: {fix.count} character{'s' if fix.count != 1 else ''} that "
                "cannot be stored (a lone surrogate or control character) replaced with �",
            )
        try:
            with transaction.atomic(), one_refresh_for_bulk_writes():
                self.write()
                if self.dry_run:
                    raise Rollback
        except Rollback:
            pass
        except BaseException:
            storage = Image._meta.get_field("file").storage
            processing.discard_files(storage, [name for name in self.stored_files if name])
            raise
        return self.report

    def write(self):
        self.types = {model: ContentType.objects.get_for_model(model) for model in MODELS.values()}
        self.address_book = AddressBook()
        for url in (self.survey.site.link, self.survey.site.base_site_url):
            self.address_book.add_host(url)
        for entry in self.survey.entries.values():
            self.address_book.add_host(entry.link)
        self.legacy = {}  # old address -> (content type, object id)
        self.load_imported()
        self.write_authors()
        self.write_sections()
        self.write_tags()
        self.plan_addresses()
        self.write_images()
        self.write_items()
        self.write_legacy_addresses()
        self.report.addresses = len(self.legacy)

    def load_imported(self):
        """What earlier runs imported: GUID -> (model, pk) of objects that still exist."""
        by_type = {ct.pk: model for model, ct in self.types.items()}
        found = {}
        for guid, type_id, pk in ImportedItem.objects.values_list(
            "guid", "content_type_id", "object_id"
        ).iterator(chunk_size=2000):
            if type_id in by_type:
                found[guid] = (by_type[type_id], pk)
        alive = {
            model: set(model._default_manager.values_list("pk", flat=True).iterator(2000))
            for model in MODELS.values()
        }
        self.imported = {
            guid: (model, pk) for guid, (model, pk) in found.items() if pk in alive[model]
        }

    def existing_pk(self, item):
        """The pk of what an earlier run made of `item` (an Item or Entry), if it still
        exists and is of the model this run would make."""
        model, pk = self.imported.get(self.guid_of(item), (None, None))
        return pk if model is MODELS.get(item.post_type) else None

    def guid_of(self, item):
        return (item.guid or f"{self.survey.site.link}?p={item.post_id}")[:1000]

    # What became of each item -------------------------------------------------------------

    def remember(self, entry, model, pk):
        """Record where an item went: its `ImportedItem` and its old addresses."""
        content_type = self.types[model]
        self.records.append(
            ImportedItem(
                guid=self.guid_of(entry),
                wordpress_id=entry.post_id,
                post_type=entry.post_type,
                old_url=entry.link[:1000],
                content_type=content_type,
                object_id=pk,
            )
        )
        for key in self.old_keys(entry):
            self.legacy[key] = (content_type, pk)

    def flush_records(self):
        if not self.records:
            return
        records = {record.guid: record for record in self.records}  # the last one counts
        ImportedItem.objects.filter(guid__in=list(records)).delete()
        ImportedItem.objects.bulk_create(records.values())
        self.records = []

    def write_legacy_addresses(self):
        keys = list(self.legacy)
        for start in range(0, len(keys), BATCH):
            chunk = keys[start : start + BATCH]
            LegacyAddress.objects.filter(old_address__in=chunk).delete()
            LegacyAddress.objects.bulk_create(
                LegacyAddress(
                    old_address=key[:1000],
                    content_type=self.legacy[key][0],
                    object_id=self.legacy[key][1],
                )
                for key in chunk
            )

    # Items --------------------------------------------------------------------------------

    def write_items(self):
        """The second pass: articles and events in file order, pages at the end."""
        self.pending = {"bylines": [], "tags": [], "replaced": []}
        buffered_pages = {}
        self.seen_ids, self.seen_guids = set(), set()
        total = sum(1 for entry in self.survey.entries.values())
        done = 0
        for record in wxr.read(self.source, time_zone=self.time_zone):
            if not isinstance(record, wxr.Item):
                continue
            done += 1
            kind = record.post_type
            if kind in ("attachment", *HELPER_TYPES):
                pass
            elif record.status not in STATUSES:
                self.skip(record)
            elif not self.first_copy(record):
                self.skip(record)
            elif kind == "post":
                self.write_article(record)
            elif kind == "tribe_events":
                self.write_event(record)
            elif kind == "page":
                buffered_pages[record.post_id] = record
            else:
                self.report.skip_type(kind)
            if len(self.records) >= BATCH:
                self.flush_articles()
            self.progress(done, total)
        self.flush_articles()
        for post_id in self.page_order:
            if post_id in buffered_pages:
                self.write_page(buffered_pages.pop(post_id))
        self.flush_records()

    def first_copy(self, item):
        """False for an item that appears a second time in the export (the same id or
        GUID: hand-merged exports have them), which is reported and left out."""
        guid = self.guid_of(item)
        if item.post_id in self.seen_ids or guid in self.seen_guids:
            self.report.problem(
                item.post_id,
                "appears twice in the export (same id or GUID): the second is left out",
            )
            return False
        self.seen_ids.add(item.post_id)
        self.seen_guids.add(guid)
        return True

    def skip(self, item):
        kind = {"post": "article", "page": "page", "tribe_events": "event"}.get(item.post_type)
        if kind is None:
            self.report.skip_type(item.post_type)
        else:
            self.report.count(kind, "skipped")

    def convert(self, item, raw):
        try:
            return content.convert(
                raw,
                image_for=self.image_for,
                address_for=self.address_book.address_for,
                # What a [gallery] without ids shows: the images attached to the item.
                attachments=[
                    pk for _order, pk in sorted(self.survey.attached.get(item.post_id, []))
                ],
            )
        except Exception as error:  # noqa: BLE001 - keep the text rather than lose the item
            self.report.problem(item.post_id, f"content kept unconverted ({error})")
            return sanitize_html(raw)

    def publication(self, obj, item):
        status, review = STATUSES[item.status]
        obj.status, obj.review_state = status, review
        obj.publish_at = item.post_date or obj.publish_at or timezone.now()
        obj.title = shorten(" ".join(item.title.split()), 250) or f"Untitled ({item.post_id})"

    def save(self, obj, item, kind):
        """Save `obj` in a savepoint; on refusal report the item and return False."""
        try:
            with transaction.atomic():
                obj.save()
        except ValidationError as error:
            self.report.count(kind, "skipped")
            self.report.problem(item.post_id, f"not imported: {' '.join(error.messages)}")
            return False
        except DatabaseError as error:
            self.report.count(kind, "skipped")
            self.report.problem(item.post_id, f"not imported: {error}")
            return False
        return True

    def section_and_tags(self, item):
        """The deepest of the item's categories (the first among equals) as its section;
        its other categories and its tags as tags."""
        categories = [
            wordpress_slug(nicename)
            for taxonomy, nicename, _name in item.terms
            if taxonomy == "category"
        ]
        categories = [slug for slug in dict.fromkeys(categories) if slug in self.sections]
        section_slug = max(categories, key=self.category_depth, default=None)
        names = [self.survey.categories[slug].name for slug in categories if slug != section_slug]
        names += [name for taxonomy, _nicename, name in item.terms if taxonomy == "post_tag"]
        tags, seen = [], set()
        for name in names:
            tag = self.tag_named(name)
            if tag is not None and tag.pk not in seen:
                seen.add(tag.pk)
                tags.append(tag)
        if len(tags) > MAX_TAGS_PER_ITEM:  # the limit every form keeps
            self.report.problem(
                item.post_id,
                f"{len(tags)} tags (with the categories besides its section): "
                f"the first {MAX_TAGS_PER_ITEM} kept",
            )
            tags = tags[:MAX_TAGS_PER_ITEM]
        return (self.sections[section_slug] if section_slug else None), tags

    def lead_image(self, obj, item):
        thumbnail = item.meta.get("_thumbnail_id", "").strip()
        thumbnail_id = numeric_id(thumbnail)
        found = self.images.get(thumbnail_id)
        if found is None or found[0].pk is None:
            # An attachment of the export that was not imported is reported as such.
            if thumbnail and thumbnail_id not in self.survey.attachments:
                self.report.problem(
                    item.post_id, f"featured image {shorten(thumbnail, 30)} is not in the export"
                )
            obj.lead_image = None
            return
        image, alt = found
        attachment = self.survey.attachments[thumbnail_id]
        obj.lead_image = image
        obj.lead_image_alt = alt
        obj.lead_image_caption = plain_text(attachment.excerpt, 300)
        if not alt:
            self.report.problem(
                item.post_id, "the featured image has no alt text: describe it in the admin"
            )

    def write_article(self, item):
        pk = self.existing_pk(item)
        article = Article.objects.get(pk=pk) if pk else Article(slug=self.slugs[item.post_id])
        self.publication(article, item)
        article.is_highlight = item.is_sticky
        article.standfirst = plain_text(item.excerpt, 600)
        article.body = self.convert(item, item.content)
        article.section, tags = self.section_and_tags(item)
        self.lead_image(article, item)
        if not self.save(article, item, "article"):
            return
        self.report.count("article", "updated" if pk else "created")
        if pk:
            self.pending["replaced"].append(article.pk)
        author = self.author_for(item.creator)
        if author is not None:
            self.pending["bylines"].append(Byline(article=article, author=author, order=0))
        self.pending["tags"].extend((article.pk, tag) for tag in tags)
        self.remember(item, Article, article.pk)

    def flush_articles(self):
        """Bylines, tags and import records of the last batch of articles, in a few
        queries."""
        article_type = self.types[Article]
        replaced = self.pending["replaced"]
        if replaced:
            Byline.objects.filter(article_id__in=replaced).delete()
            TaggedItem.objects.filter(content_type=article_type, object_id__in=replaced).delete()
        Byline.objects.bulk_create(self.pending["bylines"])
        TaggedItem.objects.bulk_create(
            TaggedItem(content_type=article_type, object_id=pk, tag=tag)
            for pk, tag in self.pending["tags"]
        )
        self.pending = {"bylines": [], "tags": [], "replaced": []}
        self.flush_records()

    def write_page(self, item):
        pk = self.existing_pk(item)
        page = Page.objects.get(pk=pk) if pk else Page()
        path = self.slugs[item.post_id]
        parent_id = self.page_pk(item.parent_id)
        page.parent = Page.objects.get(pk=parent_id) if parent_id else None
        page.slug = path.rsplit("/", 1)[-1]
        page.order = item.menu_order if 0 <= item.menu_order < 32768 else 0
        self.publication(page, item)
        page.summary = plain_text(item.excerpt, 300)
        page.body = self.convert(item, item.content)
        self.lead_image(page, item)
        if self.save(page, item, "page"):
            self.report.count("page", "updated" if pk else "created")
            self.remember(item, Page, page.pk)
            self.imported[self.guid_of(item)] = (Page, page.pk)

    def page_pk(self, post_id):
        entry = self.survey.entries.get(post_id)
        return self.existing_pk(entry) if entry and entry.post_type == "page" else None

    # Events -------------------------------------------------------------------------------

    def write_event(self, item):
        zone_name, problem = events_calendar.event_zone(item, self.default_zone)
        if problem:
            self.report.problem(item.post_id, problem)
        zone = zoneinfo.ZoneInfo(zone_name)
        start = events_calendar.event_time(item, "Start", zone)
        end = events_calendar.event_time(item, "End", zone)
        if start is None:
            self.report.count("event", "skipped")
            self.report.problem(item.post_id, "event without a start date: not imported")
            return
        if end is None or end < start:
            if end is not None:
                self.report.problem(
                    item.post_id, "the event ended before it started: end set to start"
                )
            end = start
        pk = self.existing_pk(item)
        event = Event.objects.get(pk=pk) if pk else Event(slug=self.slugs[item.post_id])
        self.publication(event, item)
        event.start, event.end, event.time_zone = start, end, zone_name
        event.all_day = item.meta.get("_EventAllDay", "").lower() in ("yes", "true", "1")
        event.summary = plain_text(item.excerpt, 300)
        event.description = self.convert(item, item.content)
        venue = self.survey.venues.get(numeric_id(item.meta.get("_EventVenueID", "")))
        if venue is not None and venue.post_type == "tribe_venue":
            fields, problem = events_calendar.venue_fields(venue)
            for name, value in fields.items():
                setattr(event, name, value)
            if problem:
                self.report.problem(item.post_id, problem)
        elif not event.venue_name:
            self.report.problem(item.post_id, "event without a venue: add one in the admin")
        organiser = self.survey.venues.get(numeric_id(item.meta.get("_EventOrganizerID", "")))
        if organiser is not None and organiser.post_type == "tribe_organizer":
            for name, value in events_calendar.organiser_fields(organiser).items():
                setattr(event, name, value)
        website = item.meta.get("_EventURL", "").strip()
        if website.startswith(("http://", "https://")) and len(website) <= 500:
            event.registration_url = website
        self.lead_image(event, item)
        if self.save(event, item, "event"):
            self.report.count("event", "updated" if pk else "created")
            self.remember(item, Event, event.pk)


def import_wordpress(source, **options):
    """Import the WXR file `source`; return the `Report` (see `Importer`)."""
    return Importer(source, **options).run()
