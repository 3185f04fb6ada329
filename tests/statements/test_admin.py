"""The editors' admin of statements and endorsements: pages open, the statement form."""

import pytest
from django.utils import timezone

from statements.models import Statement
from tests.factories import EndorsementFactory

pytestmark = pytest.mark.django_db


def test_statement_and_endorsement_admin_pages_open(admin_client):
    endorsement = EndorsementFactory()
    statement = endorsement.statement
    for url in [
        "/admin/statements/statement/",
        "/admin/statements/statement/add/",
        f"/admin/statements/statement/{statement.pk}/change/",
        "/admin/statements/endorsement/",
        f"/admin/statements/endorsement/{endorsement.pk}/change/",
        "/admin/statements/endorsement/?q=signer",
    ]:
        response = admin_client.get(url)
        assert response.status_code == 200, url
    page = admin_client.get(f"/admin/statements/statement/{statement.pk}/change/").content.decode()
    assert f"?statement__id__exact={statement.pk}" in page
    assert "Manage its 1 endorsement" in page


def test_adding_a_statement_through_the_admin(admin_client):
    now = timezone.localtime()
    response = admin_client.post(
        "/admin/statements/statement/add/",
        {
            "title": "Declaration of Rome",
            "slug": "declaration-of-rome",
            "issuing_body": "Adopted by the conference",
            "adopted_place": "Rome",
            "adopted_on": "2023-10-28",
            "standfirst": "",
            "body": "<p>Text<script>alert(1)</script></p>",
            "initial_signatories": "",
            "status": "published",
            "publish_at_0": now.strftime("%Y-%m-%d"),
            "publish_at_1": now.strftime("%H:%M:%S"),
            "tags": "",
            "endorsements_open": "on",
            "signers": "both",
            "goal": "",
            "show_individual_names": "on",
            "summary": "",
            "lead_image_alt": "",
            "lead_image_caption": "",
            "lead_image_credit": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    statement = Statement.objects.get()
    assert statement.dateline == "Rome, 28 October 2023"
    assert "script" not in statement.body


def test_a_statement_body_is_labelled_as_its_text(admin_client):
    page = admin_client.get("/admin/statements/statement/add/").content.decode()
    assert '<label for="id_body">Text:</label>' in page
    article_page = admin_client.get("/admin/articles/article/add/").content.decode()
    assert '<label for="id_body">Body:</label>' in article_page
