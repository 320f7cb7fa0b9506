"""One row that says which state the published data is in.

Every write bumps it inside its own transaction, so every process (each gunicorn
worker, a management command, the admin) sees a change the moment it commits.
HTTP validators (ETag, Last-Modified) and the response cache are keyed by it.
"""

import secrets

from django.db import models
from django.utils import timezone

SINGLETON_ID = 1
# Before the first write (or after a test flushed the table) every process agrees on this token.
INITIAL_TOKEN = "initial"


def new_token() -> str:
    """A random token, not a counter: a rolled-back or restored database never reuses one."""
    return secrets.token_hex(8)


class DataVersion(models.Model):
    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_ID)
    token = models.CharField(max_length=32, default=new_token)
    changed_at = models.DateTimeField(default=timezone.now)
    # Every release as `[id, scheduled_at]`, scheduled_at null for a cancelled one. Read with the
    # token, so that the one query per request tells every process which records are public at
    # this moment and were at any earlier one (see services.Version).
    embargo = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=SINGLETON_ID), name="dataversion_singleton")]

    def __str__(self) -> str:
        return f"{self.token} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
