"""When a page's address changes (a new slug, another parent page), its subpages move with
it and every old address is kept as a redirect to the page that had it."""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from django.dispatch import receiver

from publishing.models import SlugRedirect

from .models import Page


@receiver(post_save, sender=Page)
def follow_moved_page(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    old, new = getattr(instance, "_loaded_path", None), instance.path
    instance._loaded_path = new
    if created or not old or old == new:
        return
    moves = {old: (instance.pk, new)}
    subpages = list(Page.objects.filter(path__startswith=f"{old}/").only("pk", "path"))
    for subpage in subpages:
        moved_to = new + subpage.path[len(old) :]
        moves[subpage.path] = (subpage.pk, moved_to)
        subpage.path = moved_to
    Page.objects.bulk_update(subpages, ["path"])
    # Old addresses are kept in the shared redirect table, one row per address (a
    # top-level page's address is its slug). An address that is live again redirects
    # nowhere; one that moves again now points at its new owner.
    content_type = ContentType.objects.get_for_model(Page)
    live = [moved_to for _pk, moved_to in moves.values()]
    SlugRedirect.objects.filter(content_type=content_type, old_slug__in=[*live, *moves]).delete()
    SlugRedirect.objects.bulk_create(
        SlugRedirect(content_type=content_type, old_slug=address, object_id=pk)
        for address, (pk, _moved_to) in moves.items()
    )
