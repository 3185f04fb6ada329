"""`manage.py import_wordpress`: its messages, its summary, and files it refuses whole."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Author, Section
from images.models import Image
from wordpress.models import ImportedItem, LegacyAddress

from .test_import import SITE, WXR, jpeg

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("import_wordpress", *map(str, args), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def nothing_stored():
    return not any(
        model.objects.exists()
        for model in (Article, Author, Section, Image, ImportedItem, LegacyAddress)
    )


@pytest.fixture
def media_dir(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "placard-media"
    jpeg(tmp_path / "uploads" / "2019" / "03" / "dockers.jpg")
    return tmp_path / "uploads"


def test_the_summary_counts_each_type_and_lists_problems(media_dir):
    out = run(SITE, "--media-dir", media_dir)
    lines = out.splitlines()
    assert lines[0] == "Imported “Dockers United” (WXR 1.2):"
    assert lines[1].split() == ["created", "updated", "skipped"]
    assert lines[2].split() == ["articles", "6", "0", "1"]
    assert lines[3].split() == ["pages", "2", "0", "0"]
    assert lines[4].split() == ["events", "2", "0", "0"]
    assert lines[5].split() == ["images", "1", "0", "1"]
    assert "Other WordPress items left out: 1 nav_menu_item." in lines
    assert f"  item 202: image file not found: 2019/03/missing.jpg (looked in {media_dir})" in lines
    assert "  item 502: event without a venue: add one in the admin" in lines


def test_a_second_run_reports_updates(media_dir):
    run(SITE, "--media-dir", media_dir)
    lines = run(SITE, "--media-dir", media_dir).splitlines()
    assert lines[2].split() == ["articles", "0", "6", "1"]
    assert lines[5].split() == ["images", "0", "1", "1"]
    assert lines[6].split() == ["authors", "0", "2", "0"]
    assert "  (authors, sections and tags that already existed are counted as updated)" in lines
    assert Article.objects.count() == 6


def test_a_dry_run_prints_what_it_would_do_and_stores_nothing(media_dir, settings):
    lines = run(SITE, "--media-dir", media_dir, "--dry-run").splitlines()
    assert lines[0] == "Would import “Dockers United” (WXR 1.2):"
    assert lines[1].split() == ["would", "create", "would", "update", "would", "skip"]
    assert lines[2].split() == ["articles", "6", "0", "1"]
    assert lines[-1] == "Dry run: nothing was stored."
    assert nothing_stored()
    assert not Path(settings.MEDIA_ROOT).exists()
    # It counts the old addresses the import itself then makes.
    done = run(SITE, "--media-dir", media_dir).splitlines()
    (would,) = [line for line in lines if "old addresses" in line]
    (made,) = [line for line in done if "old addresses" in line]
    assert would.split()[2] == made.split()[2] == str(LegacyAddress.objects.count())


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("malformed.xml", "malformed.xml, line 30: not well-formed XML (mismatched tag)"),
        (
            "billion-laughs.xml",
            "billion-laughs.xml, line 3: refused: the file declares XML entities",
        ),
        ("no-version.xml", "no-version.xml"),
    ],
)
def test_a_bad_file_imports_nothing_and_says_where(name, message):
    with pytest.raises(CommandError) as raised:
        run(WXR / name)
    assert message in str(raised.value)
    assert "Nothing was imported." in str(raised.value)
    assert nothing_stored()


def test_a_missing_file_or_folder_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="nowhere.xml: no such file"):
        run(tmp_path / "nowhere.xml")
    with pytest.raises(CommandError, match="--media-dir .*: no such folder"):
        run(SITE, "--media-dir", tmp_path / "no-uploads")
    with pytest.raises(CommandError, match="--time-zone Mars/Olympus: unknown time zone"):
        run(SITE, "--time-zone", "Mars/Olympus")
    assert nothing_stored()


def test_no_progress_bar_when_stderr_is_not_a_terminal(media_dir):
    err = io.StringIO()
    call_command(
        "import_wordpress",
        str(SITE),
        "--media-dir",
        str(media_dir),
        stdout=io.StringIO(),
        stderr=err,
    )
    assert err.getvalue() == ""


def test_the_progress_bar_draws_on_one_line():
    from wordpress.management.commands.import_wordpress import ProgressBar

    stream = io.StringIO()
    bar = ProgressBar(stream)
    bar(1, 4)
    bar(2, 4)  # within a tenth of a second: not redrawn
    bar(4, 4)  # the last one always is
    bar.close()
    assert stream.getvalue() == (
        "\r[#######-----------------------] 1/4 items\r[##############################] 4/4 items\n"
    )
