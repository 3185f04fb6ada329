"""Endorsing a statement: the round trip through a real SMTP server, and every abuse case.

Mail goes out from a background task (the database backend, as in production); tests run
the queued tasks with `run_queued_tasks()` where the worker would."""

import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone

from statements.models import Endorsement
from tests.factories import EndorsementFactory, StatementFactory, UserFactory
from tests.support.smtp import SMTPServer
from tests.support.tasks import queued, run_queued_tasks

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver(/statements/[^/]+/confirm/[^/\s]+/)")


@pytest.fixture
def smtp(settings):
    server = SMTPServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield server.inbox
    server.stop()


@pytest.fixture
def smtp_down(settings, smtp):
    """SMTP settings that point at a port where nothing listens."""
    from tests.support.smtp import free_port

    settings.EMAIL_PORT = free_port()
    return smtp


def form(**overrides):
    data = {
        "kind": "individual",
        "name": "Anna Nowak",
        "organisation": "",
        "role": "Crane operator",
        "country": "PL",
        "email": "Anna@Example.org",
        "consent_listed": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def sign(client, statement, **overrides):
    return client.post(f"/statements/{statement.slug}/sign/", form(**overrides))


def link_in(message):
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    path = LINK.search(plain).group(1)
    assert path in html
    return path


def test_round_trip_through_real_smtp(client, smtp):
    statement = StatementFactory()
    page = client.get(statement.get_absolute_url()).content.decode()
    assert "Rome, 28 October 2023" in page
    assert "Adopted by the conference of the network" in page
    assert 'action="/statements/' in page

    response = sign(client, statement)
    assert response.status_code == 302
    assert response["Location"] == f"/statements/{statement.slug}/thanks/"
    assert "Check your email" in client.get(response["Location"]).content.decode()
    endorsement = Endorsement.objects.get()
    assert endorsement.status == Endorsement.Status.PENDING
    assert endorsement.email == "anna@example.org"
    assert smtp.messages == []  # the request never waits for the mail server

    assert run_queued_tasks() == ["sent"]
    assert Endorsement.objects.get().confirmation_sent_at is not None
    (message,) = smtp.messages
    assert message["To"] == "anna@example.org"
    assert statement.title in message["Subject"]
    path = link_in(message)
    assert (
        "Anna Nowak"
        not in client.get(f"/statements/{statement.slug}/signatories/").content.decode()
    )

    # Opening the link does not confirm by itself: mail scanners open links too.
    confirm_page = client.get(path)
    assert "Confirm my signature" in confirm_page.content.decode()
    assert Endorsement.objects.get().status == Endorsement.Status.PENDING

    confirmed = client.post(path)
    assert confirmed.status_code == 200
    assert "your signature is confirmed" in confirmed.content.decode()
    listing = client.get(f"/statements/{statement.slug}/signatories/").content.decode()
    assert "Anna Nowak" in listing and "Crane operator" in listing and "Poland" in listing
    assert "Anna Nowak" in client.get(statement.get_absolute_url()).content.decode()

    reused = client.post(path)
    assert reused.status_code == 410
    assert "already been used" in reused.content.decode()


def test_moderated_statement_lists_only_after_approval(client, smtp, admin_client):
    statement = StatementFactory(moderated=True)
    sign(client, statement, comment="Solidarity from Gdańsk!")
    run_queued_tasks()
    client.post(link_in(smtp.messages[0]))
    endorsement = Endorsement.objects.get()
    assert endorsement.status == Endorsement.Status.CONFIRMED
    signatories = f"/statements/{statement.slug}/signatories/"
    assert "Anna Nowak" not in client.get(signatories).content.decode()
    assert (
        "<strong>0</strong> signatures" in client.get(statement.get_absolute_url()).content.decode()
    )

    admin_client.post(
        "/admin/statements/endorsement/",
        {"action": "approve", "_selected_action": [str(endorsement.pk)]},
    )
    listing = client.get(signatories).content.decode()
    assert "Anna Nowak" in listing
    assert "Solidarity from Gdańsk!" in listing


def test_comment_field_only_on_moderated_statements(client):
    assert (
        'name="comment"' not in client.get(StatementFactory().get_absolute_url()).content.decode()
    )
    moderated = StatementFactory(moderated=True)
    assert 'name="comment"' in client.get(moderated.get_absolute_url()).content.decode()


def test_honeypot_answers_like_success_and_stores_and_sends_nothing(client, smtp):
    statement = StatementFactory()
    real = sign(client, statement, email="real@example.org")
    trapped = sign(client, statement, email="bot@example.org", website="http://spam.example")
    run_queued_tasks()
    assert (trapped.status_code, trapped["Location"]) == (real.status_code, real["Location"])
    assert list(Endorsement.objects.values_list("email", flat=True)) == ["real@example.org"]
    assert [m["To"] for m in smtp.messages] == ["real@example.org"]


def test_same_email_twice_gives_one_endorsement_and_the_same_answer(client, smtp):
    statement = StatementFactory()
    first = sign(client, statement)
    run_queued_tasks()
    second = sign(client, statement, name="Someone Else", email="anna@example.org ")
    assert (first.status_code, first["Location"]) == (second.status_code, second["Location"])
    endorsement = Endorsement.objects.get()
    assert endorsement.name == "Anna Nowak"
    # Still unconfirmed: a fresh link is sent and the earlier one stops working.
    assert run_queued_tasks() == ["sent"]
    assert len(smtp.messages) == 2
    old, new = link_in(smtp.messages[0]), link_in(smtp.messages[1])
    assert "newer confirmation link" in client.get(old).content.decode()
    assert client.post(new).status_code == 200

    third = sign(client, statement)
    assert (third.status_code, third["Location"]) == (first.status_code, first["Location"])
    assert run_queued_tasks() == ["not due"]
    assert len(smtp.messages) == 2  # nothing sent for an address that already confirmed
    assert Endorsement.objects.count() == 1


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("name", "Anna\r\nBcc: victim@example.org", "without line breaks"),
        ("organisation", "Union\nBcc: x@example.org", "without line breaks"),
        ("email", "anna@example.org\r\nBcc: victim@example.org", "valid email address"),
        ("name", "A" * 151, "at most 150 characters"),
        ("email", "not-an-address", "valid email address"),
        ("name", "", "This field is required"),
        ("consent_listed", None, "Please agree to be listed"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(client, smtp, field, value, message):
    statement = StatementFactory()
    response = sign(client, statement, **{field: value})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'value="Crane operator"' in page  # what was typed is kept
    assert Endorsement.objects.count() == 0
    assert queued() == [] and smtp.messages == []


def test_country_list_is_whole_on_every_view_and_keeps_the_chosen_country(client, smtp):
    statement = StatementFactory()
    for _ in range(2):  # the second view uses the list rendered for the first
        page = client.get(statement.get_absolute_url()).content.decode()
        select = re.search(r'<select name="country"[^>]*>(.*?)</select>', page, re.S).group(1)
        assert select.count("<option") > 240
        assert '<option value="PL">Poland</option>' in select
        assert "selected" not in select.replace('value="" selected', "")
    page = sign(client, statement, consent_listed=None).content.decode()
    assert '<option value="PL" selected>Poland</option>' in page
    assert 'value="" selected' not in page


def test_kind_not_allowed_by_the_statement_is_refused(client, smtp):
    statement = StatementFactory(signers="organisations")
    response = sign(client, statement, kind="individual")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert Endorsement.objects.count() == 0


@pytest.mark.parametrize(
    "options, message",
    [
        ({"endorsements_open": False}, "no longer open for endorsement"),
        (
            {"endorsements_close_at": timezone.now() - timedelta(minutes=1)},
            "Endorsement of this statement closed on",
        ),
    ],
)
def test_closed_statement_refuses_endorsements(client, smtp, options, message):
    statement = StatementFactory(**options)
    page = client.get(statement.get_absolute_url()).content.decode()
    assert message in page
    assert 'name="email"' not in page
    response = sign(client, statement)
    assert response.status_code == 403
    assert message in response.content.decode()
    assert Endorsement.objects.count() == 0 and queued() == [] and smtp.messages == []


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_unpublished_statement_refuses_endorsements(client, smtp, state):
    statement = StatementFactory(**{state: True})
    assert client.get(statement.get_absolute_url()).status_code == 404
    assert sign(client, statement).status_code == 404
    assert Endorsement.objects.count() == 0


def test_expired_and_tampered_links_show_a_clear_page_and_change_nothing(client, smtp):
    statement = StatementFactory()
    sign(client, statement)
    run_queued_tasks()
    path = link_in(smtp.messages[0])
    tampered = path[:-6] + ("AAAAA/" if not path.endswith("AAAAA/") else "BBBBB/")
    response = client.post(tampered)
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = client.post(path)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    other = StatementFactory()
    assert client.post(path.replace(statement.slug, other.slug)).status_code == 400
    assert Endorsement.objects.get().status == Endorsement.Status.PENDING


def test_rate_limits_per_connection_and_per_address(client, smtp, settings):
    settings.PLACARD_ENDORSE_LIMIT_PER_EMAIL = 2
    settings.PLACARD_ENDORSE_LIMIT_PER_IP = 5  # refused attempts count too
    statement = StatementFactory()
    assert sign(client, statement, email="a@example.org").status_code == 302
    assert sign(client, statement, email="a@example.org").status_code == 302
    limited = sign(client, statement, email="a@example.org")
    assert limited.status_code == 429
    assert "Please try again later" in limited.content.decode()
    assert sign(client, statement, email="b@example.org").status_code == 302
    assert sign(client, statement, email="c@example.org").status_code == 302
    assert sign(client, statement, email="d@example.org").status_code == 429
    assert sorted(Endorsement.objects.values_list("email", flat=True)) == [
        "a@example.org", "b@example.org", "c@example.org",
    ]  # fmt: skip


def test_with_the_cache_down_signing_still_works(client, smtp, settings):
    """Rate limits fail open when the cache is unreachable (see ratelimit.limits)."""
    settings.CACHES = {"default": {"BACKEND": "tests.support.broken_cache.UnreachableCache"}}
    statement = StatementFactory()
    assert client.get(statement.get_absolute_url()).status_code == 200
    assert sign(client, statement).status_code == 302
    assert Endorsement.objects.count() == 1
    run_queued_tasks()
    assert len(smtp.messages) == 1


def test_smtp_down_keeps_the_endorsement_and_the_mail_is_retried_later(client, smtp_down, settings):
    statement = StatementFactory()
    response = sign(client, statement)
    # The signer sees the usual answer: the mail is the worker's business.
    assert (response.status_code, response["Location"]) == (
        302,
        f"/statements/{statement.slug}/thanks/",
    )
    assert run_queued_tasks() == ["retrying"]
    endorsement = Endorsement.objects.get()
    assert endorsement.status == Endorsement.Status.PENDING
    assert endorsement.confirmation_sent_at is None
    assert run_queued_tasks() == []  # the retry waits its turn

    server = SMTPServer()
    server.start()
    try:
        settings.EMAIL_PORT = server.port
        with time_machine.travel(timezone.now() + timedelta(minutes=2)):
            assert run_queued_tasks() == ["sent"]
        (message,) = server.inbox.messages
        assert client.post(link_in(message)).status_code == 200
    finally:
        server.stop()
    assert Endorsement.objects.get().status == Endorsement.Status.CONFIRMED


def test_after_the_last_retry_editors_see_the_unsent_mail_and_can_resend(
    client, smtp_down, settings, admin_client
):
    statement = StatementFactory()
    sign(client, statement, name="Unsent Signer")
    results = []
    for hours in range(5):
        with time_machine.travel(timezone.now() + timedelta(hours=hours * 2)):
            results += run_queued_tasks(allow_failures=True)
    assert results == ["retrying", "retrying", "retrying", "failed"]
    endorsement = Endorsement.objects.get()
    assert endorsement.confirmation_sent_at is None

    unsent = admin_client.get("/admin/statements/endorsement/?confirmation_sent_at__isnull=True")
    assert "Unsent Signer" in unsent.content.decode()
    sent = admin_client.get("/admin/statements/endorsement/?confirmation_sent_at__isnull=False")
    assert "Unsent Signer" not in sent.content.decode()

    server = SMTPServer()
    server.start()
    try:
        settings.EMAIL_PORT = server.port
        answer = admin_client.post(
            "/admin/statements/endorsement/",
            {"action": "resend", "_selected_action": [str(endorsement.pk)]},
            follow=True,
        )
        assert "1 confirmation emails queued" in answer.content.decode()
        assert server.inbox.messages == []  # not inside the editor's request either
        assert run_queued_tasks() == ["sent"]
        (message,) = server.inbox.messages
        assert client.post(link_in(message)).status_code == 200
    finally:
        server.stop()
    assert Endorsement.objects.get().status == Endorsement.Status.CONFIRMED
    assert Endorsement.objects.get().confirmation_sent_at is not None


def test_unconfirmed_and_rejected_never_appear_publicly(client):
    statement = StatementFactory(goal=10)
    EndorsementFactory(statement=statement, name="Listed Person")
    EndorsementFactory(statement=statement, name="Pending Person", status="pending")
    EndorsementFactory(statement=statement, name="Rejected Person", status="rejected")
    EndorsementFactory(statement=statement, name="Org Listed", kind="organisation")
    pages = [
        statement.get_absolute_url(),
        f"/statements/{statement.slug}/signatories/",
        "/statements/feed.rss",
        "/statements/feed.atom",
        "/",
    ]
    for url in pages:
        page = client.get(url).content.decode()
        assert "Pending Person" not in page and "Rejected Person" not in page, url
    listing = client.get(f"/statements/{statement.slug}/signatories/").content.decode()
    assert listing.index("Org Listed") < listing.index("Listed Person")
    assert "2</strong> signatures" in listing
    assert 'value="20"' in listing  # 2 of a goal of 10


def test_individual_names_can_be_counted_only(client):
    statement = StatementFactory(show_individual_names=False)
    EndorsementFactory(statement=statement, name="Hidden Person")
    EndorsementFactory(statement=statement, name="Shown Union", kind="organisation")
    page = client.get(f"/statements/{statement.slug}/signatories/").content.decode()
    assert "Shown Union" in page
    assert "Hidden Person" not in page
    assert "1 individual also signed" in page


def test_email_addresses_appear_in_no_public_response(client):
    statement = StatementFactory(moderated=True)
    EndorsementFactory(statement=statement, email="secret.signer@example.org", status="approved")
    EndorsementFactory(statement=statement, email="secret.org@example.org", kind="organisation")
    urls = [
        "/",
        "/statements/",
        statement.get_absolute_url(),
        f"/statements/{statement.slug}/signatories/",
        "/statements/feed.rss",
        "/statements/feed.atom",
        "/sitemap.xml",
    ]
    for url in urls:
        body = client.get(url).content.decode()
        assert "secret.signer" not in body and "secret.org@" not in body, url


def test_initial_signatories_are_listed_and_counted(client):
    statement = StatementFactory(initial_signatories="First Union\n\nSecond Council\n")
    page = client.get(statement.get_absolute_url()).content.decode()
    assert "First Union" in page and "Second Council" in page
    assert "<strong>2</strong> signatures" in page


def test_statement_json_ld_and_dateline(client):
    import extruct

    statement = StatementFactory()
    html = client.get(statement.get_absolute_url()).content.decode()
    blocks = extruct.extract(html, syntaxes=["json-ld"])["json-ld"]
    (data,) = [block for block in blocks if block["@type"] != "BreadcrumbList"]
    assert data["headline"] == statement.title
    assert data["dateCreated"] == "2023-10-28"
    assert data["locationCreated"]["name"] == "Rome"
    assert data["author"]["name"] == "The conference of the network"  # "Adopted by …"


def test_console_backend_prints_the_link_for_local_use(client, settings, capsys):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    statement = StatementFactory()
    sign(client, statement)
    run_queued_tasks()
    assert f"/statements/{statement.slug}/confirm/" in capsys.readouterr().out


LOCAL_SIGNING = """
import django
django.setup()
from django.core.management import call_command
from django.test import Client
from tests.factories import StatementFactory
call_command("migrate", verbosity=0)
statement = StatementFactory()
response = Client(SERVER_NAME="127.0.0.1").post(
    f"/statements/{statement.slug}/sign/",
    {"kind": "individual", "name": "Anna", "email": "anna@example.org", "consent_listed": "on"},
)
print("answer", response.status_code, statement.slug)
"""


def test_local_use_prints_the_mail_with_no_worker(tmp_path):
    """`manage.py` turns debug on; then tasks run at once and mail goes to the terminal."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CACHE_", "PLACARD_", "EMAIL_"))
    }
    env = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "site_config.settings",
        "DJANGO_DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'local.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
    }
    result = subprocess.run(
        [sys.executable, "-c", LOCAL_SIGNING],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    slug = re.search(r"answer 302 (\S+)", result.stdout).group(1)
    assert f"http://127.0.0.1/statements/{slug}/confirm/" in result.stdout


def test_staff_without_export_permission_cannot_export(client):
    statement = StatementFactory()
    EndorsementFactory(statement=statement, email="private@example.org")
    clerk = UserFactory(is_staff=True)
    from django.contrib.auth.models import Permission

    clerk.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_statement", "change_statement"])
    )
    client.force_login(clerk)
    changelist = client.get("/admin/statements/statement/").content.decode()
    assert "export_endorsements_csv" not in changelist
    forged = client.post(
        "/admin/statements/statement/",
        {"action": "export_endorsements_csv", "_selected_action": [str(statement.pk)]},
    )
    assert b"private@example.org" not in forged.content
    assert forged.get("Content-Type", "").startswith("text/html")


def test_editor_with_permission_exports_csv(admin_client):
    statement = StatementFactory()
    EndorsementFactory(statement=statement, email="private@example.org", name="=HYPERLINK(1)")
    response = admin_client.post(
        "/admin/statements/statement/",
        {"action": "export_endorsements_csv", "_selected_action": [str(statement.pk)]},
    )
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "private@example.org" in text
    assert "'=HYPERLINK(1)" in text


def test_personal_data_export_and_erasure(admin_client):
    first, second = StatementFactory(), StatementFactory()
    one = EndorsementFactory(statement=first, email="person@example.org")
    EndorsementFactory(statement=second, email="person@example.org")
    EndorsementFactory(statement=second, email="other@example.org")
    export = admin_client.post(
        "/admin/statements/endorsement/",
        {"action": "export_personal_data", "_selected_action": [str(one.pk)]},
    )
    data = export.json()
    assert len(data["person@example.org"]) == 2
    admin_client.post(
        "/admin/statements/endorsement/",
        {"action": "erase_personal_data", "_selected_action": [str(one.pk)]},
    )
    assert list(Endorsement.objects.values_list("email", flat=True)) == ["other@example.org"]


def test_admin_lists_counts_per_status(admin_client):
    statement = StatementFactory(title="Counted statement")
    for status in ["pending", "pending", "confirmed", "rejected"]:
        EndorsementFactory(statement=statement, status=status)
    page = admin_client.get("/admin/statements/statement/").content.decode()
    assert '<td class="field-pending_count">2</td>' in page
    assert '<td class="field-listed_count">1</td>' in page
    assert '<td class="field-rejected_count">1</td>' in page
    filtered = admin_client.get("/admin/statements/endorsement/?status__exact=pending")
    assert filtered.content.decode().count('class="field-kind"') == 2
