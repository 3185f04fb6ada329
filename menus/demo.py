"""Demo menus for `manage.py quickstart`: a header and a footer of realistic length."""

from django.db import transaction

from articles.models import Section
from pages.models import Page

from .models import Menu, MenuEntry, NamedList


def demo_menus_exist():
    return MenuEntry.objects.exists()


def _page(path):
    return {"page": Page.objects.filter(path=path).first()}


def _section(name):
    return {"section": Section.objects.filter(name=name).first()}


@transaction.atomic
def create_demo_menus():
    """Fill the header and footer menus with the demo pages, sections and lists; entries
    whose page or section does not exist are skipped. Returns how many were made."""
    header = [
        _page("about"),
        _section("News"),
        {"named_list": NamedList.STATEMENTS},
        {"named_list": NamedList.EVENTS},
        _section("International"),
        _page("join"),
        _page("donate"),
    ]
    footer = [
        _page("about/team"),
        _page("contact"),
        _page("privacy"),
        {"named_list": NamedList.EVENT_CALENDAR},
        {"named_list": NamedList.ARCHIVE},
        {"named_list": NamedList.SEARCH},
    ]
    count = 0
    for location, targets in [(Menu.Location.HEADER, header), (Menu.Location.FOOTER, footer)]:
        menu, _created = Menu.objects.get_or_create(location=location)
        for order, target in enumerate(targets):
            if any(value is None for value in target.values()):
                continue
            MenuEntry.objects.create(menu=menu, order=(order + 1) * 10, **target)
            count += 1
    return count
