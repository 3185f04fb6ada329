"""Authors, sections and tags: the part of the import (`importer.Importer`) that reuses
the site's own by name or slug, makes the missing ones, and records the old category and
tag addresses that now lead to them."""

from django.contrib.contenttypes.models import ContentType
from taggit.models import Tag

from articles.models import Author, Section
from publishing.links import slug_url
from publishing.slugs import slug_from_title

from .addresses import SlugPlanner, path_key, query_key
from .survey import plain_text, shorten


class TaxonomyImport:
    """Mixed into `Importer`: reads its survey, report, address book and legacy records."""

    def write_authors(self):
        self.authors = {}
        known = {}
        for author in Author.objects.only("pk", "name", "slug"):
            known.setdefault(author.name.casefold(), author)
        for login, wp_author in self.survey.authors.items():
            name = shorten(" ".join((wp_author.display_name or login).split()) or login, 150)
            author = known.get(name.casefold())
            if author is None:
                author = Author(name=name)
                author.save()
                known[name.casefold()] = author
                self.report.count("author", "created")
            else:
                self.report.count("author", "updated")
            self.authors[login] = author

    def author_for(self, login):
        if not login:
            return None
        author = self.authors.get(login)
        if author is None:  # a login the channel did not list
            author = Author.objects.filter(name=login).first() or Author(name=shorten(login, 150))
            if author.pk is None:
                author.save()
                self.report.count("author", "created")
            self.authors[login] = author
        return author

    def write_sections(self):
        """Placard's sections are flat: every category becomes a section of its own name
        and slug; an article goes into its deepest category (see `section_and_tags`)."""
        self.sections = {}
        section_type = ContentType.objects.get_for_model(Section)
        existing = {section.slug: section for section in Section.objects.all()}
        for slug, term in self.survey.categories.items():
            # The same slug on every run, so that a second run finds the section again.
            wanted = slug_from_title(slug or term.name, max_length=134, fallback="section")
            section = existing.get(wanted)
            if section is None:
                name = shorten(plain_text(term.name) or slug, 120)
                section = Section(name=name, slug=wanted, description=plain_text(term.description))
                section.save()
                existing[section.slug] = section
                self.report.count("section", "created")
            else:
                self.report.count("section", "updated")
            self.sections[slug] = section
            keys = [path_key("category/" + "/".join(self.survey.category_path(slug)))]
            if term.term_id:
                keys.append(query_key("cat", term.term_id))
            self.address_book.add(keys, section.get_absolute_url())
            for key in keys:
                self.legacy[key] = (section_type, section.pk)

    def write_tags(self):
        """WordPress's tags, reused by name (tags are case-insensitive here). The
        categories an article holds besides its section become tags when first used."""
        self.tags, self.tags_counted, self.tag_names, self.depths = {}, set(), {}, {}
        for tag in Tag.objects.all().iterator(2000):
            self.tags.setdefault(tag.name.casefold(), tag)
        # The new ones in one query, with the transliterated slugs a tag's own save would
        # give them (`publishing.signals.transliterate_tag_slug`).
        slugs = SlugPlanner(
            (tag.slug for tag in self.tags.values()),
            max_length=Tag._meta.get_field("slug").max_length,
            fallback="tag",
        )
        new = {}
        for term in self.survey.tags.values():
            name = plain_text(term.name)[:100]
            if name and name.casefold() not in self.tags and name.casefold() not in new:
                new[name.casefold()] = Tag(name=name, slug=slugs.plan("", name))
        for tag in Tag.objects.bulk_create(new.values()):
            self.tags[tag.name.casefold()] = tag
        self.report.count("tag", "created", len(new))
        self.tags_counted.update(new)
        tag_type = ContentType.objects.get_for_model(Tag)
        for slug, term in self.survey.tags.items():
            tag = self.tag_named(term.name)
            if tag is None:
                continue
            key = path_key(f"tag/{slug}")
            self.address_book.add([key], slug_url("articles:tag-detail", tag.slug))
            self.legacy[key] = (tag_type, tag.pk)

    def category_depth(self, slug):
        if slug not in self.depths:
            self.depths[slug] = len(self.survey.category_path(slug))
        return self.depths[slug]

    def tag_named(self, raw_name):
        """The tag called `raw_name`, made if there is none yet; None for an empty name."""
        if raw_name not in self.tag_names:  # the same few names come back on every item
            self.tag_names[raw_name] = plain_text(raw_name)[:100]
        name = self.tag_names[raw_name]
        if not name:
            return None
        tag = self.tags.get(name.casefold())
        if tag is None:
            tag = Tag(name=name)
            tag.save()
            self.tags[name.casefold()] = tag
            self.report.count("tag", "created")
        elif tag.name.casefold() not in self.tags_counted:
            self.report.count("tag", "updated")
        self.tags_counted.add(name.casefold())
        return tag
