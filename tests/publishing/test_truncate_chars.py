"""The templates' `truncatechars` gives what Django's filter gives, in every language."""

import pytest
from django.template import defaultfilters
from django.utils import translation
from markupsafe import Markup

from publishing.formatting import truncate_chars

TEXTS = ["", "a", "ab", "Dockers strike", "x" * 400, "Pay and safety. " * 30, "été " * 90,
         "e\u0301" * 40, Markup("<b>bold</b> " * 50)]  # fmt: skip


@pytest.mark.parametrize("language", ["en-gb", "es", "uk", "ar"])
@pytest.mark.parametrize("length", [-1, 0, 1, 2, 5, 14, 15, 300, "7", "many"])
def test_truncate_chars_is_djangos_filter(language, length):
    with translation.override(language):
        for text in TEXTS:
            assert truncate_chars(text, length) == defaultfilters.truncatechars(text, length)


def test_a_long_description_is_cut_with_an_ellipsis():
    cut = truncate_chars("word " * 100, 300)
    assert len(cut) == 300 and cut.endswith("…")
