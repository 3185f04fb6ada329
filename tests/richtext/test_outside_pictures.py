"""An admin form refuses a body with a picture from outside the site's media, saying so,
instead of storing the text without it; saves from code still drop such pictures."""

from articles.models import Article
from richtext.sanitizer import dropped_image_sources
from statements.models import Statement
from tests.factories import ArticleFactory, StatementFactory

OUTSIDE = "https://elsewhere.example/pic.jpg"
MESSAGE = (
    "Pictures in the text must come from the image library: upload "
    f"“{OUTSIDE}” to Images first, then use its address."
)
TYPED = (
    "<p>Our march, as the papers saw it:</p>"
    f'<figure><img src="{OUTSIDE}" alt="The march"><figcaption>Seen from the bridge'
    "</figcaption></figure><p>More soon.</p>"
)
LIBRARY_FIGURE = (
    '<figure><img src="/media/images/march.jpg" alt="The march"><figcaption>Seen from the'
    " bridge</figcaption></figure>"
)


def change_form_data(response, **changes):
    """What the browser posts when an editor saves the change form as shown, with
    `changes` typed into it."""
    data = {"_save": "Save"}
    forms = [response.context["adminform"].form]
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        forms.append(management)
        forms.extend(formset.formset.forms)
    for form in forms:
        for bound in form:
            value, widget = bound.value(), bound.field.widget
            if hasattr(widget, "widgets"):  # a date and a time, posted separately
                parts = value if isinstance(value, list) else widget.decompress(value)
                for index, part in enumerate(parts):
                    data[f"{bound.html_name}_{index}"] = "" if part is None else str(part)
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(item) for item in value]
            elif value is True:
                data[bound.html_name] = "on"
            elif value is not None and value is not False:
                data[bound.html_name] = str(value)
    data.update(changes)
    return data


def edit(admin_client, url, **changes):
    shown = admin_client.get(url)
    assert shown.status_code == 200
    return admin_client.post(url, change_form_data(shown, **changes))


def test_dropped_image_sources_names_what_cleaning_would_remove():
    html = (
        f'<p><img src="{OUTSIDE}"><img src="/media/images/a.jpg">'
        '<img src="data:image/png;base64,iVBORw0KGgo="><img src="&#x6a;avascript:alert(1)">'
        '<img src="pic.jpg"><img src=""></p>'
        '<script><img src="https://hidden.example/x.jpg"></script>'
        f'<p><img src="{OUTSIDE}"></p>'
    )

    assert dropped_image_sources(html) == [
        OUTSIDE,
        "data:image/png;base64,iVBORw0KGgo=",
        "javascript:alert(1)",
        "pic.jpg",
    ]
    assert dropped_image_sources(LIBRARY_FIGURE) == []


def test_article_change_form_refuses_an_outside_picture_keeping_what_was_typed(admin_client):
    article = ArticleFactory(title="Before the march", body="<p>Stored text.</p>")
    url = f"/admin/articles/article/{article.pk}/change/"

    response = edit(admin_client, url, title="The march, seen", body=TYPED)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["body"] == [MESSAGE]
    assert list(form.errors) == ["body"]
    assert form["body"].value() == TYPED
    assert form["title"].value() == "The march, seen"
    page = response.content.decode()
    assert "upload “https://elsewhere.example/pic.jpg” to Images first" in page
    stored = Article.objects.get(pk=article.pk)
    assert (stored.title, stored.body) == ("Before the march", "<p>Stored text.</p>")


def test_article_change_form_accepts_a_library_picture(admin_client):
    article = ArticleFactory(body="<p>Stored text.</p>")
    url = f"/admin/articles/article/{article.pk}/change/"

    response = edit(admin_client, url, body=LIBRARY_FIGURE + "<p>More soon.</p>")

    assert response.status_code == 302, response.context["adminform"].form.errors
    body = Article.objects.get(pk=article.pk).body
    assert '<img src="/media/images/march.jpg" alt="The march"' in body
    assert "<figcaption>Seen from the bridge</figcaption>" in body


def test_several_outside_pictures_are_all_named(admin_client):
    article = ArticleFactory()
    pasted = "data:image/png;base64," + "A" * 5000
    body = f'<p><img src="{OUTSIDE}"> and <img src="{pasted}"></p>'

    response = edit(admin_client, f"/admin/articles/article/{article.pk}/change/", body=body)

    [error] = response.context["adminform"].form.errors["body"]
    assert error.startswith(
        f"Pictures in the text must come from the image library: upload “{OUTSIDE}”, “data:image/png;base64,AAA"
    )
    assert error.endswith("” to Images first, then use their addresses.")
    # A pasted picture's address is shortened, not repeated in full.
    assert len(error) < 300


def test_statement_change_form_refuses_an_outside_picture(admin_client):
    statement = StatementFactory(body="<p>We declare.</p>")
    url = f"/admin/statements/statement/{statement.pk}/change/"

    response = edit(admin_client, url, body=TYPED)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["body"] == [MESSAGE]
    assert form["body"].value() == TYPED
    assert Statement.objects.get(pk=statement.pk).body == "<p>We declare.</p>"


def test_statement_change_form_accepts_a_library_picture(admin_client):
    statement = StatementFactory(body="<p>We declare.</p>")
    url = f"/admin/statements/statement/{statement.pk}/change/"

    response = edit(admin_client, url, body=LIBRARY_FIGURE)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert 'src="/media/images/march.jpg"' in Statement.objects.get(pk=statement.pk).body


def test_save_from_code_still_drops_an_outside_picture_quietly(db):
    article = ArticleFactory(body=TYPED)

    article.refresh_from_db()
    assert "elsewhere.example" not in article.body
    assert "<figcaption>Seen from the bridge</figcaption>" in article.body


def test_a_handler_on_a_library_picture_is_still_cleaned_silently(admin_client):
    article = ArticleFactory()
    body = '<p><img src="/media/images/a.jpg" alt="A" onerror="alert(\'x\')"></p>'

    response = edit(admin_client, f"/admin/articles/article/{article.pk}/change/", body=body)

    assert response.status_code == 302, response.context["adminform"].form.errors
    stored = Article.objects.get(pk=article.pk).body
    assert "onerror" not in stored and 'src="/media/images/a.jpg"' in stored
