"""Demo articles for `manage.py quickstart`: sections, authors, 44 articles."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from images.demo import demo_image

from .models import Article, Author, Byline, Section

SECTIONS = [
    ("News", "Reports from the ports and the picket lines."),
    ("Analysis", "Longer pieces on shipping, trade and work."),
    ("Speeches", "Transcripts of speeches at rallies and conferences."),
    ("International", "Solidarity across borders."),
]
AUTHORS = [
    ("Maria Kowalczyk", "<p>Organiser with the Gdynia dockers' committee.</p>"),
    ("Sam Okafor", "<p>Researcher on port automation and working hours.</p>"),
    ("Ольга Петренко", "<p>Seafarers' welfare officer, writing from Odesa.</p>"),
    ("Jamie Fraser", "<p>Editor of the network's bulletin.</p>"),
    ("Lucía Romero", "<p>International secretary of the coalition.</p>"),
]
TITLES = [
    "Dockers vote to defend the night shift",
    "Solidarność w porcie: gdańscy dokerzy wspierają strajk",
    "Солидарность моряков: письмо из Одессы",
    "Why automation is not inevitable",
    "A speech to the harbour rally",
    "Seafarers stranded: the case for a crew-change charter",
    "Łódź warehouse workers join the coalition",
    "Report from the Rotterdam conference",
    "Pay talks resume after two-week stoppage",
    "What the new port authority plan means for jobs",
    "Голос докеров: итоги собрания",
    "Safety first: container lashing deaths must stop",
    "Our union, our harbour: opening address",
    "Community kitchens keep the picket going",
    "Ports of convenience and the race to the bottom",
    "Solidarity from Valparaíso",
    "Dziesięć lat walki o bezpieczne nabrzeże",
    "Young workers' forum launches",
    "Pension fund divests from union-busting operator",
    "Letter to the transport minister",
    "Tugboat crews win overtime claim",
    "The history of the 1921 harbour strike",
    "Speech at the memorial for lost seafarers",
    "Ferry workers announce ballot",
    "Climate and the ports: a just transition",
    "International day of action: what happened where",
    "Shift patterns and family life: survey results",
    "Pilots' association backs the campaign",
    "Translation team needs volunteers",
    "Warehouse robots and the working day",
    "Greetings to the dockers of Piraeus",
    "Agency work at the terminal: questions answered",
    "Women on the waterfront",
    "A week on the picket line",
    "The logistics chain explained",
    "Speech to the coalition's annual meeting",
    "Harbour cleaners win living wage",
    "Cargo ship detained over unpaid wages",
    "Cross-border solidarity fund reaches target",
    "Port health and safety inspections cut",
    "Fishermen and dockers: one harbour",
    "The campaign's demands, in brief",
    "Bulletin: what's next for the network",
    "Draft: notes for the spring conference",
]
TAGS = ["dockers", "seafarers", "safety", "pay", "automation", "solidarity", "strikes",
        "international", "women", "climate"]  # fmt: skip
BODY = (
    "<p>{title} — this is demo text for the Harbourside Solidarity Network, a fictional "
    "organisation. Placard shows it to demonstrate how articles look.</p>"
    "<h2>What happened</h2><p>Members met on the quay at dawn and agreed a plan of action. "
    "<strong>Every shift</strong> was represented, and <em>the vote was unanimous</em>.</p>"
    "<blockquote><p>We stand together, or we do not stand at all.</p></blockquote>"
    "<h2>What comes next</h2><ul><li>A public meeting next week</li>"
    "<li>Letters to the port authority</li><li>A solidarity fund for families</li></ul>"
    '<p>Read more on <a href="https://harbourside.example/">the network\'s site</a>.</p>'
)
DEMO_MARKER_SLUG = "dockers-vote-to-defend-the-night-shift"


def demo_content_exists():
    return Article.objects.filter(slug=DEMO_MARKER_SLUG).exists()


@transaction.atomic
def create_demo_content(now=None):
    """Create the demo sections, authors and articles; returns the number of articles."""
    now = now or timezone.now()
    sections = [
        Section.objects.create(name=name, description=description, order=index)
        for index, (name, description) in enumerate(SECTIONS)
    ]
    authors = []
    for index, (name, bio) in enumerate(AUTHORS):
        photo = demo_image(100 + index, f"Portrait: {name}", credit="Network photo desk")
        authors.append(Author.objects.create(name=name, bio=bio, photo=photo))
    images = [demo_image(seed, f"Demo photo {seed + 1}") for seed in range(12)]
    for index, title in enumerate(TITLES):
        status = Article.Status.PUBLISHED
        publish_at = now - timedelta(days=3 * index + 1, hours=index)
        if index in (len(TITLES) - 1, len(TITLES) - 2):
            status = Article.Status.DRAFT
        elif index in (len(TITLES) - 3, len(TITLES) - 4):
            publish_at = now + timedelta(days=index - len(TITLES) + 6)  # scheduled
        image = images[index % len(images)] if index % 5 != 4 else None
        article = Article.objects.create(
            title=title,
            standfirst=f"{title}: a short lead shown under the title and on lists.",
            body=BODY.format(title=title),
            section=sections[index % len(sections)],
            status=status,
            publish_at=publish_at,
            is_highlight=index in (0, 3, 7),
            lead_image=image,
            lead_image_alt="A placard held up above a crowd on the quay" if image else "",
            lead_image_caption="Members on the quay." if image else "",
        )
        Byline.objects.create(article=article, author=authors[index % len(authors)], order=0)
        if index % 4 == 0:
            Byline.objects.create(
                article=article, author=authors[(index + 2) % len(authors)], order=1
            )
        article.tags.add(TAGS[index % len(TAGS)], TAGS[(index * 3 + 1) % len(TAGS)])
    return len(TITLES)
