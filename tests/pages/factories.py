"""factory_boy factories for pages."""

from datetime import timedelta

import factory
from django.utils import timezone

from pages.models import Page


class PageFactory(factory.django.DjangoModelFactory):
    """A published top-level page, one hour old."""

    class Meta:
        model = Page

    title = factory.Sequence(lambda n: f"Page number {n}")
    body = "<p>What this page is about.</p>"
    status = Page.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    class Params:
        draft = factory.Trait(status=Page.Status.DRAFT)
        scheduled = factory.Trait(
            publish_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
        )
