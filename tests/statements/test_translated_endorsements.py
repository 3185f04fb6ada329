"""A statement published in several languages is one campaign: a signature made on any
translation's page counts for the original, every page of the group shows the same
count, goal and signatories, and the original's endorsement settings rule them all."""

import re

import pytest
from django.urls import reverse

from publishing.language_sites import item_url
from statements.models import Endorsement
from tests.factories import StatementFactory
from tests.statements.test_endorsements import form, smtp  # noqa: F401
from tests.support.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver(/[^\s\"]*/confirm/[^/\s\"]+/)")


@pytest.fixture
def group(settings):
    """An English statement with Spanish and Ukrainian translations, on a site published
    in those three languages."""
    settings.PLACARD_LANGUAGES = ["en-gb", "es", "uk"]
    original = StatementFactory(title="For safe ports", language="en-gb", goal=50)
    spanish = StatementFactory(
        title="Por unos puertos seguros",
        language="es",
        translation_of=original,
        # A translation's own settings are not used: the original's apply.
        goal=7,
        moderated=True,
    )
    ukrainian = StatementFactory(
        title="За безпечні порти", language="uk", translation_of=original, goal=9
    )
    return original, spanish, ukrainian


def page(client, statement):
    response = client.get(item_url(statement))
    assert response.status_code == 200
    return response.content.decode()


def count_on(html):
    return html.split('<p class="endorsement-count"><strong>')[1].split("<")[0]


def sign(client, statement, **overrides):
    return client.post(item_url(statement) + "sign/", form(**overrides))


def test_a_signature_on_a_translation_counts_and_lists_on_every_page(
    client,
    group,
    smtp,  # noqa: F811
):
    original, spanish, ukrainian = group
    for member in group:  # cached before the signature
        assert count_on(page(client, member)) == "0"
        assert client.get(item_url(member))["X-Page-Cache"] == "hit"

    response = sign(client, spanish, name="Lucía Pérez")
    assert response.status_code == 302
    assert response["Location"] == item_url(spanish) + "thanks/"
    endorsement = Endorsement.objects.get()
    assert endorsement.statement_id == original.pk
    assert endorsement.language == "es"

    assert run_queued_tasks() == ["sent"]
    (message,) = smtp.messages
    plain = message.get_body(("plain",)).get_content()
    path = LINK.search(plain).group(1)
    # The link leads back to the Spanish page the signer signed on.
    assert path.startswith(item_url(spanish))
    assert spanish.title in str(message["Subject"]) or "Por unos" in plain
    confirmed = client.post(path)
    assert confirmed.status_code == 200
    assert '<html lang="es"' in confirmed.content.decode()

    for member in group:
        html = page(client, member)
        assert count_on(html) == "1", member.language
        # The original's goal (50), not the translation's own (7 or 9).
        assert 'max="100" value="2"' in html, member.language
        assert "Lucía Pérez" in html, member.language
        listing = client.get(item_url(member) + "signatories/").content.decode()
        assert "Lucía Pérez" in listing, member.language


def test_one_signature_per_address_across_the_group(client, group, smtp):  # noqa: F811
    original, spanish, ukrainian = group
    assert sign(client, spanish).status_code == 302
    assert sign(client, ukrainian, name="Someone Else").status_code == 302
    assert sign(client, original).status_code == 302
    assert Endorsement.objects.count() == 1
    assert Endorsement.objects.get().name == "Anna Nowak"


def test_a_closed_original_refuses_signatures_on_its_translations(client, group):
    original, spanish, ukrainian = group
    original.endorsements_open = False
    original.save()
    for member in (spanish, ukrainian):
        assert 'class="endorse-form"' not in page(client, member)
        assert sign(client, member).status_code == 403
    assert not Endorsement.objects.exists()


def test_a_moderated_original_moderates_its_translations(client, group):
    original, spanish, ukrainian = group
    # Spanish says "moderated", the original does not: no comment field anywhere.
    assert 'name="comment"' not in page(client, spanish)
    assert 'name="comment"' not in page(client, ukrainian)  # its form is cached now
    original.moderated = True
    original.save()
    assert 'name="comment"' in page(client, ukrainian)


def test_the_admin_points_a_translation_to_the_original_endorsements(admin_client, group):
    original, spanish, ukrainian = group
    Endorsement.objects.create(
        statement=original, kind="individual", name="X", email="x@example.org"
    )
    change = admin_client.get(
        reverse("admin:statements_statement_change", args=[spanish.pk])
    ).content.decode()
    assert f"?statement__id__exact={original.pk}" in change
    assert "Manage the original&#x27;s 1 endorsement" in change
    assert "one campaign" in change
    assert 'name="goal"' not in change

    export = admin_client.post(
        reverse("admin:statements_statement_changelist"),
        {"action": "export_endorsements_csv", "_selected_action": [spanish.pk]},
    )
    assert export.status_code == 200
    assert "x@example.org" in export.content.decode()
