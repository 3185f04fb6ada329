"""The authoritative content version: one database row (see `pagecache.versions`)."""

from django.db import models


class ContentVersion(models.Model):
    """The number every cached page, fragment and count is filed under.

    It lives in the database, not only in the cache, so that it changes in the same
    transaction as the content: a rolled-back change never bumps it, a committed one
    always does, even while the cache cannot be told. `token` is new at every bump, so
    that after a database restore brings back an older `number` the keys made before
    the restore are never reused for different content.
    """

    number = models.BigIntegerField(default=1)
    token = models.CharField(max_length=16, default="")

    class Meta:
        verbose_name = "content version"

    def __str__(self):
        return f"{self.number}-{self.token}"
