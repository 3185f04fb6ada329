"""Where pages live: nested addresses, slugs unique among siblings, the site's own
addresses kept free, no page under itself, and clear messages for each refusal."""

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from pages.addresses import literal_start, taken_first_segments
from pages.models import MAX_PATH_LENGTH, Page
from tests.pages.factories import PageFactory

pytestmark = pytest.mark.django_db


def messages(page):
    try:
        page.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


def test_a_page_lives_at_the_address_of_its_parents_and_its_slug():
    about = PageFactory(title="About us", slug="about")
    team = PageFactory(title="Our team", slug="team", parent=about)
    board = PageFactory(title="Board", parent=team)
    assert (about.path, team.path, board.path) == ("about", "about/team", "about/team/board")
    assert board.get_absolute_url() == "/about/team/board/"
    assert [page.title for page in board.ancestors()] == ["About us", "Our team"]


def test_slugs_come_from_titles_and_are_unique_among_siblings_only():
    about, join = PageFactory(title="About"), PageFactory(title="Join")
    first = PageFactory(title="Contact", parent=about)
    second = PageFactory(title="Contact", parent=about)
    elsewhere = PageFactory(title="Contact", parent=join)
    assert (first.slug, second.slug, elsewhere.slug) == ("contact", "contact-2", "contact")
    assert PageFactory(title="Солидарность").slug == "solidarnost"
    assert PageFactory(title="Mixed Case", slug="Mixed-Case").slug == "mixed-case"


def test_a_slug_taken_by_a_sibling_is_refused_with_a_message():
    about = PageFactory(title="About us", slug="about")
    PageFactory(title="Team", slug="team", parent=about)
    twin = Page(title="Team again", slug="team", parent=about)
    assert messages(twin) == {
        "slug": [
            "Another page under “About us” already has the address /about/team/. "
            "Choose another slug."
        ]
    }
    PageFactory(title="Join", slug="join")
    assert (
        "Another page already has the address /join/"
        in messages(Page(title="Join us", slug="join"))["slug"][0]
    )
    # Saved from code, the same page is refused too, and nothing is stored.
    with pytest.raises(ValidationError):
        Page.objects.create(title="Team again", slug="team", parent=about)
    assert Page.objects.filter(title="Team again").count() == 0


def test_the_sites_own_addresses_are_derived_from_the_urlconf():
    taken = taken_first_segments()
    expected = {
        "admin", "articles", "sections", "authors", "tags", "archive", "statements",
        "events", "search", "preview", "static", "media", "robots.txt", "sitemap.xml",
        "favicon.ico",
    }  # fmt: skip
    assert expected <= taken
    assert "" not in taken
    assert not any("<" in segment or "(" in segment for segment in taken)


@override_settings(ROOT_URLCONF="tests.pages.urls_with_campaigns")
def test_a_route_added_later_is_respected_without_a_list():
    assert {"campaigns", "petitions", "donate-now"} <= taken_first_segments()
    message = messages(Page(title="Campaigns", slug="campaigns"))["slug"][0]
    assert message == (
        "The address /campaigns/ already belongs to another part of the site. Choose another slug."
    )
    # A slug made from the title steps aside by itself.
    assert PageFactory(title="Campaigns").slug == "campaigns-2"


def test_no_top_level_page_takes_an_address_the_site_uses():
    about = PageFactory(title="About", slug="about")
    # Slugs hold no dots: robots.txt and the like cannot be a page's anyway.
    for segment in sorted(s for s in taken_first_segments() if "." not in s):
        assert (
            "already belongs to another part of the site"
            in messages(Page(title="A page", slug=segment))["slug"][0]
        ), segment
        with pytest.raises(ValidationError):
            Page.objects.create(title="A page", slug=segment)
        assert not Page.objects.filter(slug=segment).exists()
        # Below the top level the same slug is free: /about/events/ is no one else's.
        below = PageFactory(title="Below", slug=segment, parent=about)
        assert below.path == f"about/{segment}"


def test_a_title_like_a_site_address_gets_a_free_slug():
    assert PageFactory(title="Events").slug == "events-2"
    assert PageFactory(title="Search").slug == "search-2"


def test_a_page_cannot_be_its_own_ancestor():
    about = PageFactory(title="About", slug="about")
    team = PageFactory(title="Team", slug="team", parent=about)
    board = PageFactory(title="Board", slug="board", parent=team)
    message = (
        "A page cannot be placed under itself or under one of its own subpages. "
        "Choose another parent page."
    )
    for new_parent in (about, team, board):
        about.parent = new_parent
        assert messages(about) == {"parent": [message]}
        with pytest.raises(ValidationError):
            about.save()
    about.refresh_from_db()
    assert about.parent is None and about.path == "about"
    assert Page.objects.get(pk=board.pk).path == "about/team/board"


def test_addresses_longer_than_the_limit_are_refused():
    deep = PageFactory(title="Deep", slug="d" * 99)
    deeper = PageFactory(title="Deeper", slug="e" * 99, parent=deep)
    assert len(deeper.path) == 199
    too_deep = Page(title="Too deep", slug="x", parent=deeper)
    assert "longer than 200 characters" in messages(too_deep)["slug"][0]
    # Moving a page so that one of its subpages would outgrow the limit is refused too.
    top = PageFactory(title="Top", slug="top")
    PageFactory(title="Child", slug="c" * 90, parent=top)
    top.parent = deeper
    assert "longer than 200 characters" in messages(top)["slug"][0]
    # A slug made from a long title fits what room the parent leaves.
    tight = PageFactory(title="Tight " * 40, parent=deep)
    assert len(tight.path) <= MAX_PATH_LENGTH


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("articles/", ("articles/", True)),
        ("articles/<slug:slug>/", ("articles/", False)),
        ("<slug:slug>/", ("", False)),
        ("robots.txt", ("robots.txt", True)),
    ],
)
def test_literal_start_of_routes(pattern, expected):
    from django.urls.resolvers import RoutePattern

    assert literal_start(RoutePattern(pattern)) == expected


@pytest.mark.parametrize(
    ("regex", "expected"),
    [
        (r"^media/(?P<path>.*)$", ("media/", False)),
        (r"^robots\.txt$", ("robots.txt", True)),
        (r"^news/", ("news/", False)),
        (r"^(?P<x>\d+)/$", ("", False)),
    ],
)
def test_literal_start_of_regular_expressions(regex, expected):
    from django.urls.resolvers import RegexPattern

    assert literal_start(RegexPattern(regex)) == expected
