"""One database per request: a replica for a public read, the primary for everything else.

Placed early (only when `DATABASE_REPLICA_URLS` names replicas), it picks the database before
anything reads, and on a replica answers the whole request inside one REPEATABLE READ
transaction (the replicas' isolation level, see settings): the data version behind the `ETag`,
`Last-Modified`, the response cache's key and the counts is read in the same snapshot as the
rows, so a lagging replica gives its older rows with its older version, never a mix. A streamed
download keeps that snapshot until its last row.

A replica that fails under a request leaves the rotation, and the request is answered again
from the primary (a GET or HEAD is safe to repeat): a standby's outage costs no client a 5xx.
"""

import logging
import math
import sys
from collections.abc import Callable, Iterable, Iterator

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, transaction
from django.db.transaction import Atomic
from django.http import HttpRequest, HttpResponse

from jobcenter_api.db.replicas import replica_pool
from jobcenter_api.db.router import READ_PRIMARY_COOKIE, is_public_read, reading_from

logger = logging.getLogger(__name__)

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
#: The status the API answers when a database fails (jobcenter_api.api.errors).
DATABASE_UNAVAILABLE = 503


def read_primary_seconds() -> int:
    """How long after a write its author reads from the primary.

    A replica in the rotation lags at most REPLICA_MAX_LAG, as last checked up to
    REPLICA_CHECK_SECONDS ago: after both, any replica a read can reach has replayed the write.
    """
    return math.ceil(settings.REPLICA_MAX_LAG + settings.REPLICA_CHECK_SECONDS)


class SnapshotStream:
    """A streamed body that keeps reading from its replica and snapshot until it is closed."""

    def __init__(self, chunks: Iterable[bytes], alias: str, snapshot: Atomic) -> None:
        self.chunks: Iterator[bytes] = iter(chunks)
        self.alias = alias
        self.snapshot: Atomic | None = snapshot

    def __iter__(self) -> "SnapshotStream":
        return self

    def __next__(self) -> bytes:
        with reading_from(self.alias):
            return next(self.chunks)

    def close(self) -> None:
        snapshot, self.snapshot = self.snapshot, None
        if snapshot is not None:
            try:
                snapshot.__exit__(None, None, None)
            except DatabaseError:  # the body is sent already; the connection is dropped by Django
                logger.warning("Replica %s failed at the end of a stream", self.alias, exc_info=True)


class ReadReplicaMiddleware:
    """Choose the request's database, hold it (and a replica's snapshot) for the whole answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        alias = replica_pool.choose() if is_public_read(request) else DEFAULT_DB_ALIAS
        if alias != DEFAULT_DB_ALIAS:
            response = self.from_replica(alias, request)
            if response is not None:
                request.read_database = alias
                return response
            # Answer again from the primary, as a request no one has touched yet.
            request.read_database = DEFAULT_DB_ALIAS
            return self.get_response(type(request)(request.environ))
        request.read_database = DEFAULT_DB_ALIAS
        response = self.get_response(request)
        if request.method in WRITE_METHODS and response.status_code < 400:
            response.set_cookie(
                READ_PRIMARY_COOKIE,
                "1",
                max_age=read_primary_seconds(),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def from_replica(self, alias: str, request: HttpRequest) -> HttpResponse | None:
        """The answer from `alias` in one snapshot, or None when the replica failed under it."""
        snapshot = transaction.atomic(using=alias)
        try:
            with reading_from(alias):
                snapshot.__enter__()
                try:
                    response = self.get_response(request)
                except BaseException:
                    snapshot.__exit__(*sys.exc_info())
                    raise
            if response.status_code == DATABASE_UNAVAILABLE:
                snapshot.__exit__(None, None, None)
                replica_pool.mark_failed(alias, "unavailable under a request")
                return None
            if response.streaming:
                response.streaming_content = SnapshotStream(response.streaming_content, alias, snapshot)
            else:
                snapshot.__exit__(None, None, None)
            return response
        except DatabaseError as error:
            logger.warning("Replica %s failed under a request; answering from the primary", alias, exc_info=True)
            replica_pool.mark_failed(alias, str(error).strip().splitlines()[0] if str(error).strip() else "failed")
            return None
