"""Pages in site search: public ones only, with a type of their own."""

import pytest

from tests.pages.factories import PageFactory

pytestmark = pytest.mark.django_db


def test_public_pages_are_found_and_others_are_not(client):
    about = PageFactory(title="About the harbour network", slug="about")
    PageFactory(title="Harbour volunteers", slug="volunteers", parent=about)
    PageFactory(title="Harbour plans", draft=True)
    PageFactory(title="Harbour tomorrow", scheduled=True)
    hidden = PageFactory(title="Hidden", slug="hidden", draft=True)
    PageFactory(title="Harbour secrets", parent=hidden)
    page = client.get("/search/?q=harbour").content.decode()
    assert "/about/" in page and "/about/volunteers/" in page
    for title in ["Harbour plans", "Harbour tomorrow", "Harbour secrets"]:
        assert title not in page
    assert '<option value="page">Pages</option>' in page
    only_pages = client.get("/search/?q=harbour&type=page").content.decode()
    assert "2 results" in only_pages


def test_the_text_of_a_page_is_searched_and_shown_in_the_snippet(client):
    PageFactory(title="Join", slug="join", body="<p>Members pay dues to the strike fund.</p>")
    page = client.get("/search/?q=dues").content.decode()
    assert "/join/" in page
    assert "<mark>dues</mark>" in page
