#!/usr/bin/env python3
"""Benchmark: cleaning stored rich text on output, with and without the memo of clean texts.

    python3 tests/bench/richtext_output.py [--calls 200]

Before, every page render and uncached feed request ran the sanitiser over every body
(`sanitize_html`); after, the `richtext` filter and feeds' `rich_text` use
`sanitize_for_output`, which cleans a text once per process. Prints the time per call of
each for a long real article, a nested one within the limits, and the hostile body of the
report (20,000 lists nested in each other), which is now refused on save and shown as
plain text if it was stored before the limits; the old path is timed on it only once.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from richtext import sanitizer  # noqa: E402

PARAGRAPH = (
    "<p>The strike committee met on <strong>Tuesday</strong> and agreed the "
    '<a href="https://example.org/demands">list of demands</a>, which the union will '
    "put to the employers before the <em>national day of action</em>.</p>"
)
TEXTS = {
    "long article (60 KB)": "<h2>Report</h2>" + PARAGRAPH * 240,
    "nested within limits (40 levels)": "<ul><li>" * 20 + "point" + "</li></ul>" * 20,
    "hostile, stored before the limits (160 KB)": "<ul><li>" * 20_000 + "x" + "</li></ul>" * 20_000,
}


def per_call(function, text, calls):
    started = time.perf_counter()
    for _ in range(calls):
        function(text)
    return (time.perf_counter() - started) / calls


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    print(f"{'text':<44} {'before (per call)':>18} {'after, first':>14} {'after (per call)':>17}")
    for name, text in TEXTS.items():
        hostile = name.startswith("hostile")
        before = per_call(sanitizer.sanitize_html, text, 1 if hostile else args.calls)
        sanitizer.output_memo.clear()
        first = per_call(sanitizer.sanitize_for_output, text, 1)
        after = per_call(sanitizer.sanitize_for_output, text, args.calls)
        print(
            f"{name:<44} {before * 1000:>15.3f} ms {first * 1000:>11.3f} ms "
            f"{after * 1000:>14.4f} ms   ×{before / after:,.0f}"
        )


if __name__ == "__main__":
    main()
