"""Importing a WordPress export: what each kind of item becomes, and what readers see.

`c-site.xml` is a small site written for these tests (see its comment); the media folder
is made in tmp_path with small JPEGs, one of them carrying a GPS position.
"""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image as PILImage
from taggit.models import Tag

from articles.models import Article, Author, Section
from events.models import Event
from images.models import Image
from pages.models import Page
from wordpress.importer import import_wordpress
from wordpress.models import ImportedItem, LegacyAddress

WXR = Path(__file__).parent / "wxr"
SITE = WXR / "c-site.xml"

pytestmark = pytest.mark.django_db


def jpeg(path, size=(640, 480), color=(20, 90, 160), exif=None):
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    image = PILImage.new("RGB", size, color)
    image.save(buffer, format="JPEG", **({"exif": exif} if exif else {}))
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture
def media_dir(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "placard-media"
    uploads = tmp_path / "uploads"
    exif = PILImage.Exif()
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # a GPS position
    jpeg(uploads / "2019" / "03" / "dockers.jpg", exif=exif.tobytes())
    return uploads


@pytest.fixture
def imported(media_dir):
    return import_wordpress(SITE, media_dir=media_dir)


def article(title):
    return Article.objects.get(title=title)


def test_each_status_is_mapped(imported):
    published = article("Harbour strike enters its second week")
    assert published.status == Article.Status.PUBLISHED
    assert published.publish_at == datetime.datetime(2019, 3, 14, 9, 30, tzinfo=datetime.UTC)
    assert published.is_published

    scheduled = article("A ship is coming")
    assert scheduled.is_scheduled
    assert scheduled.publish_at == datetime.datetime(2030, 1, 1, 9, 0, tzinfo=datetime.UTC)

    draft = article("Draft notes")
    assert (draft.status, draft.review_state) == (Article.Status.DRAFT, "")

    pending = article("Waiting for an editor")
    assert pending.status == Article.Status.DRAFT
    assert pending.review_state == Article.Review.SUBMITTED

    private = article("Members only")
    assert private.status == Article.Status.DRAFT

    assert not Article.objects.filter(title="Thrown away").exists()
    assert imported.counts["article"]["skipped"] == 1  # the one in the bin
    assert imported.skipped_types == {"nav_menu_item": 1}


def test_sticky_excerpt_author_and_slug(imported):
    strike = article("Harbour strike enters its second week")
    assert strike.is_highlight
    assert not article("Why the harbour matters").is_highlight
    assert strike.standfirst == "Day eight: no ship has left."
    assert [author.name for author in strike.byline_authors()] == ["María Núñez"]
    assert strike.slug == "harbour-strike"
    assert strike.get_absolute_url() == "/articles/harbour-strike/"
    # A draft without a WordPress slug gets one from its title.
    assert article("Draft notes").slug == "draft-notes"


def test_an_existing_author_of_the_same_name_is_reused(media_dir):
    maria = Author.objects.create(name="María Núñez")
    report = import_wordpress(SITE, media_dir=media_dir)
    assert article("Why the harbour matters").byline_authors() == [maria]
    assert Author.objects.filter(name="María Núñez").count() == 1
    assert report.counts["author"] == {"created": 1, "updated": 1}


def test_nested_categories_are_flattened_into_sections(imported):
    assert set(Section.objects.values_list("slug", "name")) == {
        ("news", "News"),
        ("strikes", "Strikes"),
        ("port-strikes", "Port strikes"),
        ("analysis", "Analysis"),
    }
    strike = article("Harbour strike enters its second week")
    # The deepest category is the section; the other one is kept as a tag.
    assert strike.section.slug == "port-strikes"
    assert {tag.name for tag in strike.tags.all()} == {"News", "Solidarity", "Мир"}
    assert article("Why the harbour matters").section.slug == "analysis"
    assert article("Draft notes").section is None


def test_tags_are_reused_by_name(media_dir):
    existing = Tag.objects.create(name="solidarity")
    import_wordpress(SITE, media_dir=media_dir)
    strike = article("Harbour strike enters its second week")
    assert existing in strike.tags.all()
    assert Tag.objects.filter(name__iexact="solidarity").count() == 1
    assert Tag.objects.get(name="Мир").slug == "mir"


def test_featured_image_becomes_the_lead_image(imported, settings):
    strike = article("Harbour strike enters its second week")
    image = strike.lead_image
    assert image.title == "Dockers at the gate"
    assert (image.width, image.height) == (640, 480)
    assert strike.lead_image_alt == "Dockers at the harbour gate"
    assert strike.lead_image_caption == "Dockers at the gate at dawn"
    # Stored as an upload is: re-encoded, without the GPS position, with renditions.
    stored = Path(settings.MEDIA_ROOT, image.file.name).read_bytes()
    assert not PILImage.open(io.BytesIO(stored)).getexif().get_ifd(0x8825)
    assert image.original_name == "dockers.jpg"
    assert image.renditions


def test_a_missing_media_file_is_reported_and_the_import_goes_on(imported, media_dir):
    assert (
        202,
        f"image file not found: 2019/03/missing.jpg (looked in {media_dir})",
    ) in imported.problems
    assert Image.objects.count() == 1
    assert imported.counts["image"] == {"created": 1, "skipped": 1}
    assert Article.objects.count() == 6


def test_without_a_media_folder_nothing_stops_the_import(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    report = import_wordpress(SITE)
    assert Image.objects.count() == 0
    assert Article.objects.count() == 6
    assert any("no --media-dir" in message for _id, message in report.problems)
    assert article("Harbour strike enters its second week").lead_image is None


def test_shortcodes_and_blocks_come_through(imported):
    body = article("Harbour strike enters its second week").body
    assert "wp:paragraph" not in body
    image = Image.objects.get()
    assert "<figure>" in body and "<figcaption>" in body
    assert f'src="{image.file.url}"' in body
    assert 'alt="Dockers at the gate"' in body  # the alt text written in the post
    assert "Dockers at the gate at dawn" in body
    # An embed is a plain link: public pages make no third-party request.
    assert '<a href="https://video.example.net/watch/123"' in body
    assert "<iframe" not in body and "[embed]" not in body
    assert "Solidarity ✊ in every port." in body
    description = Event.objects.get(title="Rally at the harbour").description
    assert '<a href="https://old.example.org/wp-content/uploads/2019/03/song.mp3"' in description


def links(html):
    """{link text: address} of the links in `html`."""
    return {text: href for href, text in re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', html)}


def test_links_between_items_are_rewritten(imported):
    body = article("Harbour strike enters its second week").body
    # `?p=104` and the page come further down the file.
    assert links(body)["the analysis"] == "/articles/why-the-harbour-matters/"
    assert links(body)["our history"] == "/about/history/"
    analysis = article("Why the harbour matters").body
    assert links(analysis)["the strike report"] == "/articles/harbour-strike/"
    image = Image.objects.get()
    assert f'<img src="{image.file.url}" alt="Dockers at the harbour gate"' in analysis  # gallery
    assert links(Page.objects.get(title="History").body)["About us"] == "/about/"


def test_pages_keep_their_parent(imported):
    about = Page.objects.get(title="About us")
    history = Page.objects.get(title="History")
    assert history.parent == about
    assert history.get_absolute_url() == "/about/history/"
    assert (about.order, history.order) == (1, 2)
    assert about.is_published


def test_an_event_keeps_its_time_zone_and_venue(imported):
    rally = Event.objects.get(title="Rally at the harbour")
    assert rally.start == datetime.datetime(2019, 3, 23, 11, 0, tzinfo=datetime.UTC)
    assert rally.end == datetime.datetime(2019, 3, 23, 14, 0, tzinfo=datetime.UTC)
    assert rally.time_zone == "Europe/London"
    assert rally.venue_name == "Harbour hall"
    assert rally.venue_address == "1 Quay Street"
    assert rally.venue_city == "Liverpool"
    assert rally.venue_postcode == "L3 4AA"
    assert rally.venue_country.code == "GB"
    assert rally.organiser_name == "Dockers United Liverpool"
    assert rally.organiser_url == "https://liverpool.example.org/"
    # No UTC values: the local ones are read in the event's own zone (UTC+3 in June).
    athens = Event.objects.get(title="Conference in Athens")
    assert athens.time_zone == "Europe/Athens"
    assert athens.start == datetime.datetime(2019, 6, 10, 6, 0, tzinfo=datetime.UTC)
    assert athens.local_start.hour == 9
    assert any(
        post_id == 502 and "without a venue" in message for post_id, message in imported.problems
    )


def test_a_second_run_updates_and_creates_no_duplicates(media_dir, tmp_path):
    import_wordpress(SITE, media_dir=media_dir)
    counts = (Article.objects.count(), Page.objects.count(), Event.objects.count())
    images, sections, tags = Image.objects.count(), Section.objects.count(), Tag.objects.count()
    strike = article("Harbour strike enters its second week")
    changed = tmp_path / "changed.xml"
    changed.write_text(
        SITE.read_text()
        .replace("The strike at the harbour goes on.", "The strike is over: we won.")
        .replace("Harbour strike enters its second week", "Harbour strike won")
    )

    report = import_wordpress(changed, media_dir=media_dir)

    assert (Article.objects.count(), Page.objects.count(), Event.objects.count()) == counts
    assert (Image.objects.count(), Section.objects.count(), Tag.objects.count()) == (
        images,
        sections,
        tags,
    )
    strike.refresh_from_db()
    assert strike.title == "Harbour strike won"
    assert "The strike is over: we won." in strike.body
    assert strike.slug == "harbour-strike"
    assert strike.tags.count() == 3
    assert strike.bylines.count() == 1
    assert report.counts["article"] == {"updated": 6, "skipped": 1}
    assert report.counts["image"] == {"updated": 1, "skipped": 1}
    assert ImportedItem.objects.filter(post_type="post").count() == 6


def test_a_dry_run_writes_nothing(media_dir, settings):
    report = import_wordpress(SITE, media_dir=media_dir, dry_run=True)
    assert Article.objects.count() == 0
    assert Page.objects.count() == Event.objects.count() == Image.objects.count() == 0
    assert Section.objects.count() == Author.objects.count() == 0
    assert ImportedItem.objects.count() == LegacyAddress.objects.count() == 0
    assert not Path(settings.MEDIA_ROOT).exists() or not any(Path(settings.MEDIA_ROOT).rglob("*.*"))
    assert report.counts["article"] == {"created": 6, "skipped": 1}
    assert report.counts["image"] == {"created": 1, "skipped": 1}
    assert "Dry run: nothing was stored." in report.lines()


def test_old_addresses_are_recorded(imported):
    strike = article("Harbour strike enters its second week")
    keys = set(
        LegacyAddress.objects.filter(
            object_id=strike.pk, content_type__model="article"
        ).values_list("old_address", flat=True)
    )
    assert keys == {"/2019/03/14/harbour-strike", "?p=101"}
    assert LegacyAddress.objects.filter(old_address="/category/news/strikes/port-strikes").exists()
    assert LegacyAddress.objects.filter(old_address="/tag/мир").exists()
    assert LegacyAddress.objects.filter(old_address="?page_id=301").exists()


def test_published_articles_reach_readers_and_the_others_do_not(imported, client):
    listing = client.get("/articles/").content.decode()
    assert "Harbour strike enters its second week" in listing
    assert "Why the harbour matters" in listing
    for title in ("A ship is coming", "Draft notes", "Waiting for an editor", "Members only"):
        assert title not in listing
        assert client.get(article(title).get_absolute_url()).status_code == 404
    page = client.get("/articles/harbour-strike/")
    assert page.status_code == 200
    assert "Solidarity ✊ in every port." in page.content.decode()
    assert client.get("/sections/port-strikes/").status_code == 200
    found = client.get("/search/", {"q": "harbour"}).content.decode()
    assert "Harbour strike enters its second week" in found
    assert "Members only" not in client.get("/search/", {"q": "private"}).content.decode()
    assert client.get("/about/history/").status_code == 200


def test_scheduled_articles_appear_at_their_time(imported, client, time_machine):
    time_machine.move_to(datetime.datetime(2030, 1, 1, 9, 0, 1, tzinfo=datetime.UTC))
    assert timezone.now().year == 2030
    assert client.get("/articles/a-ship-is-coming/").status_code == 200


# Exports written by the reader's tests (tests/wordpress/wxr/, see each file's comment).


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("site-1.0.xml", "Branch meeting moved"),
        ("site-1.1.xml", "Bike ride against the ring road"),
        ("site-1.2.xml", "Rent strike spreads to three more estates"),
        ("https-namespaces.xml", "Aufruf zur Demonstration"),
        ("latin-1.xml", "Réunion à l'hôtel de ville"),
    ],
)
def test_every_version_and_namespace_imports(name, title, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    import_wordpress(WXR / name)
    found = Article.objects.get(title=title)
    assert found.is_published
    assert client.get(found.get_absolute_url()).status_code == 200


def test_text_is_kept_and_each_repair_reported(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    report = import_wordpress(WXR / "text.xml")
    first = Article.objects.get(title__startswith="\u200fשלום")
    assert first.title == "\u200fשלום\u200e and \u061cمرحبا — Привет 👋🏾 \ufffd end"
    second = Article.objects.get(status=Article.Status.DRAFT)
    assert second.title == "☕ 中文 עברית 👩\u200d👩\u200d👧 🇵🇸"
    repairs = [(post_id, message.split(":")[0]) for post_id, message in report.problems]
    assert repairs[:5] == [
        (None, "term name"),
        (1, "title"),
        (1, "content"),
        (1, "excerpt"),
        (1, "meta _subtitle"),
    ]
    assert (1, "content: 3 characters that cannot be stored (a lone surrogate or control "
            "character) replaced with �") in report.problems  # fmt: skip


def test_site_1_2_end_to_end(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    uploads = tmp_path / "uploads"
    jpeg(uploads / "2019" / "03" / "photo.jpg", size=(800, 600))
    jpeg(uploads / "2020" / "01" / "rally-crowd.jpg")
    report = import_wordpress(WXR / "site-1.2.xml", media_dir=uploads, time_zone="Europe/Rome")
    assert report.counts["article"] == {"created": 7}
    assert report.counts["page"] == {"created": 2}
    assert report.counts["event"] == {"created": 1}
    # banner.png is missing from the media folder.
    assert report.counts["image"] == {"created": 2, "skipped": 1}
    assert any(post_id == 11 and "banner.png" in message for post_id, message in report.problems)

    rent = Article.objects.get(title="Rent strike spreads to three more estates")
    assert rent.is_highlight and rent.section.slug == "housing"
    assert {tag.name for tag in rent.tags.all()} == {"Campaigns", "Rent", "Tenants"}
    assert rent.lead_image.original_name == "photo.jpg"
    page = client.get(rent.get_absolute_url()).content.decode()
    assert rent.lead_image.file.url in page
    may_day = Article.objects.get(title="May Day assembly")
    assert may_day.publish_at == datetime.datetime(2030, 5, 1, 7, 0, tzinfo=datetime.UTC)
    assert not may_day.is_published

    rally = Event.objects.get()
    assert rally.time_zone == "Europe/Rome"
    assert rally.local_start.hour == 14 and rally.venue_name == "Town Hall Square"
    assert rally.lead_image.original_name == "rally-crowd.jpg"
    assert Page.objects.get(slug="contact").get_absolute_url() == "/about/contact/"
    assert client.get("/events/").status_code == 200


def test_an_import_that_fails_half_way_leaves_nothing_behind(media_dir, settings, monkeypatch):
    from wordpress.importer import Importer

    def broken(self):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(Importer, "write_legacy_addresses", broken)
    with pytest.raises(RuntimeError):
        import_wordpress(SITE, media_dir=media_dir)
    assert not Article.objects.exists() and not Image.objects.exists()
    assert not [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def test_an_item_that_appears_twice_is_imported_once(media_dir, tmp_path):
    text = SITE.read_text()
    start = text.index("\t<item>\n\t\t<title>Why the harbour matters</title>")
    end = text.index("</item>", start) + len("</item>\n")
    doubled = tmp_path / "doubled.xml"
    doubled.write_text(text[:end] + text[start:end] + text[end:])
    report = import_wordpress(doubled, media_dir=media_dir)
    assert Article.objects.filter(title="Why the harbour matters").count() == 1
    assert (
        104,
        "appears twice in the export (same id or GUID): the second is left out",
    ) in report.problems


def test_a_page_never_takes_an_address_the_site_uses(tmp_path, settings, client):
    settings.MEDIA_ROOT = tmp_path / "media"
    export = tmp_path / "search-page.xml"
    export.write_text(
        SITE.read_text()
        .replace("<wp:post_name><![CDATA[about]]></wp:post_name>", "<wp:post_name><![CDATA[search]]></wp:post_name>")
        .replace("https://old.example.org/about/", "https://old.example.org/search/")
    )  # fmt: skip
    import_wordpress(export)
    about = Page.objects.get(title="About us")
    assert about.get_absolute_url() == "/search-2/"
    assert Page.objects.get(title="History").get_absolute_url() == "/search-2/history/"
    assert client.get("/search-2/history/").status_code == 200


def test_an_item_keeps_at_most_the_tags_a_form_allows(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    many = "".join(
        f'<category domain="post_tag" nicename="t{number}"><![CDATA[T{number}]]></category>'
        for number in range(55)
    )
    anchor = '<category domain="category" nicename="analysis"><![CDATA[Analysis]]></category>'
    export = tmp_path / "many-tags.xml"
    export.write_text(SITE.read_text().replace(anchor, anchor + many))
    report = import_wordpress(export)
    assert article("Why the harbour matters").tags.count() == 50
    assert (104, "55 tags (with the categories besides its section): the first 50 kept") in (
        report.problems
    )


def document(post_id, name, parent=104):
    """An attachment item of the export that is not an image."""
    url = f"https://old.example.org/wp-content/uploads/2019/03/{name}"
    return f"""	<item>
		<title>{name}</title>
		<guid isPermaLink="false">{url}</guid>
		<content:encoded><![CDATA[]]></content:encoded>
		<wp:post_id>{post_id}</wp:post_id>
		<wp:post_date_gmt><![CDATA[2019-03-14 09:00:00]]></wp:post_date_gmt>
		<wp:status><![CDATA[inherit]]></wp:status>
		<wp:post_parent>{parent}</wp:post_parent>
		<wp:post_type><![CDATA[attachment]]></wp:post_type>
		<wp:attachment_url><![CDATA[{url}]]></wp:attachment_url>
	</item>
"""


def test_documents_are_listed_in_one_line_and_links_to_them_are_kept(media_dir, tmp_path):
    link = "https://old.example.org/wp-content/uploads/2019/03/leaflet.pdf"
    text = SITE.read_text().replace(
        "Founded in 1889.", f'Founded in 1889. <a href="{link}">Our leaflet</a>.'
    )
    start = text.index("\t<item>\n\t\t<title>Missing photo</title>")
    export = tmp_path / "documents.xml"
    export.write_text(
        text[:start] + document(601, "leaflet.pdf") + document(602, "minutes.docx") + text[start:]
    )
    report = import_wordpress(export, media_dir=media_dir)
    lines = report.lines()
    assert (
        "  export: documents are not imported: 2 files (ids 601, 602); links to them still "
        "point at the old site"
    ) in lines
    assert not [line for line in lines if "leaflet.pdf" in line or "minutes.docx" in line]
    assert report.counts["image"]["skipped"] == 1  # the missing photo, not the documents
    assert link in Page.objects.get(title="History").body
    assert Image.objects.count() == 1


HUGE = "9" * 5000  # more digits than int() reads


@pytest.mark.parametrize("bad_id", ["²", HUGE], ids=["superscript", "5000-digits"])
def test_ids_that_are_no_number_are_skipped_not_a_failed_import(media_dir, tmp_path, bad_id):
    meta = "<wp:meta_value><![CDATA[{}]]></wp:meta_value>"
    export = tmp_path / "hostile-ids.xml"
    export.write_text(
        SITE.read_text()
        .replace(meta.format(201), meta.format(bad_id))  # the featured image's id
        .replace(meta.format(401), meta.format(bad_id))  # the event's venue
        .replace(meta.format(402), meta.format(bad_id))  # the event's organiser
        .replace("wp-image-201", f"wp-image-{bad_id}")
        .replace('id="attachment_201"', f'id="attachment_{bad_id}"')
        .replace('[gallery ids="201,202"]', f'[gallery ids="{bad_id},202" exclude="{bad_id}"]')
    )
    report = import_wordpress(export, media_dir=media_dir)
    strike = article("Harbour strike enters its second week")
    assert strike.lead_image is None
    # The captioned image is still found by its address, and its caption kept.
    assert "Dockers at the gate at dawn</figcaption>" in strike.body
    # The gallery shows what it would without the bad id: 202 was never imported.
    assert "<figure>" not in article("Why the harbour matters").body
    event = Event.objects.get(title="Rally at the harbour")
    assert event.venue_name == ""
    assert (501, "event without a venue: add one in the admin") in report.problems
