"""The words of stored rich text (`richtext.text`): blocks apart, entities decoded, and a
description's start read from a start of the markup, the same as from all of it."""

import random

import pytest

from publishing.formatting import truncate_chars
from richtext.text import text_start, words_of

PIECES = [
    "<p>Members met on the quay at dawn.</p>",
    "<h2>What happened</h2>",
    '<p>Read <a href="https://example.org/report">the report</a> first.</p>',
    "<p>Wages &amp; pensions, not cuts &mdash; said the stewards.</p>",
    "<ul><li>Crane drivers</li><li>Pilots</li></ul>",
    "<p>A word split by a tag: pen<em>sion</em> fund.</p>",
    '<figure><img src="/media/a.jpg" alt="Dockers"><figcaption>On the quay</figcaption></figure>',
    '<p><a href="/' + "x" * 300 + '">short</a></p>',
    "<p>" + "filler words of a long report " * 15 + "</p>",
]


def test_blocks_stay_apart_and_entities_are_decoded():
    markup = "<h2>Why</h2><p>Pay fell.</p><ul><li>One</li><li>Two &amp; three</li></ul>"
    assert words_of(markup) == "Why Pay fell. One Two & three"
    assert words_of("<p>pen<strong>sion</strong></p>") == "pension"
    assert words_of("") == words_of(None) == ""


@pytest.mark.parametrize("seed", range(80))
@pytest.mark.parametrize("length", [1, 40, 280, 300])
def test_a_description_from_the_start_is_the_one_the_whole_text_gives(seed, length):
    rng = random.Random(seed)
    markup = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 80)))
    start = text_start(markup, length)
    assert words_of(markup).startswith(start)
    assert truncate_chars(start, length) == truncate_chars(words_of(markup), length)


def test_a_long_text_is_read_only_as_far_as_needed():
    markup = "<p>First paragraph of a long report.</p>" * 2000  # 78,000 characters
    start = text_start(markup, 300)
    assert 300 < len(start) < 2000
    assert truncate_chars(start, 300) == truncate_chars(words_of(markup), 300)
