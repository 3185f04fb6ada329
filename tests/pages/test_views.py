"""Page addresses: nested pages, 404s for everything else, old addresses redirecting,
and previews for staff."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from pages.models import Page
from publishing import workflow
from publishing.models import PreviewLink
from publishing.revisions import versions
from publishing.roles import EDITOR
from tests.factories import user_with_role
from tests.pages.factories import PageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    about = PageFactory(title="About us", slug="about", body="<p>Who we are.</p>")
    team = PageFactory(title="Our team", slug="team", parent=about, body="<p>The people.</p>")
    board = PageFactory(title="The board", slug="board", parent=team, order=2)
    PageFactory(title="Volunteers", slug="volunteers", parent=team, order=1)
    return {"about": about, "team": team, "board": board}


def test_nested_pages_answer_at_their_addresses(client, tree):
    for page, text in [("about", "Who we are."), ("team", "The people."), ("board", "The board")]:
        response = client.get(tree[page].get_absolute_url())
        assert response.status_code == 200
        assert text in response.content.decode()
    team = client.get("/about/team/").content.decode()
    # Breadcrumb to the parent, and the subpages in their order.
    assert '<a href="/about/">About us</a>' in team
    assert team.index("Volunteers") < team.index("The board")


@pytest.mark.parametrize(
    "path",
    [
        "/nope/",
        "/about/nope/",
        "/about/team/nope/",
        "/about/team/board/deeper/",
        "/nope/team/",
        "/team/",  # a subpage's slug is no top-level address
        "/about//team/",
        "/about/team.html",
        "/about/%C3%A9/",
        "/" + "a/" * 150,
        "/" + "a" * 300 + "/",
        "/junk",  # without its slash: no redirect to a made-up address
    ],
)
def test_anything_else_is_a_404(client, tree, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/about", "/about/"),
        ("/about/team?page=2", "/about/team/?page=2"),
        ("/articles", "/articles/"),
        ("/events/calendar", "/events/calendar/"),
    ],
)
def test_an_address_without_its_slash_redirects_where_one_leads(client, tree, path, target):
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == target


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_unpublished_pages_and_their_subpages_are_hidden(client, tree, state):
    about = tree["about"]
    if state == "draft":
        about.status = Page.Status.DRAFT
    else:
        about.publish_at = timezone.now() + timedelta(hours=2)
    about.save()
    for page in tree.values():
        assert client.get(page.get_absolute_url()).status_code == 404
    assert set(Page.objects.published()) == set()
    if state == "scheduled":
        with time_machine.travel(timezone.now() + timedelta(hours=3)):
            assert client.get("/about/team/board/").status_code == 200


def test_a_hidden_middle_page_hides_what_is_below_it_only(client, tree):
    team = tree["team"]
    team.status = Page.Status.DRAFT
    team.save()
    assert client.get("/about/").status_code == 200
    assert client.get("/about/team/").status_code == 404
    assert client.get("/about/team/board/").status_code == 404
    assert "Our team" not in client.get("/about/").content.decode()


def test_a_changed_slug_redirects_the_old_addresses_of_the_page_and_its_subpages(client, tree):
    about = Page.objects.get(pk=tree["about"].pk)
    about.slug = "who-we-are"
    about.save()
    assert Page.objects.get(pk=tree["board"].pk).path == "who-we-are/team/board"
    for old, new in [
        ("/about/", "/who-we-are/"),
        ("/about/team/", "/who-we-are/team/"),
        ("/about/team/board/", "/who-we-are/team/board/"),
        ("/about/team/board", "/about/team/board/"),  # the slash first, then the move
    ]:
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old
    assert client.get("/who-we-are/team/board/").status_code == 200
    # Renamed again: every address it ever had leads to the current one.
    about.slug = "people"
    about.save()
    assert client.get("/about/team/")["Location"] == "/people/team/"
    assert client.get("/who-we-are/team/")["Location"] == "/people/team/"


def test_a_moved_page_redirects_from_under_its_old_parent(client, tree):
    join = PageFactory(title="Join", slug="join")
    team = Page.objects.get(pk=tree["team"].pk)
    team.parent = join
    team.save()
    assert client.get("/about/team/")["Location"] == "/join/team/"
    assert client.get("/about/team/board/")["Location"] == "/join/team/board/"
    assert client.get("/join/team/board/").status_code == 200
    # Moved to the top level.
    team.parent = None
    team.save()
    assert client.get("/join/team/board/")["Location"] == "/team/board/"
    assert client.get("/about/team/")["Location"] == "/team/"


def test_an_address_taken_again_is_the_new_pages(client, tree):
    about = Page.objects.get(pk=tree["about"].pk)
    about.slug = "who-we-are"
    about.save()
    PageFactory(title="About the campaign", slug="about")
    response = client.get("/about/")
    assert response.status_code == 200
    assert "About the campaign" in response.content.decode()
    # The old subpage addresses still lead to the moved pages.
    assert client.get("/about/team/")["Location"] == "/who-we-are/team/"


def test_a_redirect_never_leads_readers_to_a_hidden_page(client, tree):
    about = Page.objects.get(pk=tree["about"].pk)
    about.slug = "who-we-are"
    about.status = Page.Status.DRAFT
    about.save()
    assert client.get("/about/").status_code == 404
    assert client.get("/about/team/").status_code == 404


def test_staff_preview_drafts_and_pages_under_them(client, tree):
    about = tree["about"]
    about.status = Page.Status.DRAFT
    about.save()
    client.force_login(user_with_role(EDITOR))
    draft = client.get("/about/")
    assert draft.status_code == 200
    assert draft["X-Robots-Tag"] == "noindex"
    assert "no-cache" in draft["Cache-Control"]
    under = client.get("/about/team/")
    assert under.status_code == 200
    assert under["X-Robots-Tag"] == "noindex"
    assert "Readers cannot see this page yet: a page above it is not published." in (
        under.content.decode()
    )
    assert '<meta name="robots" content="noindex, nofollow">' in under.content.decode()


def test_a_preview_link_shows_a_draft_page(client, tree):
    draft = PageFactory(title="Coming soon", slug="soon", parent=tree["team"], draft=True)
    link = PreviewLink.objects.create(
        content_type=ContentType.objects.get_for_model(Page), object_id=draft.pk
    )
    response = client.get(link.preview_url)
    assert response.status_code == 200
    assert "Coming soon" in response.content.decode()
    assert client.get("/about/team/soon/").status_code == 404


def test_restoring_an_older_slug_moves_the_subpages_back(client, tree):
    editor = user_with_role(EDITOR)
    about = Page.objects.get(pk=tree["about"].pk)
    workflow.publish(about, editor)  # a first version, with the slug "about"
    about = Page.objects.get(pk=about.pk)
    about.slug = "who-we-are"
    workflow.publish(about, editor)
    assert client.get("/about/team/")["Location"] == "/who-we-are/team/"
    first = versions(about).order_by("revision__date_created").first()
    restored = workflow.restore(Page.objects.get(pk=about.pk), editor, first)
    assert restored.path == "about"
    assert Page.objects.get(pk=tree["board"].pk).path == "about/team/board"
    workflow.publish(restored, editor)
    assert client.get("/about/team/board/").status_code == 200
    assert client.get("/who-we-are/team/board/")["Location"] == "/about/team/board/"
