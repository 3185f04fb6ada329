"""A figure in a body (an imported WordPress image with its caption) survives an editor
opening the article and saving it, and the public page with it passes axe-core and the
Nu HTML checker."""

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from articles.models import Article
from tests.e2e.conftest import describe_html_errors, describe_violations
from tests.e2e.test_edit_forms import EDITABLE, change_url, editor_page  # noqa: F401 - fixture
from tests.factories import ArticleFactory, ImageFactory, jpeg_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def article_with_figure():
    image = ImageFactory(file=ContentFile(jpeg_bytes(width=900, height=600), name="quay.jpg"))
    body = (
        "<p>Members met on the quay at dawn.</p>"
        f'<figure><img src="{image.file.url}" alt="Dockworkers on the quay at dawn" '
        'width="900" height="600"><figcaption>The first shift, <em>before</em> the vote.'
        "</figcaption></figure>"
        "<p>The vote was unanimous.</p>"
    )
    return ArticleFactory(title="Dawn on the quay", body=body), image


def test_a_figure_survives_editing_and_saving_in_the_admin(live_server, editor_page):  # noqa: F811
    article, image = article_with_figure()
    page = editor_page
    page.goto(change_url(live_server.url, article))
    editor = page.locator(EDITABLE)
    expect(editor).to_be_visible()
    expect(editor.locator("figure img")).to_have_attribute("alt", "Dockworkers on the quay at dawn")
    expect(editor.locator("figure figcaption")).to_have_text("The first shift, before the vote.")

    # An edit elsewhere in the text, then a save.
    editor.locator("p", has_text="The vote was unanimous.").click()
    page.keyboard.press("End")
    page.keyboard.type(" Work stops at noon.")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    body = Article.objects.get(pk=article.pk).body
    assert "The vote was unanimous. Work stops at noon.</p>" in body
    assert (
        f'<figure><img src="{image.file.url}" alt="Dockworkers on the quay at dawn" width="900"'
        ' height="600" loading="lazy" decoding="async"><figcaption>The first shift, <em>before'
        "</em> the vote.</figcaption></figure>"
    ) in body


def test_an_article_with_a_figure_passes_axe_and_the_html_checker(
    live_server, page, run_axe, check_html, tmp_path
):
    article, image = article_with_figure()
    response = page.goto(f"{live_server.url}{article.get_absolute_url()}")
    assert response.status == 200
    figure = page.locator(".article__body figure")
    expect(figure.locator("img")).to_have_attribute("src", image.file.url)
    # The image loaded from the site itself, at its own size. It loads lazily, after the
    # page's load event: brought into view, it is waited for (a failed load would leave
    # naturalWidth 0 and fail the assertion after it).
    picture = figure.locator("img")
    picture.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete", arg=picture.element_handle())
    assert picture.evaluate("img => img.naturalWidth") == 900

    violations = run_axe(page)
    assert not violations, describe_violations(violations)
    target = tmp_path / "article.html"
    target.write_text(page.content())
    errors = check_html([target])
    assert not errors, describe_html_errors(errors)


def test_a_figure_typed_from_another_site_is_refused_with_a_message_and_kept(
    live_server,
    editor_page,  # noqa: F811
):
    article = ArticleFactory(title="Dawn on the quay", body="<p>Members met at dawn.</p>")
    page = editor_page
    page.goto(change_url(live_server.url, article))
    editor = page.locator(EDITABLE)
    editor.locator("p", has_text="Members met at dawn.").click()
    page.keyboard.press("End")

    page.locator(".prose-menubar__button[title=figure]").click()
    dialog = page.locator("dialog[open]")
    dialog.get_by_label("Image URL").fill("https://elsewhere.example/pic.jpg")
    dialog.get_by_label("Caption").fill("The quay at dawn")
    dialog.get_by_role("button", name="Insert").click()
    page.locator("input[name=_continue]").click()

    expect(page.locator(".errorlist")).to_contain_text(
        "Pictures in the text must come from the image library: upload "
        "“https://elsewhere.example/pic.jpg” to Images first, then use its address."
    )
    # What the editor typed is still there to fix, and nothing was stored.
    expect(page.locator(EDITABLE).locator("figure img")).to_have_attribute(
        "src", "https://elsewhere.example/pic.jpg"
    )
    expect(page.locator(EDITABLE).locator("figcaption")).to_have_text("The quay at dawn")
    assert Article.objects.get(pk=article.pk).body == "<p>Members met at dawn.</p>"
