"""The header and footer menus, and, on a site that existed before menus, the header menu
filled with what its header showed until then: the lists of articles, statements and
events, every section in order, the archive and search. A new, empty database gets
empty menus."""

from django.conf import settings
from django.db import migrations

# The lists the header always showed, before and after the sections.
BEFORE_SECTIONS = ["articles:article-list", "statements:statement-list", "events:event-list"]
AFTER_SECTIONS = ["articles:archive", "search"]


def site_existed(apps):
    """Whether the database holds anything made before this migration: an account, a
    section, an article, a statement, an event or the site settings."""
    models = [
        apps.get_model(settings.AUTH_USER_MODEL),
        apps.get_model("articles", "Section"),
        apps.get_model("articles", "Article"),
        apps.get_model("statements", "Statement"),
        apps.get_model("events", "Event"),
        apps.get_model("publishing", "SiteSettings"),
    ]
    return any(model.objects.exists() for model in models)


def seed_menus(apps, schema_editor):
    Menu = apps.get_model("menus", "Menu")
    MenuEntry = apps.get_model("menus", "MenuEntry")
    Section = apps.get_model("articles", "Section")
    header, _created = Menu.objects.get_or_create(location="header")
    Menu.objects.get_or_create(location="footer")
    if not site_existed(apps) or MenuEntry.objects.filter(menu=header).exists():
        return
    entries = [MenuEntry(menu=header, named_list=name) for name in BEFORE_SECTIONS]
    # Labels left empty: an entry shows its section's current name, as the header did.
    entries += [
        MenuEntry(menu=header, section=section)
        for section in Section.objects.order_by("order", "name")
    ]
    entries += [MenuEntry(menu=header, named_list=name) for name in AFTER_SECTIONS]
    for order, entry in enumerate(entries):
        entry.order = order * 10
    MenuEntry.objects.bulk_create(entries)


class Migration(migrations.Migration):
    dependencies = [
        ("menus", "0001_initial"),
        ("articles", "0007_no_control_characters"),
        ("events", "0005_no_control_characters"),
        ("statements", "0003_no_control_characters"),
        ("publishing", "0003_tag_slugs"),
        # Saving menus bumps the content version (the pages that show them change).
        ("pagecache", "0002_scopes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(seed_menus, migrations.RunPython.noop)]
