"""The endorsement form cannot be driven from another site, and its mail carries nothing
the signer typed.

The form has no CSRF token (the statement page is cached for everyone), so the browser's
own headers decide: `Sec-Fetch-Site`, else `Origin`.
"""

import pytest
from django.core import mail

from statements.models import Endorsement
from tests.factories import EndorsementFactory, StatementFactory
from tests.support.tasks import queued, run_queued_tasks

pytestmark = pytest.mark.django_db

OWN = "http://testserver"


def sign(client, statement, headers=None, **overrides):
    data = {
        "kind": "individual",
        "name": "Anna Nowak",
        "email": "anna@example.org",
        "consent_listed": "on",
        **overrides,
    }
    return client.post(f"/statements/{statement.slug}/sign/", data, headers=headers or {})


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
        {"Sec-Fetch-Site": "same-site", "Origin": "http://blog.testserver"},
        {"Origin": "https://evil.example"},
        {"Origin": "null"},  # sandboxed frames and data: pages
        {"Origin": "https://testserver"},  # another scheme is another origin
    ],
)
def test_cross_site_submission_is_refused_and_stores_and_sends_nothing(client, headers):
    statement = StatementFactory(title="Declaration for safe harbours")
    response = sign(client, statement, headers)
    assert response.status_code == 403
    page = response.content.decode()
    assert "Signature not accepted" in page
    assert "sent from another website" in page
    assert f'href="{statement.get_absolute_url()}"' in page
    assert Endorsement.objects.count() == 0
    assert queued() == []
    run_queued_tasks()
    assert mail.outbox == []


def test_cross_site_submission_sends_no_new_link_to_a_pending_signer(client):
    statement = StatementFactory()
    EndorsementFactory(statement=statement, email="anna@example.org", status="pending")
    assert sign(client, statement, {"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert queued() == [] and mail.outbox == []


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "same-origin", "Origin": OWN},  # a current browser on our page
        {"Sec-Fetch-Site": "none"},  # typed or bookmarked by the reader
        {"Origin": OWN},  # a browser without Sec-Fetch-Site
        {},  # neither: no browser acting for another page (curl, a script)
    ],
)
def test_same_origin_submission_is_accepted(client, headers):
    statement = StatementFactory()
    response = sign(client, statement, headers)
    assert response.status_code == 302
    assert response["Location"] == f"/statements/{statement.slug}/thanks/"
    assert Endorsement.objects.get().email == "anna@example.org"
    assert run_queued_tasks() == ["sent"]
    assert mail.outbox[0].to == ["anna@example.org"]


def test_origin_trusted_behind_a_proxy_is_accepted(client, settings):
    """Behind a TLS proxy the app may see http while the browser says https."""
    settings.CSRF_TRUSTED_ORIGINS = ["https://testserver"]
    statement = StatementFactory()
    assert sign(client, statement, {"Origin": "https://testserver"}).status_code == 302
    assert Endorsement.objects.count() == 1


def test_statement_page_stays_cacheable(client):
    statement = StatementFactory()
    response = client.get(statement.get_absolute_url())
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert not response.cookies


def test_confirmation_mail_holds_nothing_the_signer_typed(client):
    statement = StatementFactory(moderated=True, title="Declaration for safe harbours")
    hostile = {
        "name": "You won a prize, claim it at https://evil.example/claim",
        "organisation": "Prize Office",
        "role": "Call +1 555 0100 now",
        "comment": "Your account is locked, visit evil.example",
    }
    assert sign(client, statement, {"Sec-Fetch-Site": "same-origin"}, **hostile).status_code == 302
    assert Endorsement.objects.get().name == hostile["name"]  # stored for the editors
    run_queued_tasks()
    (message,) = mail.outbox
    html = message.alternatives[0][0]
    for text in (message.subject, message.body, html):
        assert "evil.example" not in text
        for value in hostile.values():
            assert value not in text
    assert "Declaration for safe harbours" in message.body
    assert f"/statements/{statement.slug}/confirm/" in message.body
