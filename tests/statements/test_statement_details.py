"""What a reader sees on a statement page: the signature counter, the endorsement form
(its radio buttons, country list and organisation field) and what a bad submission shows."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from statements import endorsements
from statements.models import Endorsement, Statement
from tests.factories import EndorsementFactory, StatementFactory

pytestmark = pytest.mark.django_db


def text_of(html, pattern):
    """The text of the first element matching `pattern` (tags removed, spaces collapsed)."""
    match = re.search(pattern, html, re.DOTALL)
    assert match, pattern
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split()).replace(" .", ".")


def counter(html):
    return text_of(html, r'<p class="endorsement-count">(.*?)</p>')


def title(html):
    return text_of(html, r"<title>(.*?)</title>")


def sign_url(statement):
    return f"{statement.get_absolute_url()}sign/"


def make_statement(initial=0, organisations=0, individuals=0, **fields):
    statement = StatementFactory(
        initial_signatories="\n".join(f"First signer {n}" for n in range(initial)), **fields
    )
    for _ in range(organisations):
        EndorsementFactory(statement=statement, kind=Endorsement.Kind.ORGANISATION)
    for _ in range(individuals):
        EndorsementFactory(statement=statement)
    # Never counted: not confirmed, or refused by an editor.
    EndorsementFactory(statement=statement, status=Endorsement.Status.PENDING)
    EndorsementFactory(statement=statement, status=Endorsement.Status.REJECTED)
    return statement


# The counter --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("initial", "organisations", "individuals", "expected"),
    [
        (0, 0, 0, "0 signatures."),
        (1, 0, 0, "1 signature: 1 initial signatory."),
        (2, 0, 0, "2 signatures: 2 initial signatories."),
        (0, 1, 0, "1 signature: 1 organisation who signed on this site."),
        (0, 0, 2, "2 signatures: 2 individuals who signed on this site."),
        (0, 2, 1, "3 signatures: 2 organisations and 1 individual who signed on this site."),
        (
            2,
            1,
            0,
            "3 signatures: 2 initial signatories and 1 organisation who signed on this site.",
        ),
        (1, 0, 1, "2 signatures: 1 initial signatory and 1 individual who signed on this site."),
        (
            2,
            1,
            3,
            "6 signatures: 2 initial signatories, 1 organisation and 3 individuals who signed "
            "on this site.",
        ),
    ],
)
def test_the_counter_names_every_kind_of_signature_it_counts(
    client, initial, organisations, individuals, expected
):
    statement = make_statement(initial, organisations, individuals)
    page = client.get(statement.get_absolute_url()).content.decode()
    assert counter(page) == expected
    signatories = client.get(f"/statements/{statement.slug}/signatories/").content.decode()
    assert counter(signatories) == expected


def test_the_counter_adds_up_to_the_total_and_keeps_the_goal(client):
    statement = make_statement(2, 1, 0, goal=10)
    page = client.get(statement.get_absolute_url()).content.decode()
    assert "<strong>3</strong> signatures" in page
    assert counter(page) == (
        "3 signatures: 2 initial signatories and 1 organisation who signed on this site, "
        "towards a goal of 10."
    )
    assert 'value="30"' in page


def test_the_counter_counts_individuals_whose_names_are_not_shown(client):
    statement = make_statement(0, 1, 2, show_individual_names=False)
    page = client.get(statement.get_absolute_url()).content.decode()
    assert counter(page) == (
        "3 signatures: 1 organisation and 2 individuals who signed on this site."
    )
    assert "2 individuals also signed" in page


# The form as it first shows -------------------------------------------------------------


def test_radio_buttons_sit_inside_their_labels_in_a_field_of_their_own(client):
    page = client.get(StatementFactory().get_absolute_url()).content.decode()
    group = re.search(r'<div class="field field--kind radio-field">(.*?)</fieldset>', page, re.S)
    assert group, "the kind is a group of radio buttons"
    assert "<legend>I am signing as</legend>" in group.group(1)
    for index, label in enumerate(["Organisation", "Individual"]):
        assert re.search(
            rf'<label for="id_kind_{index}"><input type="radio" name="kind" [^>]*'
            rf'id="id_kind_{index}"[^>]*>\s*{label}</label>',
            group.group(1),
        ), label


def test_the_country_list_starts_with_a_named_empty_choice(client):
    page = client.get(StatementFactory().get_absolute_url()).content.decode()
    select = re.search(r'<select name="country" id="id_country">(.*?)</select>', page, re.S)
    first = re.search(r"<option([^>]*)>(.*?)</option>", select.group(1))
    assert first.group(2) == "Choose a country"
    assert 'value=""' in first.group(1) and "selected" in first.group(1)
    assert "---------" not in page
    assert '<label for="id_country">Country (optional)</label>' in page


def test_the_organisation_field_says_it_is_for_individuals(client):
    page = client.get(StatementFactory().get_absolute_url()).content.decode()
    field = text_of(page, r'<div class="field field--organisation">(.*?)</div>\s*<div class')
    assert "Organisation you belong to (optional)" in field
    assert "For individuals: your union, group or workplace" in field
    assert "Leave it empty when you sign on behalf of an organisation." in field


def test_a_statement_for_organisations_only_asks_no_affiliation(client):
    statement = StatementFactory(signers=Statement.Signers.ORGANISATIONS)
    page = client.get(statement.get_absolute_url()).content.decode()
    assert 'name="organisation"' not in page
    assert 'name="name"' in page


# Signing ----------------------------------------------------------------------------------

SIGNATURE = {
    "name": "Dock Workers Union",
    "organisation": "Typed before switching",
    "role": "Branch secretary",
    "country": "PT",
    "email": "union@example.org",
    "consent_listed": "on",
}


def test_an_organisation_signs_without_the_affiliation_typed_earlier(client):
    statement = StatementFactory()
    response = client.post(sign_url(statement), {**SIGNATURE, "kind": "organisation"})
    assert response.status_code == 302
    endorsement = Endorsement.objects.get()
    assert (endorsement.kind, endorsement.organisation) == ("organisation", "")
    assert endorsement.role == "Branch secretary"


def test_a_bad_affiliation_does_not_stop_an_organisation(client):
    statement = StatementFactory()
    data = {**SIGNATURE, "kind": "organisation", "organisation": "bad\x07name"}
    assert client.post(sign_url(statement), data).status_code == 302
    assert Endorsement.objects.get().organisation == ""


def test_an_individual_keeps_their_organisation(client):
    statement = StatementFactory()
    data = {**SIGNATURE, "kind": "individual", "name": "Rosa Lima"}
    assert client.post(sign_url(statement), data).status_code == 302
    assert Endorsement.objects.get().organisation == "Typed before switching"


def test_a_bad_submission_keeps_everything_that_was_typed(client):
    statement = StatementFactory(moderated=True)
    data = {**SIGNATURE, "kind": "organisation", "email": "not an address", "comment": "Yes!"}
    response = client.post(sign_url(statement), data)
    assert response.status_code == 400
    assert not Endorsement.objects.exists()
    page = response.content.decode()
    assert re.search(r'<input type="radio" name="kind" value="organisation"[^>]*checked', page)
    for name in ("name", "organisation", "role", "email"):
        assert re.search(rf'<input type="\w+" name="{name}" value="{re.escape(data[name])}"', page)
    assert '<option value="PT" selected>Portugal</option>' in page
    assert re.search(r'<textarea name="comment"[^>]*>\s*Yes!</textarea>', page)
    assert re.search(r'<input type="checkbox" name="consent_listed"[^>]*checked', page)


# A bad submission -----------------------------------------------------------------------


def error_summary(page):
    match = re.search(r'<div class="error-summary"([^>]*)>(.*?)</div>', page, re.S)
    assert match, "an error summary"
    return match.group(1), match.group(2)


def test_the_error_summary_links_every_field_error_and_takes_the_focus(client):
    statement = StatementFactory()
    response = client.post(sign_url(statement), {"email": "not an address"})
    assert response.status_code == 400
    page = response.content.decode()
    attributes, summary = error_summary(page)
    assert 'tabindex="-1"' in attributes and "autofocus" in attributes
    links = re.findall(r'<li><a href="#([\w-]+)">(.*?)</a></li>', summary)
    assert links == [
        ("id_kind_0", "Signing as: This field is required."),
        ("id_name", "Name: This field is required."),
        ("id_email", "Email address: Enter a valid email address."),
        ("id_consent_listed", "Please agree to be listed: the list of signatories is public."),
    ]
    for anchor, _message in links:
        assert f'id="{anchor}"' in page, anchor
    # The summary is the only element that asks for the focus, and comes before the fields.
    assert page.count("autofocus") == 1
    assert page.index('class="error-summary"') < page.index('name="name"')
    assert title(page).startswith("Error: ")
    assert title(page) == f"Error: {statement.title} – Placard"


def test_a_refused_signature_is_summarised_without_a_link(client, monkeypatch):
    def refuse(request, email):
        raise endorsements.RateLimited

    monkeypatch.setattr(endorsements, "check_rate_limits", refuse)
    statement = StatementFactory()
    response = client.post(sign_url(statement), {**SIGNATURE, "kind": "organisation"})
    assert response.status_code == 429
    page = response.content.decode()
    _attributes, summary = error_summary(page)
    assert "<li>Too many signatures have come from your connection" in summary
    assert "<a href" not in summary
    assert title(page).startswith("Error: ")


def test_the_statement_page_itself_has_no_error_in_its_title(client):
    statement = StatementFactory()
    client.post(sign_url(statement), {"email": "not an address"})
    page = client.get(statement.get_absolute_url()).content.decode()
    assert title(page) == f"{statement.title} – Placard"
    assert "error-summary" not in page and "autofocus" not in page
    signatories = client.get(f"/statements/{statement.slug}/signatories/").content.decode()
    assert not title(signatories).startswith("Error")
    thanks = client.get(f"{statement.get_absolute_url()}thanks/").content.decode()
    assert title(thanks).startswith("Check your email")


def test_a_closed_statement_after_an_error_does_not_inherit_the_error_title(client):
    """The page head is cached by address: the error state is part of its key."""
    statement = StatementFactory()
    assert title(client.post(sign_url(statement), {}).content.decode()).startswith("Error: ")
    # Closing by time changes no row the page cache watches.
    Statement.objects.filter(pk=statement.pk).update(
        endorsements_close_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.post(sign_url(statement), {**SIGNATURE, "kind": "organisation"})
    assert response.status_code == 403
    page = response.content.decode()
    assert title(page) == f"{statement.title} – Placard"
    assert re.search(r'<p class="notice" tabindex="-1" autofocus>Endorsement of this', page)


def test_a_bad_submission_renders_its_own_fields_and_leaves_the_blank_form_alone(client):
    statement = StatementFactory()
    blank = client.get(statement.get_absolute_url()).content.decode()
    client.post(sign_url(statement), {"name": "Someone Typed", "kind": "individual"})
    again = client.get(statement.get_absolute_url()).content.decode()
    assert "Someone Typed" not in again and "errorlist" not in again
    form = re.compile(r'<form method="post".*?</form>', re.S)
    assert form.search(again).group(0) == form.search(blank).group(0)
