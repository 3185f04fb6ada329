"""What a caller of wordpress.wxr.read() sees: the objects of an export, and refusals.

The exports are in tests/wordpress/wxr/ (each says at its top what it holds)."""

import codecs
import io
import os
import subprocess
import sys
import tracemalloc
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from wordpress import xmlrepair
from wordpress.wxr import Author, Item, Site, Term, TextFix, WxrError, read

FILES = Path(__file__).parent / "wxr"
ROOT = Path(__file__).resolve().parents[2]


def objects(name, **options):
    return list(read(FILES / name, time_zone=options.pop("time_zone", "Europe/Rome"), **options))


def items_of(name, **options):
    return {o.post_id: o for o in objects(name, **options) if isinstance(o, Item)}


def until_refused(source):
    """What the reader yielded before it refused `source`, and the refusal."""
    seen = []
    with pytest.raises(WxrError) as refusal:
        for found in read(source, time_zone="UTC"):
            seen.append(found)
    return seen, str(refusal.value)


def utc(*args):
    return datetime(*args, tzinfo=UTC)


# -- a complete export ----------------------------------------------------------------------


def test_site_comes_first_then_authors_terms_and_items_in_document_order():
    found = objects("site-1.2.xml")

    assert found[0] == Site(
        wxr_version="1.2",
        title="Housing Action Bologna",
        link="https://old.example.org",
        base_site_url="https://old.example.org",
        base_blog_url="https://old.example.org",
        language="en-GB",
    )
    kinds = [type(o).__name__ for o in found[1:]]
    assert kinds == ["Author"] * 2 + ["Term"] * 8 + ["Item"] * 15
    assert [o.post_id for o in found if isinstance(o, Item)] == [
        *(10, 11, 12),
        *range(101, 108),
        201,
        202,
        301,
        302,
        401,
    ]


def test_authors():
    authors = [o for o in objects("site-1.2.xml") if isinstance(o, Author)]

    assert authors == [
        Author("maria", "Maria Rossi", "maria@example.org", "Maria", "Rossi"),
        Author("kwame", "Kwame Mensah", "kwame@example.org", "Kwame", "Mensah"),
    ]


def test_categories_keep_their_parent_slug_tags_and_other_taxonomies():
    terms = [o for o in objects("site-1.2.xml") if isinstance(o, Term)]

    assert terms == [
        Term("category", 2, "news", "News", "", "Reports from the street"),
        Term("category", 3, "campaigns", "Campaigns", "", ""),
        Term("category", 4, "housing", "Housing", "campaigns", ""),
        Term("post_tag", 5, "solidarity", "Solidarity", "", ""),
        Term("post_tag", 6, "rent", "Rent", "", ""),
        Term("post_tag", 7, "tenants", "Tenants", "", ""),
        Term("tribe_events_cat", 8, "rallies", "Rallies", "", ""),
        Term("nav_menu", 9, "main-menu", "Main menu", "", ""),
    ]


def test_every_post_status_with_its_date_in_utc():
    items = items_of("site-1.2.xml")

    assert {pid: (items[pid].status, items[pid].post_date) for pid in range(101, 108)} == {
        101: ("publish", utc(2019, 3, 14, 9, 30)),
        102: ("publish", utc(2019, 2, 1, 17, 0)),
        103: ("future", utc(2030, 5, 1, 7, 0)),
        # Drafts and pending posts have no GMT date: their local date is read in Rome.
        104: ("draft", utc(2026, 10, 20, 12, 0)),
        105: ("pending", utc(2026, 10, 21, 8, 0)),
        106: ("private", utc(2019, 6, 10, 19, 0)),
        107: ("publish", utc(2019, 4, 2, 16, 0)),
    }
    assert items[101].modified == utc(2019, 3, 15, 17, 0)
    assert items[105].modified == utc(2026, 10, 21, 8, 0)
    assert items[104].slug == items[105].slug == ""


def test_sticky_post_with_excerpt_featured_image_terms_and_content():
    post = items_of("site-1.2.xml")[101]

    assert post.post_type == "post"
    assert post.title == "Rent strike spreads to three more estates"
    assert post.link == "https://old.example.org/2019/03/14/rent-strike-spreads/"
    assert post.guid == "https://old.example.org/?p=101"
    assert post.creator == "maria"
    assert post.slug == "rent-strike-spreads"
    assert post.is_sticky is True
    assert post.excerpt == "Three more estates join the rent strike."
    assert post.meta == {"_edit_last": "1", "_thumbnail_id": "10"}
    assert post.terms == [
        ("category", "campaigns", "Campaigns"),
        ("category", "housing", "Housing"),
        ("post_tag", "rent", "Rent"),
        ("post_tag", "tenants", "Tenants"),
    ]
    assert post.content.startswith("Tenants in three more estates stopped paying rent on Monday.\n")
    assert '[caption id="attachment_10"' in post.content
    assert 'class="size-large wp-image-10"' in post.content
    assert 'href="https://old.example.org/?p=107"' in post.content
    assert [i.is_sticky for i in items_of("site-1.2.xml").values()].count(True) == 1


def test_post_comments_are_not_read():
    found = objects("site-1.2.xml")

    assert not any("Solidarity from Turin" in repr(o) for o in found)
    assert not any("akismet" in repr(o) for o in found)


def test_gutenberg_and_shortcode_content_is_raw():
    items = items_of("site-1.2.xml")

    assert items[102].content.startswith("<!-- wp:paragraph -->\n<p>Forty households")
    assert '[gallery ids="10,11,12" columns="3"]' in items[107].content
    assert "[embed]https://www.youtube.com/watch?v=dQw4w9WgXcQ[/embed]" in items[107].content


def test_attachments():
    items = items_of("site-1.2.xml")
    photo = items[10]

    assert photo.post_type == "attachment"
    assert photo.status == "inherit"
    assert photo.parent_id == 101
    assert photo.attachment_url == "https://old.example.org/wp-content/uploads/2019/03/photo.jpg"
    assert (
        photo.meta["_wp_attachment_image_alt"] == "Tenants marching on the town hall with a banner"
    )
    assert photo.excerpt == "March on the town hall. Photo: Ana Lima"
    assert items[11].attachment_url.endswith("/2019/04/banner.png")
    assert "_wp_attachment_image_alt" not in items[11].meta
    assert items[101].attachment_url == ""


def test_page_with_a_parent():
    items = items_of("site-1.2.xml")

    assert (items[201].post_type, items[201].slug, items[201].parent_id) == ("page", "about", 0)
    assert (items[202].post_type, items[202].slug, items[202].parent_id) == ("page", "contact", 201)
    assert items[202].menu_order == 2


def test_event_and_its_venue():
    items = items_of("site-1.2.xml")
    event, venue = items[302], items[301]

    assert event.post_type == "tribe_events"
    assert event.terms == [("tribe_events_cat", "rallies", "Rallies")]
    assert {key: event.meta[key] for key in event.meta if key.startswith("_Event")} == {
        "_EventOrigin": "events-calendar",
        "_EventStartDate": "2020-02-15 14:00:00",
        "_EventEndDate": "2020-02-15 17:00:00",
        "_EventStartDateUTC": "2020-02-15 13:00:00",
        "_EventEndDateUTC": "2020-02-15 16:00:00",
        "_EventTimezone": "Europe/Rome",
        "_EventTimezoneAbbr": "CET",
        "_EventVenueID": "301",
        "_EventShowMap": "1",
    }
    assert venue.post_type == "tribe_venue"
    assert venue.title == "Town Hall Square"
    assert venue.meta["_VenueAddress"] == "Piazza Maggiore 6"
    assert venue.meta["_VenueCity"] == "Bologna"
    assert venue.meta["_VenueCountry"] == "Italy"
    assert venue.meta["_VenueZip"] == "40121"
    # &#038; in the GUID is the character reference WordPress writes for "&".
    assert venue.guid == "https://old.example.org/?post_type=tribe_venue&p=301"


def test_other_post_types_come_through_as_they_are():
    menu_item = items_of("site-1.2.xml")[401]

    assert menu_item.post_type == "nav_menu_item"
    assert menu_item.meta["_menu_item_object_id"] == "201"
    assert menu_item.modified is None  # no post_modified in this item


# -- versions and namespaces ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "version", "post_id", "creator", "excerpt"),
    [
        ("site-1.0.xml", "1.0", 12, "secretary", ""),
        ("site-1.1.xml", "1.1", 7, "lea", "Sunday, 10 a.m."),
        ("site-1.2.xml", "1.2", 101, "maria", "Three more estates join the rent strike."),
        ("https-namespaces.xml", "1.2", 5, "jonas", "Samstag, 12 Uhr"),
    ],
)
def test_each_version_and_namespace_family(name, version, post_id, creator, excerpt):
    found = objects(name)
    post = items_of(name)[post_id]

    assert found[0].wxr_version == version
    assert post.creator == creator
    assert post.excerpt == excerpt
    assert post.content  # content:encoded found in this version's namespace
    assert post.status == "publish"
    assert post.post_date is not None


def test_wxr_1_0_terms_without_term_ids_and_repeated_item_categories():
    found = objects("site-1.0.xml")
    items = {o.post_id: o for o in found if isinstance(o, Item)}

    assert [o for o in found if isinstance(o, Term)] == [
        Term("category", None, "uncategorized", "Uncategorized", "", ""),
        Term("category", None, "strikes", "Strikes", "uncategorized", "Industrial action"),
        Term("post_tag", None, "pay", "pay", "", ""),
    ]
    assert not any(isinstance(o, Author) for o in found)
    # The entries repeated without a slug are dropped; "tag" is read as post_tag.
    assert items[12].terms == [("category", "strikes", "Strikes"), ("post_tag", "pay", "pay")]
    # An entry that only exists without a slug is kept, with an empty slug.
    assert items[2].terms == [("category", "", "Uncategorized")]
    assert items[2].post_type == "page"


def test_wxr_1_1_authors_sticky_and_a_draft():
    found = objects("site-1.1.xml")
    items = {o.post_id: o for o in found if isinstance(o, Item)}

    assert [o for o in found if isinstance(o, Author)] == [
        Author("lea", "Léa Dupont", "lea@example.com", "Léa", "Dupont")
    ]
    assert items[7].is_sticky
    assert items[8].status == "draft"
    assert items[8].post_date == utc(2011, 3, 31, 10, 0)  # local 12:00 in Rome, summer time


# -- time zones -----------------------------------------------------------------------------


def test_dates_without_gmt_are_read_in_the_time_zone_given():
    draft = lambda **tz: items_of("site-1.2.xml", **tz)[104].post_date  # noqa: E731

    assert draft(time_zone="UTC") == utc(2026, 10, 20, 14, 0)
    assert draft(time_zone="America/New_York") == utc(2026, 10, 20, 18, 0)
    assert draft(time_zone=timezone(timedelta(hours=5))) == utc(2026, 10, 20, 9, 0)
    # A GMT date does not depend on the time zone.
    assert items_of("site-1.2.xml", time_zone="Asia/Tokyo")[101].post_date == utc(
        2019, 3, 14, 9, 30
    )


def test_default_time_zone_is_the_sites(settings):
    settings.TIME_ZONE = "Asia/Kolkata"

    draft = next(o for o in read(FILES / "site-1.2.xml") if getattr(o, "post_id", 0) == 104)

    assert draft.post_date == utc(2026, 10, 20, 8, 30)


def test_unknown_time_zone_is_refused_before_reading():
    with pytest.raises(ValueError, match="unknown time zone 'Mars/Olympus'"):
        read(FILES / "site-1.2.xml", time_zone="Mars/Olympus")


def test_works_without_django_settings_when_given_a_time_zone():
    script = (
        "from wordpress.wxr import read, Item\n"
        "items = [o for o in read('tests/wordpress/wxr/site-1.2.xml', time_zone='UTC')"
        " if isinstance(o, Item)]\n"
        "print(len(items), items[6].post_date.isoformat())\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["15", "2026-10-20T14:00:00+00:00"]


# -- refusals -------------------------------------------------------------------------------


def test_malformed_file_is_refused_with_its_line_after_what_came_before():
    seen, message = until_refused(FILES / "malformed.xml")

    assert message == (f"{FILES / 'malformed.xml'}, line 30: not well-formed XML (mismatched tag)")
    assert [type(o).__name__ for o in seen] == ["Site", "Item"]
    assert seen[1].post_id == 1  # post 2, where the fault is, never comes out


def test_entity_bomb_is_refused_and_nothing_is_read():
    seen, message = until_refused(FILES / "billion-laughs.xml")

    assert seen == []
    assert "billion-laughs.xml, line 3: refused: the file declares XML entities (“lol”)" in message


def test_external_entity_is_refused_and_nothing_is_read():
    seen, message = until_refused(FILES / "external-entity.xml")

    assert seen == []
    assert "line 5: refused: the file declares XML entities" in message
    assert "file:///etc/passwd" in message
    assert "root:" not in message


def test_export_without_wxr_version_is_refused_at_its_first_item():
    seen, message = until_refused(FILES / "no-version.xml")

    assert seen == []
    assert message == (
        f"{FILES / 'no-version.xml'}, line 12: no wxr_version before <item> — "
        "is this a WordPress export?"
    )


@pytest.mark.parametrize(
    "xml",
    [
        b"<rss><channel><title>Empty feed</title></channel></rss>",
        b"<html><body><p>Not an export</p></body></html>",
    ],
)
def test_file_without_any_wxr_version_is_refused_at_its_end(xml):
    seen, message = until_refused(io.BytesIO(xml))

    assert seen == []
    assert message == "the export: no wxr_version — is this a WordPress export?"


def test_unknown_wxr_version_is_refused_with_its_line():
    seen, message = until_refused(FILES / "version-9.9.xml")

    assert seen == []
    assert message.startswith(
        f"{FILES / 'version-9.9.xml'}, line 10: unsupported wxr_version “9.9”"
    )
    assert "1.0, 1.1, 1.2" in message


def test_missing_file_is_refused_clearly(tmp_path):
    seen, message = until_refused(tmp_path / "nowhere.xml")

    assert (
        message == f"{tmp_path / 'nowhere.xml'}: cannot read the file (No such file or directory)"
    )


@pytest.mark.parametrize(
    ("inside", "expected"),
    [
        ("<wp:post_id>twelve</wp:post_id>", "line 5: wp:post_id is not a number (“twelve”)"),
        # Digits Python's int() would read, but no id a database can hold.
        ("<wp:post_id>²</wp:post_id>", "line 5: wp:post_id is not a number (“²”)"),
        ("<wp:post_id>-4</wp:post_id>", "line 5: wp:post_id is not a number (“-4”)"),
        (
            "<wp:post_id>9223372036854775808</wp:post_id>",
            "line 5: wp:post_id is not a number (“9223372036854775808”)",
        ),
        pytest.param(
            f"<wp:post_id>{'9' * 5000}</wp:post_id>",
            f"line 5: wp:post_id is not a number (“{'9' * 29}…”)",
            id="5000-digits",
        ),
        ("<title>No id</title>", "line 5: an item without wp:post_id"),
        (
            "<wp:post_id>3</wp:post_id><wp:post_date_gmt>2019-02-30 10:00:00</wp:post_date_gmt>",
            "line 5: wp:post_date_gmt is not a date (“2019-02-30 10:00:00”)",
        ),
    ],
)
def test_an_item_that_cannot_be_read_refuses_the_file(inside, expected):
    xml = (
        '<rss xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
        "<wp:wxr_version>1.2</wp:wxr_version>\n"
        "<item><wp:post_id>1</wp:post_id></item>\n"
        f"<item>{inside}</item>\n"
        "</channel></rss>"
    )
    seen, message = until_refused(io.BytesIO(xml.encode()))

    assert message == f"the export, {expected}"
    assert [type(o).__name__ for o in seen] == ["Site", "Item"]


def test_empty_file_is_refused():
    seen, message = until_refused(io.BytesIO(b""))

    assert message == "the export, line 1: not well-formed XML (no element found)"


# -- text -----------------------------------------------------------------------------------


def test_scripts_marks_and_emoji_are_kept_and_forbidden_characters_replaced_and_reported():
    fixes = []
    found = objects("text.xml", on_fix=fixes.append)
    greetings, clean = [o for o in found if isinstance(o, Item)]
    term = next(o for o in found if isinstance(o, Term))

    assert greetings.title == ("\u200fשלום\u200e and \u061cمرحبا — Привет 👋🏾 \ufffd end")
    assert greetings.content == (
        "A vertical tab\ufffd, a backspace\ufffd, a lone surrogate \ufffd and &#xD800; typed as text."
    )
    assert greetings.excerpt == "Summary\ufffdhere\ufffd"
    assert greetings.meta["_subtitle"] == "before\ufffdafter"
    assert term.name == "Bell\ufffd"
    assert fixes == [
        TextFix(post_id=None, field="term name", count=1),
        TextFix(post_id=1, field="title", count=1),
        TextFix(post_id=1, field="content", count=3),
        TextFix(post_id=1, field="excerpt", count=2),
        TextFix(post_id=1, field="meta _subtitle", count=1),
    ]
    assert clean.title == "☕ 中文 עברית 👩\u200d👩\u200d👧 🇵🇸"
    assert clean.content == "Tab\there,\nWindows line end."


def test_a_real_replacement_character_is_not_reported(tmp_path):
    export = tmp_path / "export.xml"
    export.write_text(
        (FILES / "site-1.1.xml").read_text().replace("Meet at the station.", "Meet \ufffd here.")
    )
    fixes = []

    post = next(
        o for o in read(export, time_zone="UTC", on_fix=fixes.append) if isinstance(o, Item)
    )

    assert post.content == "Meet \ufffd here."
    assert fixes == []


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64])
def test_results_do_not_depend_on_where_the_file_is_cut_into_chunks(monkeypatch, chunk):
    expected = {}
    for name in ("text.xml", "site-1.2.xml", "latin-1.xml"):
        fixes = []
        expected[name] = (objects(name, on_fix=fixes.append), fixes)

    monkeypatch.setattr(xmlrepair, "_CHUNK", chunk)

    for name, (found, fixes) in expected.items():
        again = []
        assert objects(name, on_fix=again.append) == found
        assert again == fixes


def repaired(data):
    reader = xmlrepair.RepairingReader(io.BytesIO(data))
    return b"".join(iter(lambda: reader.read(16384), b"")).decode()


def test_repair_before_parsing_marks_only_what_xml_forbids(monkeypatch):
    data = (
        "<a t='&#x1;&#38;'>x&#xD800;&#65;&#0;<![CDATA[&#xD800; ]] ]]]>y\x0b"
        "<![CDATA[\x08 ✊🏽 ]]>&#1114112;é</a>"
    ).encode() + b"<b>\xed\xa0\x80\xff</b>"
    mark = xmlrepair.MARK
    expected = (
        "<a t='&#xFDD0;&#38;'>x&#xFDD0;&#65;&#xFDD0;<![CDATA[&#xD800; ]] ]]]>y"
        + mark
        + "<![CDATA["
        + mark
        + " ✊🏽 ]]>&#xFDD0;é</a><b>"
        + mark
        + mark
        + "</b>"
    )

    assert repaired(data) == expected
    for chunk in range(1, 24):
        monkeypatch.setattr(xmlrepair, "_CHUNK", chunk)
        assert repaired(data) == expected, f"chunks of {chunk} bytes"


def test_a_reference_to_a_number_of_thousands_of_digits_is_marked_not_a_failure():
    data = f"<a>&#{'9' * 5000};&#x{'F' * 5000};&#0000065;</a>".encode()

    assert repaired(data) == "<a>&#xFDD0;&#xFDD0;&#0000065;</a>"


def test_line_numbers_still_point_into_the_file_after_repairs():
    xml = (
        b'<rss xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
        b"<wp:wxr_version>1.2</wp:wxr_version>\n"
        b"<item><title>\x0b\x0b\xed\xa0\x80 \xff &#xD800;</title>\n\n"
        b"<wp:post_id>1</wp:post_id></itemm>\n"
        b"</channel></rss>"
    )
    seen, message = until_refused(io.BytesIO(xml))

    assert message == "the export, line 6: not well-formed XML (mismatched tag)"


def test_other_encodings_are_read(tmp_path):
    latin = [o for o in objects("latin-1.xml")]
    assert latin[0].title == "Café des Syndicats"
    assert latin[1].title == "Réunion à l'hôtel de ville"
    assert latin[1].content == "Déjà vu."

    text = (FILES / "site-1.1.xml").read_text()
    utf16 = tmp_path / "utf16.xml"
    utf16.write_bytes(text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"))
    bom = tmp_path / "bom.xml"
    bom.write_bytes(codecs.BOM_UTF8 + text.encode())

    assert list(read(utf16, time_zone="UTC")) == list(read(bom, time_zone="UTC"))
    assert list(read(bom, time_zone="UTC")) == objects("site-1.1.xml", time_zone="UTC")


def test_unknown_encoding_is_refused(tmp_path):
    export = tmp_path / "export.xml"
    export.write_text('<?xml version="1.0" encoding="X-KLINGON"?>\n<rss/>')

    seen, message = until_refused(export)

    assert message == f"{export}: unknown character encoding X-KLINGON"


def test_reads_from_an_open_binary_file_and_names_it():
    with open(FILES / "malformed.xml", "rb") as export:
        seen, message = until_refused(export)

    assert message.startswith(f"{FILES / 'malformed.xml'}, line 30:")


def test_a_text_mode_file_is_a_programming_error():
    with open(FILES / "site-1.2.xml", encoding="utf-8") as export, pytest.raises(TypeError):
        list(read(export, time_zone="UTC"))


# -- a large export -------------------------------------------------------------------------

ITEM = """\t<item>
\t\t<title><![CDATA[Post number {n}]]></title>
\t\t<link>https://big.example.org/{n}/</link>
\t\t<dc:creator><![CDATA[editor]]></dc:creator>
\t\t<guid isPermaLink="false">https://big.example.org/?p={n}</guid>
\t\t<content:encoded><![CDATA[{body}]]></content:encoded>
\t\t<excerpt:encoded><![CDATA[]]></excerpt:encoded>
\t\t<wp:post_id>{n}</wp:post_id>
\t\t<wp:post_date_gmt><![CDATA[2020-01-01 10:00:00]]></wp:post_date_gmt>
\t\t<wp:post_name><![CDATA[post-{n}]]></wp:post_name>
\t\t<wp:status><![CDATA[publish]]></wp:status>
\t\t<wp:post_type><![CDATA[post]]></wp:post_type>
\t\t<category domain="category" nicename="news"><![CDATA[News]]></category>
\t\t<wp:postmeta><wp:meta_key>_edit_last</wp:meta_key><wp:meta_value>1</wp:meta_value></wp:postmeta>
\t\t<wp:comment><wp:comment_id>{n}</wp:comment_id><wp:comment_content><![CDATA[{comment}]]></wp:comment_content></wp:comment>
\t</item>
"""


def test_memory_stays_bounded_on_a_large_export(tmp_path):
    export = tmp_path / "big.xml"
    # Few, long posts: the file is large while the test stays quick under tracemalloc.
    body = "<p>Solidarity — التضامن — солидарность ✊ " + "x" * 25_000 + "</p>\n"
    comment = "A long comment. " * 60
    posts = 2_000
    with open(export, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"'
            ' xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"'
            ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
            ' xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            "\t<title>Big</title>\n\t<wp:wxr_version>1.2</wp:wxr_version>\n"
        )
        for n in range(1, posts + 1):
            out.write(ITEM.format(n=n, body=body, comment=comment))
        out.write("</channel>\n</rss>\n")
    assert export.stat().st_size > 50_000_000

    count = 0
    tracemalloc.start()
    try:
        for found in read(export, time_zone="UTC"):
            if isinstance(found, Item):
                count += 1
                last = found
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert count == posts
    assert last.post_id == posts and last.content == body and last.meta == {"_edit_last": "1"}
    assert peak < 30_000_000, f"peak {peak / 1e6:.1f} MB while reading a 50 MB export"
