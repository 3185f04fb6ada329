"""WordPress post content becomes Placard rich text: blocks, paragraphs, shortcodes,
images, links, and text kept exactly."""

import pytest
from django.core.exceptions import ValidationError

from wordpress.content import ImageRef, convert
from wordpress.markup import autop

MARCH = ImageRef("/media/images/march.jpg", "Marchers on the bridge", 800, 533, "The march")
BANNER = ImageRef("/media/images/banner.png", "Campaign banner", 1200, 400)
OLD_UPLOAD = "https://old.example.org/wp-content/uploads/2021/03/rally.jpg"
RALLY = ImageRef("/media/images/rally.jpg", "The rally", 640, 480)
LIBRARY = {12: MARCH, 13: BANNER, OLD_UPLOAD: RALLY}
ADDRESSES = {
    "https://old.example.org/2021/03/we-march/": "/articles/we-march/",
    "/?p=41": "/articles/older-news/",
}


def wp(raw, **kwargs):
    kwargs.setdefault("image_for", LIBRARY.get)
    kwargs.setdefault("address_for", ADDRESSES.get)
    return convert(raw, **kwargs)


def march_figure(alt="Marchers on the bridge", caption=""):
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return (
        f'<figure><img src="/media/images/march.jpg" alt="{alt}" width="800" height="533"'
        f' loading="lazy" decoding="async">{figcaption}</figure>'
    )


# Block editor content


def test_block_comments_are_removed_and_the_markup_kept():
    raw = (
        '<!-- wp:heading {"level":2} -->\n<h2>Why we march</h2>\n<!-- /wp:heading -->\n\n'
        "<!-- wp:paragraph -->\n<p>Because <strong>we must</strong>.</p>\n"
        "<!-- /wp:paragraph -->\n\n<!-- wp:separator /-->\n\n"
        '<!-- wp:list {"ordered":true} -->\n<ol><li>Gather</li><li>March</li></ol>\n'
        "<!-- /wp:list -->"
    )

    assert wp(raw) == (
        "<h2>Why we march</h2>\n<p>Because <strong>we must</strong>.</p>\n"
        "<ol><li>Gather</li><li>March</li></ol>"
    )


def test_block_posts_get_no_extra_paragraphs():
    raw = "<!-- wp:paragraph -->\n<p>One line\nand the next</p>\n<!-- /wp:paragraph -->"

    assert wp(raw) == "<p>One line\nand the next</p>"


def test_image_block_becomes_a_figure_of_the_library_image():
    raw = (
        '<!-- wp:image {"id":12,"sizeSlug":"large"} -->\n<figure class="wp-block-image '
        'size-large"><img src="https://old.example.org/wp-content/uploads/m.jpg" alt="" '
        'class="wp-image-12"/><figcaption>On the <em>bridge</em></figcaption></figure>\n'
        "<!-- /wp:image -->"
    )

    assert wp(raw) == march_figure(caption="On the <em>bridge</em>")


def test_gallery_block_becomes_one_figure_per_image():
    raw = (
        '<!-- wp:gallery {"linkTo":"none"} -->\n<figure class="wp-block-gallery '
        'has-nested-images"><!-- wp:image {"id":12} -->\n<figure class="wp-block-image">'
        '<img src="a.jpg" class="wp-image-12"/></figure>\n<!-- /wp:image -->\n'
        '<!-- wp:image {"id":13} -->\n<figure class="wp-block-image"><img src="b.jpg" '
        'class="wp-image-13"/></figure>\n<!-- /wp:image --></figure>\n<!-- /wp:gallery -->'
    )

    converted = wp(raw)

    assert converted.count("<figure>") == 2
    assert converted.startswith(march_figure())
    assert 'src="/media/images/banner.png" alt="Campaign banner"' in converted


def test_gallery_block_of_the_older_editor_keeps_each_caption():
    raw = (
        '<!-- wp:gallery {"ids":[12,99,13]} -->\n<figure class="wp-block-gallery columns-3">'
        '<ul class="blocks-gallery-grid"><li class="blocks-gallery-item"><figure><img src="a'
        '.jpg" data-id="12" class="wp-image-12"/><figcaption class="blocks-gallery-item__'
        'caption">First</figcaption></figure></li><li class="blocks-gallery-item"><figure>'
        '<img src="gone.jpg" alt="Gone" data-id="99"/><figcaption>Second</figcaption>'
        '</figure></li><li class="blocks-gallery-item"><figure><img src="b.jpg" data-id="13"'
        "/></figure></li></ul></figure>\n<!-- /wp:gallery -->"
    )

    assert wp(raw) == (
        march_figure(caption="First")
        + "<p>Second</p>"
        + '<figure><img src="/media/images/banner.png" alt="Campaign banner" width="1200"'
        ' height="400" loading="lazy" decoding="async"></figure>'
    )


def test_figure_written_by_hand_keeps_only_what_the_editor_can_hold():
    raw = (
        '<figure class="photo"><img src="https://elsewhere.example/x.jpg" alt="A chart">'
        "<figcaption>Source: survey</figcaption></figure>\n\n"
        '<figure><a href="https://old.example.org/m.jpg"><img class="wp-image-12" src="m.jpg">'
        "</a><figcaption>Kept</figcaption></figure>"
    )

    assert wp(raw) == (
        "<p>A chart</p>\n<p>Source: survey</p>\n"
        '<figure><img src="/media/images/march.jpg" alt="Marchers on the bridge" width="800"'
        ' height="533" loading="lazy" decoding="async">\n<figcaption>Kept</figcaption>\n'
        "</figure>"
    )


def test_embed_and_video_blocks_become_links():
    raw = (
        '<!-- wp:embed {"url":"https://video.example/watch?v=1\\u0026t=2","type":"video"} -->\n'
        '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\n'
        "https://video.example/watch?v=1\n</div><figcaption>Watch the rally</figcaption>"
        "</figure>\n<!-- /wp:embed -->\n\n"
        '<!-- wp:video {"id":7} -->\n<figure class="wp-block-video"><video controls '
        'src="https://old.example.org/wp-content/uploads/rally.mp4"></video></figure>\n'
        "<!-- /wp:video -->"
    )

    assert wp(raw) == (
        '<p><a href="https://video.example/watch?v=1&amp;t=2" rel="noopener noreferrer '
        'nofollow">https://video.example/watch?v=1&amp;t=2</a></p><p>Watch the rally</p>\n'
        '<p><a href="https://old.example.org/wp-content/uploads/rally.mp4" rel="noopener '
        'noreferrer nofollow">https://old.example.org/wp-content/uploads/rally.mp4</a></p>'
    )


# Classic content: paragraphs the way WordPress makes them


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("One paragraph.", "<p>One paragraph.</p>"),
        ("First.\n\nSecond.", "<p>First.</p>\n<p>Second.</p>"),
        ("First.\r\n\r\n\r\n\r\nSecond.", "<p>First.</p>\n<p>Second.</p>"),
        ("A line\nand a second line", "<p>A line<br>\nand a second line</p>"),
        ("A line<br />\nand a second", "<p>A line<br>\nand a second</p>"),
        ("Words <strong>in bold\nacross lines</strong>.",
         "<p>Words <strong>in bold<br>\nacross lines</strong>.</p>"),
        ("<h2>Title</h2>\nText under it.", "<h2>Title</h2>\n<p>Text under it.</p>"),
        ("Intro:\n<ul>\n<li>one</li>\n<li>two\nlines</li>\n</ul>\nOutro.",
         "<p>Intro:</p>\n<ul>\n<li>one</li>\n<li>two<br>\nlines</li>\n</ul>\n<p>Outro.</p>"),
        ("<blockquote>Solidarity is a verb.</blockquote>",
         "<blockquote><p>Solidarity is a verb.</p></blockquote>"),
        ("<p>Already a paragraph.</p>\n\nThen text.",
         "<p>Already a paragraph.</p>\n<p>Then text.</p>"),
        ("Before<hr />After", "<p>Before</p>\n<hr>\n<p>After</p>"),
        ('<div class="box">In a box</div><div>And another</div>',
         "<p>In a box</p>\n<p>And another</p>"),
        ('<a\nhref="https://example.org/">a link</a> split inside its tag',
         '<p><a href="https://example.org/" rel="noopener noreferrer nofollow">a link</a>'
         " split inside its tag</p>"),
        ("Text<!--more-->\n\nMore text", "<p>Text</p>\n<p>More text</p>"),
        ("   \n\n  ", ""),
    ],
)  # fmt: skip
def test_classic_text_gets_paragraphs_like_wordpress(raw, expected):
    assert wp(raw) == expected


def test_preformatted_text_is_not_made_into_paragraphs():
    raw = "Code:\n\n<pre>first line\n\n  indented <b>line</b>\nlast</pre>\n\nAfter."

    assert autop(raw.replace("<pre>", "\n\n<pre>")).count("<pre>") == 1
    assert wp(raw) == (
        "<p>Code:</p>\n<p>first line<br><br>  indented <b>line</b><br>last</p>\n<p>After.</p>"
    )


def test_line_breaks_inside_preformatted_text_stay_as_written():
    # The paragraph maker never sees them: no <p> splits the block, every line is kept.
    converted = wp("<pre>a\n\n\nb</pre>")

    assert converted == "<p>a<br><br><br>b</p>"


# Shortcodes


def test_caption_becomes_a_figure_with_its_caption():
    raw = (
        '[caption id="attachment_12" align="alignright" width="300"]<a href="https://old.'
        'example.org/wp-content/uploads/m.jpg"><img class="size-medium wp-image-12" src="'
        'https://old.example.org/wp-content/uploads/m-300x200.jpg" alt="Crowd on the bridge"'
        ' width="300" height="200" /></a> Thousands crossed the <a href="https://old.example'
        '.org/2021/03/we-march/">bridge</a>[/caption]\n\nAfter the march.'
    )

    assert wp(raw) == (
        march_figure(
            alt="Crowd on the bridge",
            caption='Thousands crossed the <a href="/articles/we-march/" rel="noopener '
            'noreferrer nofollow">bridge</a>',
        )
        + "\n<p>After the march.</p>"
    )


def test_caption_finds_its_image_by_class_or_address():
    by_class = '[caption align="alignnone"]<img class="wp-image-13" src="x.jpg"> Banner[/caption]'
    by_address = f'[caption width="640"]<img src="{OLD_UPLOAD}" alt=""> Rally[/caption]'

    assert 'src="/media/images/banner.png" alt="Campaign banner"' in wp(by_class)
    assert wp(by_address) == (
        '<figure><img src="/media/images/rally.jpg" alt="The rally" width="640" height="480"'
        ' loading="lazy" decoding="async"><figcaption>Rally</figcaption></figure>'
    )


def test_caption_of_an_image_not_imported_keeps_its_text():
    raw = (
        '[caption id="attachment_99" width="300"]<img class="wp-image-99" '
        'src="https://old.example.org/wp-content/uploads/gone.jpg" alt="Gone"> Still here'
        "[/caption]"
    )

    assert wp(raw) == "<p>Still here</p>"
    assert wp(raw, image_for=None) == "<p>Still here</p>"


def test_caption_in_an_attribute_is_read_too():
    raw = '[caption id="attachment_12" caption="Old style caption"]<img src="m.jpg">[/caption]'

    assert wp(raw) == march_figure(caption="Old style caption")


def test_gallery_shows_each_imported_image():
    converted = wp('Photos:\n\n[gallery columns="2" ids="12, 99,13"]\n\nThanks.')

    assert converted == (
        "<p>Photos:</p>\n"
        + march_figure(caption="The march")
        + '<figure><img src="/media/images/banner.png" alt="Campaign banner" width="1200"'
        ' height="400" loading="lazy" decoding="async"></figure>\n<p>Thanks.</p>'
    )


def test_gallery_with_include_exclude_or_no_ids():
    assert wp('[gallery include="13"]').count("<figure>") == 1
    assert wp("[gallery]", attachments=[12, 13]).count("<figure>") == 2
    assert wp('[gallery exclude="12"]', attachments=[12, 13]).count("<figure>") == 1
    assert wp("[gallery]") == ""


@pytest.mark.parametrize(
    ("raw", "url"),
    [
        ("[embed]https://video.example/v/1[/embed]", "https://video.example/v/1"),
        ('[embed width="500"]https://video.example/v/2[/embed]', "https://video.example/v/2"),
        ('[embed url="https://video.example/v/3"]', "https://video.example/v/3"),
        ('[video src="https://old.example.org/a.mp4"]', "https://old.example.org/a.mp4"),
        ('[video width="640" mp4="https://old.example.org/b.mp4"][/video]',
         "https://old.example.org/b.mp4"),
        ("[video webm='https://old.example.org/c.webm']", "https://old.example.org/c.webm"),
        ('[audio mp3="https://old.example.org/d.mp3"]', "https://old.example.org/d.mp3"),
        ('[audio src="https://old.example.org/e.ogg" loop="on"]', "https://old.example.org/e.ogg"),
        ("https://video.example/v/4", "https://video.example/v/4"),
        ('<video controls><source src="https://old.example.org/f.mp4"></video>',
         "https://old.example.org/f.mp4"),
    ],
)  # fmt: skip
def test_players_become_plain_links(raw, url):
    assert wp(raw) == (f'<p><a href="{url}" rel="noopener noreferrer nofollow">{url}</a></p>')


def test_unknown_shortcodes_stay_as_text():
    raw = '[contact-form-7 id="5" title="Join"] and [[gallery]] and [vimeo 123]'

    assert wp(raw) == '<p>[contact-form-7 id="5" title="Join"] and [gallery] and [vimeo 123]</p>'


# Images outside captions


def test_inline_image_becomes_a_figure_and_its_file_link_is_dropped():
    raw = (
        f'<p>Look: <a href="{OLD_UPLOAD}"><img class="alignnone wp-image-77" src="{OLD_UPLOAD}"'
        ' alt="Rally at noon" width="300" height="200"></a> what a day.</p>'
    )

    assert wp(raw) == (
        "<p>Look:</p>\n"
        '<figure><img src="/media/images/rally.jpg" alt="Rally at noon" width="640"'
        ' height="480" loading="lazy" decoding="async"></figure>\n<p>what a day.</p>'
    )


def test_image_linking_elsewhere_keeps_its_link():
    raw = '<a href="https://campaign.example/join"><img class="wp-image-13" alt="Join us"></a>'

    assert wp(raw) == (
        '<figure><img src="/media/images/banner.png" alt="Join us" width="1200" height="400"'
        ' loading="lazy" decoding="async"></figure><p><a href="https://campaign.example/join"'
        ' rel="noopener noreferrer nofollow">Join us</a></p>'
    )


def test_image_not_imported_leaves_its_alt_text():
    assert wp('Before <img src="https://elsewhere.example/x.png" alt="A chart"> after') == (
        "<p>Before A chart after</p>"
    )
    assert wp('<img src="https://elsewhere.example/x.png" alt="">Text') == "<p>Text</p>"


# Links


def test_links_to_imported_items_get_their_new_addresses():
    raw = (
        'See <a href="https://old.example.org/2021/03/we-march/" title="March">our march</a>,'
        ' <a href="/?p=41">older news</a> and <a href="https://elsewhere.example/">a friend</a>.'
    )

    assert wp(raw) == (
        '<p>See <a href="/articles/we-march/" title="March" rel="noopener noreferrer nofollow">'
        'our march</a>, <a href="/articles/older-news/" rel="noopener noreferrer nofollow">'
        'older news</a> and <a href="https://elsewhere.example/" rel="noopener noreferrer'
        ' nofollow">a friend</a>.</p>'
    )


def test_only_the_href_attribute_itself_is_rewritten():
    raw = '<a title="see href=/?p=41" data-href="/?p=41" href=\'/?p=41\'>x</a>'

    assert wp(raw) == (
        '<p><a title="see href=/?p=41" href="/articles/older-news/" rel="noopener noreferrer'
        ' nofollow">x</a></p>'
    )


def test_link_addresses_are_read_unescaped():
    seen = []

    convert('<a href="/?p=41&amp;lang=fr">x</a>', address_for=lambda url: seen.append(url))

    assert seen == ["/?p=41&lang=fr"]


# Hostile input


@pytest.mark.parametrize(
    ("raw", "marker"),
    [
        ("<script>alert('script-xss')</script>Text", "script-xss"),
        ('<img src="/media/a.jpg" onerror="alert(\'img-xss\')">', "img-xss"),
        ("<a href=\"javascript:alert('link-xss')\">x</a>", "link-xss"),
        ('<p onclick="alert(\'click-xss\')">tap</p>', "click-xss"),
        ('<iframe src="https://frame.example/embed"></iframe>', "frame.example"),
        ('<img src="https://tracker.example/pixel.gif" alt="">', "tracker.example"),
        ('[caption]<img src="https://tracker.example/c.gif"> c[/caption]', "tracker.example"),
        ('<img data-placard src="https://tracker.example/d.gif">', "tracker.example"),
        ('<style>body{background:url(https://css.example/)}</style>', "css.example"),
        ('[video src="javascript:alert(\'video-xss\')"]', "video-xss"),
    ],
)  # fmt: skip
def test_hostile_content_is_stored_safe(raw, marker):
    converted = wp(raw)

    assert marker not in converted
    for fragment in ("<script", "onerror", "onclick", "javascript:", "<iframe", "<style"):
        assert fragment not in converted


def test_image_resolved_to_a_foreign_address_is_still_refused():
    foreign = ImageRef("https://cdn.elsewhere.example/x.jpg", "x", 1, 1)

    assert wp("[gallery ids='5']", image_for={5: foreign}.get) == ""


# Text kept exactly


def test_right_to_left_marks_emoji_and_scripts_are_kept():
    text = "\u200fנצא לרחובות\u200f ✊🏽 Мы вместе — معًا من أجل العدالة \u202bמשפט\u202c"

    assert wp(text) == f"<p>{text}</p>"
    assert wp(f"<!-- wp:paragraph --><p>{text}</p><!-- /wp:paragraph -->") == f"<p>{text}</p>"


def test_entities_and_special_characters_survive():
    raw = "Fish &amp; chips &lt;3 — “quoted” © 2024 [not a shortcode]"

    assert wp(raw) == "<p>Fish &amp; chips &lt;3 — “quoted” © 2024 [not a shortcode]</p>"


def test_empty_content_is_empty():
    assert wp("") == ""
    assert wp(None) == ""
    assert wp("<!-- wp:paragraph --><p></p><!-- /wp:paragraph -->") == ""


def test_content_nested_too_deeply_is_refused_with_the_fields_message():
    with pytest.raises(ValidationError, match="nested too deeply"):
        wp("<div>" * 20_000 + "deep" + "</div>" * 20_000)


@pytest.mark.parametrize(
    "raw",
    [
        "<img " * 5_000,
        '<a href="x ' * 5_000,
        "[caption]" * 5_000,
        "<!-- wp:image -->" * 5_000,
        "<!-- " * 5_000,
        "<pre>" * 50,
        "[" * 50_000,
    ],
    ids=["img", "quote", "caption", "block", "comment", "pre", "brackets"],
)
def test_content_left_open_is_stored_safe(raw):
    # Tags, comments and shortcodes that never end: converted in one pass (see the
    # measurements in the module), and nothing unsafe comes out.
    converted = wp(raw)

    assert "<img" not in converted and "<!--" not in converted
