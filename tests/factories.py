"""factory_boy factories for the site's models."""

import datetime
import io
from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PILImage

from articles.models import Article, Author, Byline, Section
from images.models import Image
from statements.models import Endorsement, Statement


def jpeg_bytes(width=640, height=480, color=(200, 40, 40), **save_options):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), color).save(buffer, format="JPEG", **save_options)
    return buffer.getvalue()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Image

    title = factory.Sequence(lambda n: f"Photo {n}")
    credit = "Photo desk"
    file = factory.LazyFunction(lambda: ContentFile(jpeg_bytes(), name="photo.jpg"))


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    name = factory.Sequence(lambda n: f"Section {n}")
    order = factory.Sequence(lambda n: n)


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Author {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article, one hour old, with one author."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Article number {n}")
    standfirst = "A short lead."
    body = "<p>Body text.</p>"
    status = Article.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    section = factory.SubFactory(SectionFactory)

    class Params:
        draft = factory.Trait(status=Article.Status.DRAFT)
        scheduled = factory.Trait(
            publish_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
        )

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if not create:
            return
        for order, author in enumerate(extracted if extracted is not None else [AuthorFactory()]):
            Byline.objects.create(article=self, author=author, order=order)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


class StatementFactory(factory.django.DjangoModelFactory):
    """A published statement open for endorsement by anyone, not moderated."""

    class Meta:
        model = Statement

    title = factory.Sequence(lambda n: f"Declaration number {n}")
    issuing_body = "Adopted by the conference of the network"
    adopted_place = "Rome"
    adopted_on = datetime.date(2023, 10, 28)
    standfirst = "Join the declaration."
    body = "<p>We declare our solidarity.</p>"
    status = Statement.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    class Params:
        draft = factory.Trait(status=Statement.Status.DRAFT)
        scheduled = factory.Trait(
            publish_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
        )


class EndorsementFactory(factory.django.DjangoModelFactory):
    """A confirmed individual endorsement."""

    class Meta:
        model = Endorsement

    statement = factory.SubFactory(StatementFactory)
    kind = Endorsement.Kind.INDIVIDUAL
    name = factory.Sequence(lambda n: f"Signer {n}")
    email = factory.Sequence(lambda n: f"signer{n}@example.org")
    country = "PL"
    consent_listed = True
    status = Endorsement.Status.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)


def user_with_role(role, username=None):
    """A staff account in one of the editorial groups (Author, Editor, Administrator)."""
    from django.contrib.auth.models import Group

    user = UserFactory(username=username or role.lower(), is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user
