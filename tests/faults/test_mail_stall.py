"""A mail server that stalls never slows signing: the request stores the signature and
queues the mail; the worker (`manage.py db_worker`) sends it once the server answers."""

import re
import time

import pytest

from statements.models import Endorsement
from tests.factories import StatementFactory
from tests.support.live import fetch
from tests.support.tasks import queued

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

SIGNER = {
    "kind": "individual",
    "name": "Anna Nowak",
    "organisation": "",
    "role": "Crane operator",
    "country": "PL",
    "email": "anna@example.org",
    "consent_listed": "on",
    "website": "",
}


def test_signing_is_quick_while_smtp_stalls_and_the_worker_sends_the_mail_later(site):
    statement = StatementFactory()
    site.flush_cache()
    page = fetch(site.url, statement.get_absolute_url())
    sign_path = f"/statements/{statement.slug}/sign/"
    assert page.status == 200 and f'action="{sign_path}"' in page.text

    site.smtp.stall()
    started = time.monotonic()
    answer = fetch(
        site.url,
        sign_path,
        method="POST",
        data=SIGNER,
        headers={"Sec-Fetch-Site": "same-origin", "Origin": site.url},
    )
    assert answer.status == 302, answer.status
    assert answer.location == f"/statements/{statement.slug}/thanks/"
    thanks = fetch(site.url, answer.location)
    seconds = thanks.finished - started
    assert thanks.status == 200 and "Check your email" in thanks.text
    endorsement = Endorsement.objects.get(statement=statement)
    assert endorsement.status == Endorsement.Status.PENDING
    assert endorsement.confirmation_sent_at is None
    assert len(queued()) == 1 and site.inbox.messages == []

    site.smtp.pass_()
    worker_started = time.monotonic()
    worker = site.manage(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", "-v", "0"
    )
    worker_seconds = time.monotonic() - worker_started
    assert worker.returncode == 0, f"{worker.stdout}\n{worker.stderr}"
    print(
        f"\nSMTP stalled: signing answered the thanks page in {seconds:.2f} s; once SMTP "
        f"passed, db_worker --batch sent {len(site.inbox.messages)} mail in "
        f"{worker_seconds:.1f} s (process start included)"
    )
    assert seconds < 2, f"signing took {seconds:.2f} s while the mail server stalled"
    (message,) = site.inbox.messages
    assert message["To"] == "anna@example.org"
    assert statement.title in message["Subject"]
    link = re.escape(site.url) + rf"/statements/{statement.slug}/confirm/[^/\s]+/"
    assert re.search(link, message.get_body(("plain",)).get_content())
    endorsement.refresh_from_db()
    assert endorsement.confirmation_sent_at is not None
    assert queued() == []
