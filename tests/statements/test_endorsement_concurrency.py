"""Signatures submitted at the same moment against the live server: none lost, none doubled."""

import http.cookiejar
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail

from statements.models import Endorsement
from tests.factories import StatementFactory
from tests.support.tasks import queued, run_worker

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 20


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def submit(base, statement, email, name):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    opener.open(base + statement.get_absolute_url(), timeout=30).read()
    data = urllib.parse.urlencode(
        {
            "kind": "individual",
            "name": name,
            "email": email,
            "consent_listed": "on",
        }
    ).encode()
    request = urllib.request.Request(
        f"{base}/statements/{statement.slug}/sign/",
        data=data,
        headers={"Referer": base + statement.get_absolute_url()},
    )
    try:
        return opener.open(request, timeout=30).status
    except urllib.error.HTTPError as answer:
        return answer.code


@pytest.fixture
def quiet_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PLACARD_ENDORSE_LIMIT_PER_IP = 1000


def test_parallel_signatures_lose_none(live_server, quiet_mail):
    statement = StatementFactory()
    with ThreadPoolExecutor(THREADS) as pool:
        statuses = list(
            pool.map(
                lambda n: submit(live_server.url, statement, f"p{n}@example.org", f"Person {n}"),
                range(THREADS),
            )
        )
    assert statuses == [302] * THREADS
    assert sorted(Endorsement.objects.values_list("email", flat=True)) == sorted(
        f"p{n}@example.org" for n in range(THREADS)
    )
    # Each signature queued its mail; the production worker sends them all.
    assert len(queued()) == THREADS and mail.outbox == []
    run_worker()
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        f"p{n}@example.org" for n in range(THREADS)
    )


def test_parallel_signatures_of_one_address_give_one_endorsement(live_server, quiet_mail, settings):
    settings.PLACARD_ENDORSE_LIMIT_PER_EMAIL = 1000
    statement = StatementFactory()
    with ThreadPoolExecutor(THREADS) as pool:
        statuses = list(
            pool.map(
                lambda n: submit(live_server.url, statement, "same@example.org", f"Person {n}"),
                range(THREADS),
            )
        )
    assert statuses == [302] * THREADS
    assert Endorsement.objects.filter(email="same@example.org").count() == 1
