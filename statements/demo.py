"""Demo statements for `manage.py quickstart`: one open, one moderated, one closed."""

import secrets
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from images.demo import demo_image

from .models import Endorsement, Statement

OPEN_SLUG = "declaration-for-safe-harbours"
TEXT = (
    "<p>We, the organisations and people gathered here, declare our solidarity with the "
    "dockworkers and seafarers of every port.</p>"
    "<h2>We demand</h2><ol><li>Safe staffing on every shift</li>"
    "<li>An end to agency work at the terminals</li><li>Crew changes for every seafarer "
    "who has served their contract</li></ol>"
    "<p>This is demo text for a fictional organisation.</p>"
)
ORGANISATIONS = [
    "Harbour Tenants' Association",
    "Northern Dockers' Union",
    "Seafarers' Aid",
    "Coastal Trades Council",
    "Port Chaplaincy Network",
    "Young Workers Forum",
]
PEOPLE = [
    ("Anna Nowak", "PL"),
    ("Tomasz Wiśniewski", "PL"),
    ("Ірина Коваль", "UA"),
    ("Giulia Bianchi", "IT"),
    ("Marco Rossi", "IT"),
    ("Aoife Byrne", "IE"),
    ("Kwame Mensah", "GH"),
    ("Sofia Almeida", "PT"),
    ("Lars Jensen", "DK"),
    ("Fatima Zahra", "MA"),
    ("Jonas Berg", "NO"),
    ("Elena Popescu", "RO"),
    ("Hugo Martin", "FR"),
    ("Nadia Haddad", "LB"),
    ("Pedro Santos", "BR"),
    ("Emma Schulz", "DE"),
    ("Mehmet Yılmaz", "TR"),
    ("Olga Ivanova", "UA"),
    ("Chris Taylor", "GB"),
    ("Maya Cohen", "IL"),
    ("Ravi Kumar", "IN"),
    ("Lea Novak", "SI"),
    ("Diego Fernández", "ES"),
    ("Ingrid Olsen", "NO"),
]


def statements_exist():
    return Statement.objects.filter(slug=OPEN_SLUG).exists()


def _endorse(statement, name, kind, status, country="", organisation="", comment=""):
    now = timezone.now()
    Endorsement.objects.create(
        statement=statement,
        kind=kind,
        name=name,
        organisation=organisation,
        country=country,
        email=f"{secrets.token_hex(6)}@signers.example",
        comment=comment,
        consent_listed=True,
        status=status,
        confirmed_at=None if status == Endorsement.Status.PENDING else now,
        token_nonce=secrets.token_hex(16) if status == Endorsement.Status.PENDING else "",
    )


@transaction.atomic
def create_demo_statements():
    now = timezone.now()
    open_statement = Statement.objects.create(
        title="Declaration for safe harbours",
        slug=OPEN_SLUG,
        issuing_body="Adopted by the conference of the Harbourside Solidarity Network",
        adopted_place="Rome",
        adopted_on=date(2023, 10, 28),
        standfirst="Safe staffing, no agency work, crew changes for all: sign the declaration.",
        body=TEXT,
        status=Statement.Status.PUBLISHED,
        publish_at=now - timedelta(days=5),
        goal=100,
        initial_signatories="Harbourside Solidarity Network\nNorthern Dockers' Union",
        lead_image=demo_image(300, "Conference hall"),
        lead_image_alt="Delegates raise their voting cards in a conference hall",
    )
    confirmed = Endorsement.Status.CONFIRMED
    for name in ORGANISATIONS:
        _endorse(open_statement, name, Endorsement.Kind.ORGANISATION, confirmed, country="GB")
    for name, country in PEOPLE:
        _endorse(open_statement, name, Endorsement.Kind.INDIVIDUAL, confirmed, country=country)

    moderated = Statement.objects.create(
        title="Statement on the port authority's automation plan",
        issuing_body="Issued by the executive committee",
        adopted_place="Gdańsk",
        adopted_on=(now - timedelta(days=12)).date(),
        standfirst="Automation must not cost a single job. Organisations and people can join.",
        body="<p>The plan announced by the port authority puts hundreds of jobs at risk.</p>",
        status=Statement.Status.PUBLISHED,
        publish_at=now - timedelta(days=2),
        moderated=True,
    )
    _endorse(moderated, "Coastal Trades Council", Endorsement.Kind.ORGANISATION,
             Endorsement.Status.APPROVED, "GB", comment="We stand with you.")  # fmt: skip
    for name, country in PEOPLE[:4]:
        _endorse(moderated, name, Endorsement.Kind.INDIVIDUAL, confirmed, country)
    for name, country in PEOPLE[4:7]:
        _endorse(moderated, name, Endorsement.Kind.INDIVIDUAL, Endorsement.Status.PENDING, country)

    closed = Statement.objects.create(
        title="Conclusions of the 2024 seafarers' assembly",
        issuing_body="Adopted by the assembly of seafarers' delegates",
        adopted_place="Odesa",
        adopted_on=date(2024, 6, 14),
        body="<p>The assembly concluded that crew-change rights must be guaranteed.</p>",
        status=Statement.Status.PUBLISHED,
        publish_at=now - timedelta(days=120),
        endorsements_open=False,
        signers=Statement.Signers.ORGANISATIONS,
    )
    for name in ORGANISATIONS[:3]:
        _endorse(closed, name, Endorsement.Kind.ORGANISATION, confirmed, country="UA")
    return 3
