"""Demo site settings for a fictional campaign organisation (`manage.py quickstart`)."""

from publishing.models import SiteSettings, SocialLink


def configure_site():
    site, _created = SiteSettings.objects.get_or_create(pk=1)
    site.name = "Harbourside Solidarity Network"
    site.tagline = "Dockworkers, seafarers and their communities, standing together"
    site.about = (
        "<p>The Harbourside Solidarity Network is a fictional coalition of port unions, "
        "community groups and supporters, used to demonstrate Placard.</p>"
    )
    site.contact_email = "info@harbourside.example"
    site.footer_text = "Published by the Harbourside Solidarity Network (a demo organisation)."
    site.save()
    if not site.social_links.exists():
        SocialLink.objects.create(
            site=site, label="Mastodon", url="https://social.example/@harbourside", order=1
        )
        SocialLink.objects.create(
            site=site, label="Newsletter", url="https://harbourside.example/newsletter", order=2
        )
    return site
