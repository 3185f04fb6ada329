"""Signal receivers for shared behaviour: slug redirects, tag slugs, the page cache, the
settings cache."""

import contextlib

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from taggit.models import Tag

from pagecache.versions import content_changed, scope_changed

from .models import Publishable, SiteSettings, SlugRedirect, SocialLink
from .slugs import tag_slug

# Apps of other projects whose rows readers see (tags are listed on public pages).
READER_FACING_OTHER_APPS = {"taggit"}


@receiver(post_save)
def record_slug_change(sender, instance, created, raw=False, **kwargs):
    """Leave a redirect behind when a publishable item's slug changes."""
    if raw or not isinstance(instance, Publishable):
        return
    old = getattr(instance, "_loaded_slug", None)
    if not created and old and old != instance.slug:
        content_type = ContentType.objects.get_for_model(instance)
        # The new slug is live again: no redirect may shadow it.
        SlugRedirect.objects.filter(content_type=content_type, old_slug=instance.slug).delete()
        SlugRedirect.objects.update_or_create(
            content_type=content_type, old_slug=old, defaults={"object_id": instance.pk}
        )
    instance._loaded_slug = instance.slug


@receiver(pre_save, sender=Tag)
def transliterate_tag_slug(sender, instance, raw=False, **kwargs):
    """Give a new tag a transliterated slug, as titles get: taggit's own drops every letter
    outside ASCII, so "Солидарность" or "✊" got an empty slug and broke every page that
    links to the tag. A slug someone chose is kept, unless it is empty."""
    if raw:
        return
    chosen = instance.slug and instance.slug != instance.slugify(instance.name)
    if not instance.slug or (instance._state.adding and not chosen):
        instance.slug = tag_slug(sender, instance.name, instance_pk=instance.pk)


def shown_to_readers(model):
    """Whether rows of `model` can appear on a public page: the model says so, or else its
    app (`AppConfig.shown_to_readers`)."""
    if model._meta.app_label in READER_FACING_OTHER_APPS:
        return True
    try:
        config = apps.get_app_config(model._meta.app_label)
    except LookupError:
        return False  # Django's own bookkeeping, such as the record of migrations
    return getattr(model, "shown_to_readers", getattr(config, "shown_to_readers", False))


# The signals by which a change reaches cached pages (see `one_refresh_for_bulk_writes`).
REFRESHING_SIGNALS = (post_save, post_delete, m2m_changed)


@receiver(list(REFRESHING_SIGNALS))
def refresh_pages(sender, raw=False, **kwargs):
    """Bump the content version inside the change's own transaction (it commits or rolls
    back with the change; the cache hears of it after the commit, see `pagecache`).

    A new row that says it is not public yet (an endorsement awaiting confirmation)
    changes no page: no bump, so signing costs the same whether the address is new. A
    row that names a narrower scope (`page_cache_scope()`, as an endorsement names its
    statement's signatures) bumps only that scope."""
    instance = kwargs.get("instance")
    model = instance.__class__ if sender is None else sender
    if raw or not shown_to_readers(model):
        return
    if model.__module__ == "__fake__":
        # A migration's historical model: the versions' table may not have its final
        # shape yet. Every `migrate` bumps the site's version once at its end instead
        # (`pagecache.apps.refresh_after_migrate`).
        return
    if kwargs.get("created") and getattr(instance, "is_public", None) is False:
        return
    narrower = getattr(instance, "page_cache_scope", None)
    if narrower is not None and kwargs.get("action") is None:
        scope_changed(narrower())
    else:
        # The parts of the site (menus, sections) that show rows of either model move too.
        shown = [model, kwargs.get("model"), getattr(instance, "__class__", None)]
        content_changed(*(each for each in shown if each is not None))


@contextlib.contextmanager
def one_refresh_for_bulk_writes():
    """Bump the content version once for a bulk write (an import) instead of once per row.

    Every save of a row readers see bumps the version (`refresh_pages`): an UPDATE per
    save. The receiver is disconnected while the block writes and the version bumped once
    at its end, inside the caller's transaction, so it commits or rolls back with the rows.
    The disconnection holds for the whole process: for a management command's own
    process only, never inside a server that answers requests meanwhile."""
    for signal in REFRESHING_SIGNALS:
        signal.disconnect(refresh_pages)
    try:
        yield
        content_changed()
    finally:
        for signal in REFRESHING_SIGNALS:
            signal.connect(refresh_pages)


@receiver([post_save, post_delete], sender=SiteSettings)
@receiver([post_save, post_delete], sender=SocialLink)
def forget_site_settings(sender, **kwargs):
    SiteSettings.clear_cache()
