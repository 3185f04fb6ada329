"""Signal receivers for shared behaviour: slug redirects, image renditions, settings cache."""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from . import images, page_cache
from .models import (
    AuditEntry,
    Image,
    PreviewLink,
    Publishable,
    SiteSettings,
    SlugRedirect,
    SocialLink,
)


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


@receiver(post_save, sender=Image)
def make_renditions(sender, instance, raw=False, **kwargs):
    if not raw and instance.file and not instance.renditions:
        images.generate_renditions(instance)


@receiver(post_delete, sender=Image)
def delete_image_files(sender, instance, **kwargs):
    images.delete_renditions(instance)
    if instance.file:
        instance.file.delete(save=False)


# Apps whose rows are shown on public pages; their changes refresh the page cache.
CONTENT_APPS = {"site_config", "articles", "events", "taggit"}
NOT_SHOWN = {AuditEntry, PreviewLink}


@receiver([post_save, post_delete, m2m_changed])
def refresh_pages(sender, raw=False, **kwargs):
    model = kwargs.get("instance").__class__ if sender is None else sender
    if raw or model._meta.app_label not in CONTENT_APPS or model in NOT_SHOWN:
        return
    page_cache.content_changed()


@receiver([post_save, post_delete], sender=SiteSettings)
@receiver([post_save, post_delete], sender=SocialLink)
def forget_site_settings(sender, **kwargs):
    SiteSettings.clear_cache()
