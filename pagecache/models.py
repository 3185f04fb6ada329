"""The authoritative content versions: database rows (see `pagecache.versions`)."""

from django.db import models
from django.db.models.functions import Now
from django.utils import timezone

SITE_SCOPE = "site"


class ContentVersion(models.Model):
    """A number cached pages, fragments and counts are filed under.

    It lives in the database, not only in the cache, so that it changes in the same
    transaction as the content: a rolled-back change never bumps it, a committed one
    always does, even while the cache cannot be told. `token` is new at every bump, so
    that after a database restore brings back an older `number` the keys made before
    the restore are never reused for different content.

    One row is the whole site's (`SITE_SCOPE`); the others each cover one narrower thing
    that changes often, such as one statement's signatures (see `versions.scope_changed`).

    `changed_at` is when the number last moved: the newest change to anything the scope
    covers, which a page's `Last-Modified` may never be older than (see `modified`).
    """

    scope = models.CharField(max_length=100, unique=True, default=SITE_SCOPE)
    number = models.BigIntegerField(default=1)
    token = models.CharField(max_length=16, default="")
    # db_default: the column is added to existing rows at the database's own time, without
    # a value computed once by Django for all of them.
    changed_at = models.DateTimeField(default=timezone.now, db_default=Now())

    class Meta:
        verbose_name = "content version"

    def __str__(self):
        return f"{self.scope}: {self.number}-{self.token}"

    @property
    def version(self):
        return f"{self.number}-{self.token}"
