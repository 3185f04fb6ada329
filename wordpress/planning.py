"""Slugs and addresses planned before anything is written: the part of the import
(`importer.Importer`) that gives every post, event and page the slug (or, for a page,
the whole path) it will have, so that a link to an item further down the export is
rewritten to its new address, and that lists each item's old addresses."""

from urllib.parse import urlsplit

from articles.models import Article
from events.models import RESERVED_SLUGS, Event
from pages.addresses import taken_first_segments
from pages.models import FALLBACK_SLUG as PAGE_FALLBACK_SLUG
from pages.models import MAX_PATH_LENGTH, SLUG_LENGTH, Page
from publishing.links import slug_url

from .addresses import SlugPlanner, path_key, query_key
from .survey import STATUSES


class AddressPlanning:
    """Mixed into `Importer`: reads its survey and earlier imports, fills its address book
    and `slugs` (post id -> planned slug; for a page, its path)."""

    def plan_addresses(self):
        """A slug for every item before any is written: links to items further down the
        file are rewritten to these addresses."""
        self.slugs = {}  # post id -> planned slug (pages: their whole path)
        planners = {
            "post": SlugPlanner(Article.objects.values_list("slug", flat=True).iterator(2000)),
            "tribe_events": SlugPlanner(
                Event.objects.values_list("slug", flat=True).iterator(2000),
                reserved=RESERVED_SLUGS,
            ),
        }
        current = {
            "post": dict(Article.objects.values_list("pk", "slug").iterator(2000)),
            "tribe_events": dict(Event.objects.values_list("pk", "slug").iterator(2000)),
        }
        url_names = {"post": "articles:article-detail", "tribe_events": "events:event-detail"}
        for entry in self.survey.entries.values():
            if entry.post_type not in planners or entry.status not in STATUSES:
                continue
            pk = self.existing_pk(entry)
            slug = current[entry.post_type].get(pk) if pk else None
            if slug is None:
                slug = planners[entry.post_type].plan(entry.slug, entry.title)
            self.slugs[entry.post_id] = slug
            self.add_item_addresses(entry, slug_url(url_names[entry.post_type], slug))
        self.plan_pages()

    def plan_pages(self):
        pages = {
            post_id: entry
            for post_id, entry in self.survey.entries.items()
            if entry.post_type == "page" and entry.status in STATUSES
        }
        stored = {
            pk: (slug, path) for pk, slug, path in Page.objects.values_list("pk", "slug", "path")
        }
        # The slugs taken under each parent path ("" for the top level).
        children = {}
        for _slug, path in stored.values():
            parent, _, slug = path.rpartition("/")
            children.setdefault(parent, set()).add(slug)
        top_level_taken = taken_first_segments()
        self.page_order = []

        def depth(entry, seen=()):
            parent = pages.get(entry.parent_id)
            if parent is None or entry.post_id in seen:
                return 0
            return 1 + depth(parent, (*seen, entry.post_id))

        for entry in sorted(pages.values(), key=depth):
            parent_path = self.slugs.get(entry.parent_id, "") if entry.parent_id in pages else ""
            pk = self.existing_pk(entry)
            if pk in stored:
                slug = stored[pk][0]
            else:
                room = MAX_PATH_LENGTH - (len(parent_path) + 1 if parent_path else 0)
                base_length = max(1, min(SLUG_LENGTH, room) - 4)
                taken = set(children.get(parent_path, ()))
                if not parent_path:
                    taken |= top_level_taken
                planner = SlugPlanner(
                    taken, max_length=base_length + 6, fallback=PAGE_FALLBACK_SLUG
                )
                slug = planner.plan(entry.slug, entry.title)
            path = f"{parent_path}/{slug}" if parent_path else slug
            children.setdefault(parent_path, set()).add(slug)
            self.slugs[entry.post_id] = path
            self.page_order.append(entry.post_id)
            self.add_item_addresses(entry, f"/{path}/")

    def add_item_addresses(self, entry, address):
        self.address_book.add(self.old_keys(entry), address)

    @staticmethod
    def old_keys(entry):
        """The keys of an item's old addresses: its permalink's path, `?p=N`, and for a page
        `?page_id=N` (WordPress answers both for a page)."""
        keys = []
        path = urlsplit(entry.link or "").path
        if path and path != "/":
            keys.append(path_key(path))
        keys.append(query_key("p", entry.post_id))
        if entry.post_type == "page":
            keys.append(query_key("page_id", entry.post_id))
        elif entry.post_type == "attachment":
            keys.append(query_key("attachment_id", entry.post_id))
        return keys
