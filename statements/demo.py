"""Demo statements for `manage.py quickstart`: one open, one moderated, one closed, each of
its own kind (the list of kinds is created too). The open one is also published in Spanish
and Ukrainian, as translations linked to the English original."""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from images.demo import demo_image, picture_description

from .models import Endorsement, Statement, StatementKind

OPEN_SLUG = "declaration-for-safe-harbours"
KINDS = ["Political statement", "Declaration", "Open letter", "Conclusions"]
TEXT = (
    "<p>We, the organisations and people gathered in Rome, declare our solidarity with the "
    "dockworkers and seafarers of every port. Ports are where the world's trade meets the "
    "people who move it, and too often those people pay for its speed with their safety.</p>"
    "<h2>We demand</h2><ol><li><strong>Safe staffing</strong> on every shift, agreed with "
    "the workers who do the job</li><li>An end to agency work at the terminals: permanent "
    "jobs for permanent work</li><li>Crew changes for every seafarer who has served their "
    "contract, and shore leave in every port</li></ol>"
    "<h2>We commit ourselves</h2><p>to support one another in every dispute over these "
    "demands, across borders and across employers, and to meet again in a year to report "
    "on what has been won.</p>"
)
AUTOMATION_TEXT = (
    "<p>The plan announced by the port authority would replace two thirds of the crane and "
    "straddle-carrier jobs at the container terminal within six years. It was drawn up "
    "without a single meeting with the people who do that work.</p>"
    "<p>We are not against new technology. We are against technology brought in to cut "
    "jobs and weaken safety, with the savings going to the operator alone.</p>"
    "<h2>We call on the port authority</h2><ul><li>to suspend the tender until it has met "
    "the unions</li><li>to publish its safety assessment</li><li>to guarantee that no "
    "worker loses their job as a result of the plan</li></ul>"
)
ASSEMBLY_TEXT = (
    "<p>Delegates of seafarers from nine countries met for two days to hear reports from "
    "ships and ports, and adopted the following conclusions.</p>"
    "<ol><li>Every seafarer has the right to go home at the end of their contract. Flag "
    "states and port states must both enforce it.</li><li>Wages owed to a crew are a debt "
    "on the ship: a ship with unpaid wages should not be allowed to leave port.</li>"
    "<li>Welfare centres in port need secure funding, not charity alone.</li></ol>"
    "<p>The assembly asked the organisations present to report back at its next meeting.</p>"
)
# The open declaration in the network's other languages: language, title, slug, issuer,
# place, standfirst, text.
TRANSLATIONS = [
    (
        "es",
        "Declaración por unos puertos seguros",
        "declaracion-por-unos-puertos-seguros",
        "Adoptada por la conferencia europea de sindicatos portuarios y de gente de mar",
        "Roma",
        "Plantillas seguras en cada turno, ningún trabajo de agencia en las terminales y relevo "
        "de tripulación para cada marino. Organizaciones y personas pueden firmar la "
        "declaración.",
        "<p>Nosotras y nosotros, las organizaciones y personas reunidas en Roma, declaramos "
        "nuestra solidaridad con los estibadores y la gente de mar de todos los puertos. Los "
        "puertos son el lugar donde el comercio mundial se encuentra con quienes lo mueven, y "
        "con demasiada frecuencia son ellos quienes pagan su velocidad con su seguridad.</p>"
        "<h2>Exigimos</h2><ol><li><strong>Plantillas seguras</strong> en cada turno, acordadas "
        "con quienes hacen el trabajo</li><li>El fin del trabajo de agencia en las terminales: "
        "empleo fijo para un trabajo permanente</li><li>Relevo de tripulación para cada marino "
        "que haya cumplido su contrato, y permiso para bajar a tierra en cada puerto</li></ol>"
        "<h2>Nos comprometemos</h2><p>a apoyarnos mutuamente en cada conflicto por estas "
        "reivindicaciones, por encima de fronteras y de empresas, y a reunirnos de nuevo dentro "
        "de un año para dar cuenta de lo conseguido.</p>",
    ),
    (
        "uk",
        "Декларація за безпечні порти",
        "deklaratsiia-za-bezpechni-porty",
        "Ухвалена європейською конференцією профспілок портовиків і моряків",
        "Рим",
        "Безпечна чисельність кожної зміни, жодної агентської праці на терміналах і заміна "
        "екіпажу для кожного моряка. Організації та люди можуть підписати декларацію.",
        "<p>Ми, організації та люди, що зібралися в Римі, заявляємо про нашу солідарність із "
        "докерами й моряками кожного порту. Порти — це місце, де світова торгівля зустрічається "
        "з людьми, які її рухають, і надто часто саме вони платять за її швидкість власною "
        "безпекою.</p>"
        "<h2>Ми вимагаємо</h2><ol><li><strong>Безпечної чисельності</strong> кожної зміни, "
        "погодженої з тими, хто виконує роботу</li><li>Припинення агентської праці на "
        "терміналах: постійні робочі місця для постійної роботи</li><li>Заміни екіпажу для "
        "кожного моряка, який відпрацював свій контракт, і права сходити на берег у кожному "
        "порту</li></ol>"
        "<h2>Ми зобов’язуємося</h2><p>підтримувати одне одного в кожному конфлікті за ці "
        "вимоги, через кордони й незалежно від роботодавця, і зустрітися знову за рік, щоб "
        "звітувати про здобуте.</p>",
    ),
]
# The declaration's picture, described in each translation's language.
PICTURE_DESCRIPTIONS = {
    "es": "Una pancarta blanca sin texto en un palo, sobre un fondo de franjas y círculos de "
    "colores",
    "uk": "Чистий білий плакат на древку на тлі кольорових смуг і кіл",
}
# (name, country)
ORGANISATIONS = [
    ("Harbour Tenants' Association", "GB"),
    ("Northern Dockers' Union", "GB"),
    ("Seafarers' Aid", "UA"),
    ("Coastal Trades Council", "GB"),
    ("Port Chaplaincy Network", "PL"),
    ("Young Workers Forum", "IE"),
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
    kinds = {
        name: StatementKind.objects.get_or_create(name=name, defaults={"order": order})[0]
        for order, name in enumerate(KINDS)
    }
    open_statement = Statement.objects.create(
        title="Declaration for safe harbours",
        slug=OPEN_SLUG,
        kind=kinds["Declaration"],
        issuing_body="Adopted by the European conference of port and seafarers' unions",
        adopted_place="Rome",
        adopted_on=(now - timedelta(days=9)).date(),
        standfirst="Safe staffing on every shift, no agency work at the terminals and crew "
        "changes for every seafarer. Organisations and individuals can sign the declaration.",
        body=TEXT,
        status=Statement.Status.PUBLISHED,
        publish_at=now - timedelta(days=5),
        goal=100,
        initial_signatories="Harbourside Solidarity Network\nNorthern Dockers' Union",
        lead_image=demo_image(300, "Declaration campaign graphic"),
        lead_image_alt=picture_description(300),
    )
    for language, title, slug, issuer, place, standfirst, text in TRANSLATIONS:
        Statement.objects.create(
            title=title,
            slug=slug,
            language=language,
            translation_of=open_statement,
            kind=open_statement.kind,
            issuing_body=issuer,
            adopted_place=place,
            adopted_on=open_statement.adopted_on,
            standfirst=standfirst,
            body=text,
            status=Statement.Status.PUBLISHED,
            publish_at=open_statement.publish_at,
            goal=open_statement.goal,
            lead_image=open_statement.lead_image,
            lead_image_alt=PICTURE_DESCRIPTIONS[language],
        )
    confirmed = Endorsement.Status.CONFIRMED
    for name, country in ORGANISATIONS:
        _endorse(open_statement, name, Endorsement.Kind.ORGANISATION, confirmed, country)
    for name, country in PEOPLE:
        _endorse(open_statement, name, Endorsement.Kind.INDIVIDUAL, confirmed, country=country)

    moderated = Statement.objects.create(
        title="Statement on the port authority's automation plan",
        kind=kinds["Political statement"],
        issuing_body="Issued by the coordinating committee of the Harbourside Solidarity Network",
        adopted_place="Gdańsk",
        adopted_on=(now - timedelta(days=3)).date(),
        standfirst="The port authority's plan would cut two thirds of the crane jobs at the "
        "container terminal. Automation must not cost a single job: organisations and "
        "individuals can join this statement.",
        body=AUTOMATION_TEXT,
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

    assembly_day = (now - timedelta(days=130)).date()
    closed = Statement.objects.create(
        title=f"Conclusions of the {assembly_day.year} seafarers' assembly",
        kind=kinds["Conclusions"],
        issuing_body="Adopted by the assembly of seafarers' delegates",
        adopted_place="Odesa",
        adopted_on=assembly_day,
        standfirst="Seafarers' delegates from nine countries on the right to go home, unpaid "
        "wages and welfare in port. Organisations endorsed the conclusions until the next "
        "assembly.",
        body=ASSEMBLY_TEXT,
        status=Statement.Status.PUBLISHED,
        publish_at=now - timedelta(days=120),
        endorsements_open=False,
        signers=Statement.Signers.ORGANISATIONS,
    )
    for name, country in ORGANISATIONS[2:5]:
        _endorse(closed, name, Endorsement.Kind.ORGANISATION, confirmed, country)
    return 3 + len(TRANSLATIONS)
