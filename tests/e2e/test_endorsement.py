"""A reader endorses a statement in a real browser; the worker (`manage.py db_worker`)
sends the mail through a real SMTP server on loopback; the link confirms; moderation holds
the name until an editor approves. A form on another site cannot sign. Statement pages
pass axe-core and the Nu HTML checker."""

import re

import pytest
from django.utils.text import slugify

from statements.models import Endorsement
from tests.e2e.conftest import describe_html_errors, describe_violations
from tests.factories import EndorsementFactory, StatementFactory, UserFactory
from tests.support.smtp import SMTPServer
from tests.support.tasks import run_worker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def inbox(settings):
    server = SMTPServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield server.inbox
    server.stop()


def endorse(page, base, statement, name, email):
    page.goto(f"{base}{statement.get_absolute_url()}")
    page.get_by_label("Individual").check()
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Country (optional)").select_option(label="Poland")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("I agree that my name is listed publicly under this statement.").check()
    page.get_by_role("button", name="Sign the statement").click()
    page.get_by_role("heading", name="Check your email").wait_for()


def confirmation_link(inbox, base):
    assert inbox.messages == []  # the signer's request left the mail to the worker
    run_worker()
    (message,) = inbox.messages
    text = message.get_body(("plain",)).get_content()
    return re.search(re.escape(base) + r"/statements/\S+/confirm/\S+/", text).group(0)


def test_reader_endorses_and_confirms_by_email(live_server, page, inbox):
    statement = StatementFactory(title="Declaration for safe harbours")
    endorse(page, live_server.url, statement, "Anna Nowak", "anna@example.org")
    assert Endorsement.objects.get().status == Endorsement.Status.PENDING

    page.goto(confirmation_link(inbox, live_server.url))
    page.get_by_role("button", name="Confirm my signature").click()
    page.get_by_role("heading", name="Thank you, your signature is confirmed").wait_for()

    page.get_by_role("link", name="signatories").click()
    assert page.get_by_text("Anna Nowak").is_visible()
    assert page.get_by_text("(Poland)").is_visible()


def test_moderated_endorsement_appears_after_an_editor_approves(live_server, browser, page, inbox):
    statement = StatementFactory(title="Statement on automation", moderated=True)
    endorse(page, live_server.url, statement, "Tomasz Wiśniewski", "tomasz@example.org")
    page.goto(confirmation_link(inbox, live_server.url))
    page.get_by_role("button", name="Confirm my signature").click()
    page.get_by_text("will be listed once an editor has checked it").wait_for()
    signatories = f"{live_server.url}/statements/{statement.slug}/signatories/"
    page.goto(signatories)
    assert page.get_by_text("Tomasz Wiśniewski").count() == 0

    UserFactory(username="editor", is_staff=True, is_superuser=True)
    editor = browser.new_context().new_page()
    editor.goto(f"{live_server.url}/admin/login/")
    editor.get_by_label("Username").fill("editor")
    editor.get_by_label("Password").fill("correct horse battery staple")
    editor.get_by_role("button", name="Log in").click()
    editor.goto(f"{live_server.url}/admin/statements/endorsement/?status__exact=confirmed")
    editor.get_by_role("checkbox", name="Select this object for an action").first.check()
    editor.get_by_role("combobox", name="Action").select_option(
        label="Approve selected endorsements"
    )
    editor.get_by_role("button", name="Go").click()
    editor.get_by_text("1 approved.").wait_for()

    page.goto(signatories)
    assert page.get_by_text("Tomasz Wiśniewski").is_visible()


EVIL_PAGE = """<!DOCTYPE html><html lang="en"><title>Win a prize</title>
<form method="post" action="{action}">
<input name="kind" value="individual"><input name="name" value="Claim your prize at evil.example">
<input name="email" value="victim@example.org"><input name="consent_listed" value="on">
<button>Claim</button></form></html>"""


def test_a_form_on_another_site_cannot_sign(live_server, page, inbox):
    statement = StatementFactory(title="Declaration for safe harbours")
    action = f"{live_server.url}/statements/{statement.slug}/sign/"
    page.route(
        "https://evil.example/**",
        lambda route: route.fulfill(body=EVIL_PAGE.format(action=action), content_type="text/html"),
    )
    page.goto("https://evil.example/prize")
    page.get_by_role("button", name="Claim").click()
    page.get_by_role("heading", name="Signature not accepted").wait_for()
    assert page.get_by_role("link", name="Declaration for safe harbours").is_visible()
    run_worker()
    assert Endorsement.objects.count() == 0
    assert inbox.messages == []


@pytest.fixture
def statement_pages(client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    open_statement = StatementFactory(
        title="Declaration for safe harbours",
        goal=50,
        moderated=True,
        initial_signatories="Harbourside Network\nNorthern Dockers' Union",
        tags=None,
    )
    for index in range(5):
        EndorsementFactory(
            statement=open_statement,
            kind="organisation" if index % 2 else "individual",
            status="approved",
            role="Secretary" if index % 2 else "",
            comment="In solidarity." if index == 1 else "",
        )
    closed = StatementFactory(title="Conclusions of the assembly", endorsements_open=False)
    pending = EndorsementFactory(statement=open_statement, status="pending", token_nonce="n")
    from statements.endorsements import make_token

    token = make_token(pending)
    return {
        "statement list": "/statements/",
        "statement": open_statement.get_absolute_url(),
        "closed statement": closed.get_absolute_url(),
        "signatories": f"/statements/{open_statement.slug}/signatories/",
        "thanks": f"/statements/{open_statement.slug}/thanks/",
        "confirm": f"/statements/{open_statement.slug}/confirm/{token}/",
        "bad link": f"/statements/{open_statement.slug}/confirm/nonsense/",
    }


STATUS = {"bad link": 400}


def test_statement_pages_have_no_axe_violations(live_server, page, run_axe, statement_pages):
    failures = []
    for name, path in statement_pages.items():
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == STATUS.get(name, 200), path
        violations = run_axe(page)
        if violations:
            failures.append(f"--- {name} ({path})\n{describe_violations(violations)}")
    # The form with errors: submitted empty.
    page.goto(f"{live_server.url}{statement_pages['statement']}")
    page.get_by_role("button", name="Sign the statement").click()
    page.get_by_role("heading", name="Your signature was not sent").wait_for()
    violations = run_axe(page)
    if violations:
        failures.append(f"--- form with errors\n{describe_violations(violations)}")
    assert not failures, "axe-core found accessibility problems:\n" + "\n".join(failures)


def test_statement_pages_are_valid_html(client, tmp_path, check_html, statement_pages):
    for name, path in statement_pages.items():
        response = client.get(path)
        assert response.status_code == STATUS.get(name, 200), path
        (tmp_path / f"{slugify(name)}.html").write_bytes(response.content)
    invalid = client.post(statement_pages["statement"].rstrip("/") + "/sign/", {"name": "x"})
    assert invalid.status_code == 400
    (tmp_path / "form-with-errors.html").write_bytes(invalid.content)
    refused = client.post(
        statement_pages["statement"].rstrip("/") + "/sign/",
        {"name": "x"},
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert refused.status_code == 403
    (tmp_path / "cross-site-refused.html").write_bytes(refused.content)
    errors = check_html(sorted(tmp_path.glob("*.html")))
    assert not errors, "The Nu HTML checker found errors:\n" + describe_html_errors(errors)
