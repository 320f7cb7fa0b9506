"""The database router: public reads from a replica, everything else from the primary.

The choice is made once per request (jobcenter_api.db.middleware sets it) and held in a
context variable that `db_for_read` returns, so every read of one answer, the data version
included, comes from one database. Outside a request (management commands, imports, the
shell, migrations) and in every request that is not a public read, it is the primary.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Model
from django.http import HttpRequest

#: Paths whose anonymous GETs and HEADs are public reads (the API and the landing page).
PUBLIC_READ_PREFIXES = ("/api/",)
PUBLIC_READ_PATHS = ("/",)
READ_METHODS = ("GET", "HEAD")
#: Set on the answer to an editor's write: their browser reads from the primary for a while.
READ_PRIMARY_COOKIE = "jobcenter_read_primary"

_read_database: ContextVar[str] = ContextVar("read_database", default=DEFAULT_DB_ALIAS)


def read_database() -> str:
    """The database the current request reads from (the primary outside a request)."""
    return _read_database.get()


@contextmanager
def reading_from(alias: str) -> Iterator[None]:
    """Send this thread's reads to `alias` inside the block."""
    token = _read_database.set(alias)
    try:
        yield
    finally:
        _read_database.reset(token)


def is_public_read(request: HttpRequest) -> bool:
    """A read anyone may make and any replica may answer.

    Not an editor's request (a token or a session: they must see their own writes and the
    admin), not a browser that wrote a moment ago (READ_PRIMARY_COOKIE), not a write.
    """
    if request.method not in READ_METHODS:
        return False
    if not (request.path.startswith(PUBLIC_READ_PREFIXES) or request.path in PUBLIC_READ_PATHS):
        return False
    if "authorization" in request.headers:
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and READ_PRIMARY_COOKIE not in cookies


class ReplicaRouter:
    """Reads from the request's chosen database; writes and migrations only on the primary."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        return _read_database.get()

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        # Every database holds the same rows: a replica is a copy of the primary.
        return True

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        # A standby replays the primary's schema changes; it cannot run its own.
        return db == DEFAULT_DB_ALIAS
