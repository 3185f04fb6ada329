"""Counters kept in the database while the cache cannot keep them (see `limits`)."""

from django.db import models


class Counter(models.Model):
    """Attempts in one window for one hashed client or address: never a raw value."""

    key = models.CharField(max_length=120, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "rate limit counter"

    def __str__(self):
        return f"{self.key}: {self.count}"
