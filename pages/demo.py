"""Demo pages for `manage.py quickstart`: about us (with the team), join, donate, contact
and the privacy notice of the fictional Harbourside Solidarity Network."""

from django.db import transaction

from .models import Page

# (slug, title, summary, body, subpages as (slug, title, summary, body))
PAGES = [
    (
        "about",
        "About us",
        "Who we are and what the network does.",
        "<p>The Harbourside Solidarity Network brings together port unions, seafarers' "
        "welfare groups and the communities that live around the docks. It is a fictional "
        "organisation, used to demonstrate Placard.</p>"
        "<h2>What we do</h2><ul><li>We report from the ports and the picket lines.</li>"
        "<li>We publish statements that member organisations adopt together.</li>"
        "<li>We organise public meetings, rallies and an annual conference.</li></ul>"
        "<h2>How we are organised</h2><p>Member organisations send delegates to a "
        "coordinating committee that meets every month and is elected each year at the "
        "conference.</p>",
        [
            (
                "team",
                "Our team",
                "The coordinators and volunteers who keep the network running.",
                "<p>The network has two part-time coordinators and a team of volunteers.</p>"
                "<h2>Coordinators</h2><ul><li>Maria Kowalczyk, organising</li>"
                "<li>Jamie Fraser, communications and the bulletin</li></ul>"
                "<h2>Volunteers</h2><p>Translators, photographers and event stewards give "
                "their time in every port. Write to us if you would like to join them.</p>",
            )
        ],
    ),
    (
        "join",
        "Join",
        "How organisations and individuals become members.",
        "<p>Unions, community groups and associations can join as member organisations; "
        "individuals can join as supporters.</p>"
        "<h2>Organisations</h2><p>Send us your organisation's name, a contact person and "
        "a short note on your work. The coordinating committee confirms new members at its "
        "next meeting.</p>"
        "<h2>Supporters</h2><p>Supporters receive the bulletin and invitations to public "
        "meetings. There is no fee.</p>",
        [],
    ),
    (
        "donate",
        "Donate",
        "How donations are used and how to give.",
        "<p>The network is funded by its members' contributions and by donations. Every "
        "donation goes to the solidarity fund, the bulletin and the annual conference.</p>"
        "<h2>How to give</h2><p>Bank transfers are welcome; write to us for the account "
        "details. We publish a summary of income and spending every year.</p>",
        [],
    ),
    (
        "contact",
        "Contact",
        "How to reach the coordinators.",
        '<p>Write to <a href="mailto:info@harbourside.example">info@harbourside.example</a>; '
        "a coordinator answers within a few working days.</p>"
        "<p>For press enquiries, please say which publication you write for and by when "
        "you need an answer.</p>",
        [],
    ),
    (
        "privacy",
        "Privacy notice",
        "What personal data the network keeps, why, and for how long.",
        "<p>This site sets no tracking cookies and loads nothing from other sites.</p>"
        "<h2>Endorsements</h2><p>When you endorse a statement we keep your name, your "
        "country and your email address. The address is used only to confirm your "
        "endorsement and is never published.</p>"
        "<h2>Your rights</h2><p>You can ask us to show, correct or delete what we keep "
        "about you by writing to the contact address.</p>",
        [],
    ),
]
DEMO_MARKER_PATH = "about/team"


def demo_pages_exist():
    return Page.objects.filter(path=DEMO_MARKER_PATH).exists()


@transaction.atomic
def create_demo_pages():
    """Create the demo pages, published; returns how many were made."""
    count = 0
    for order, (slug, title, summary, body, subpages) in enumerate(PAGES):
        page = Page.objects.create(
            title=title,
            slug=slug,
            summary=summary,
            body=body,
            order=order,
            status=Page.Status.PUBLISHED,
        )
        count += 1
        for sub_order, (sub_slug, sub_title, sub_summary, sub_body) in enumerate(subpages):
            Page.objects.create(
                title=sub_title,
                slug=sub_slug,
                summary=sub_summary,
                body=sub_body,
                parent=page,
                order=sub_order,
                status=Page.Status.PUBLISHED,
            )
            count += 1
    return count
