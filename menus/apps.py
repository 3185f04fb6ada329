from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext_lazy as _

MENUS_PART = "menus"


class MenusConfig(AppConfig):
    name = "menus"
    verbose_name = _("Menus")
    # Menus show on every public page: a change makes every cached page fresh.
    shown_to_readers = True

    def ready(self):
        from django.db.models.signals import post_migrate

        from pagecache.versions import site_part

        post_migrate.connect(ensure_menus, sender=self)
        # The menus show these rows (`MenuEntry.objects.for_readers`): kept cached while
        # anything else changes (an article's edit), read again when one of these does.
        site_part(
            MENUS_PART,
            [
                "menus.Menu",
                "menus.MenuEntry",
                "pages.Page",
                "articles.Section",
                "statements.Statement",
                "events.Event",
            ],
        )


def ensure_menus(sender, apps=global_apps, using=DEFAULT_DB_ALIAS, **kwargs):
    """Every place has its menu, also after a database is flushed (the tests do): the
    admin edits menus but never adds or deletes one."""
    from .models import Menu as CurrentMenu

    try:
        menu_model = apps.get_model("menus", "Menu")
    except LookupError:
        return  # migrated back to before menus existed
    for location in CurrentMenu.Location.values:
        menu_model.objects.using(using).get_or_create(location=location)
