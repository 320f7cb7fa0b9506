"""Which database a request reads from: public reads may go to a replica, nothing else does."""

import pytest
from django.conf import settings
from django.db import OperationalError
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory

from jobcenter_api.db import middleware
from jobcenter_api.db.middleware import ReadReplicaMiddleware, read_primary_seconds
from jobcenter_api.db.router import READ_PRIMARY_COOKIE, ReplicaRouter, is_public_read, read_database, reading_from
from metrics.models import Observation

factory = RequestFactory()


@pytest.mark.parametrize(
    ("request_", "public"),
    [
        (factory.get("/api/v1/metrics/"), True),
        (factory.head("/api/v1/metrics/?format=csv"), True),
        (factory.get("/"), True),
        (factory.post("/api/v1/metrics/"), False),
        (factory.options("/api/v1/metrics/"), False),
        (factory.get("/admin/metrics/observation/"), False),
        (factory.get("/readyz"), False),
        (factory.get("/api/v1/metrics/", HTTP_AUTHORIZATION="Token abc"), False),
        (factory.get("/api/v1/metrics/", HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=x"), False),
        (factory.get("/api/v1/metrics/", HTTP_COOKIE=f"{READ_PRIMARY_COOKIE}=1"), False),
        (factory.get("/api/v1/metrics/", HTTP_COOKIE="csrftoken=x"), True),
    ],
)
def test_only_anonymous_reads_of_the_api_and_landing_page_are_public_reads(request_, public):
    assert is_public_read(request_) is public


def test_the_router_reads_from_the_requests_database_and_writes_and_migrates_on_the_primary():
    router = ReplicaRouter()
    assert router.db_for_read(Observation) == read_database() == "default"
    with reading_from("replica_1"):
        assert router.db_for_read(Observation) == "replica_1"
        assert router.db_for_write(Observation) == "default"
    assert router.db_for_read(Observation) == "default"
    assert router.allow_migrate("default", "metrics") is True
    assert router.allow_migrate("replica_1", "metrics") is False


class PrimaryOnly:
    """A pool whose replicas are all out of the rotation."""

    def choose(self) -> str:
        return "default"


@pytest.fixture
def no_replica_in_rotation(monkeypatch):
    monkeypatch.setattr(middleware, "replica_pool", PrimaryOnly())


def test_a_write_marks_its_author_to_read_from_the_primary_for_the_lag_limit(no_replica_in_rotation):
    seen = []

    def view(request):
        seen.append(read_database())
        return HttpResponse(status=201)

    response = ReadReplicaMiddleware(view)(factory.post("/api/v1/metrics/"))
    cookie = response.cookies[READ_PRIMARY_COOKIE]
    assert (cookie.value, cookie["max-age"], cookie["httponly"]) == ("1", read_primary_seconds(), True)
    assert read_primary_seconds() >= settings.REPLICA_MAX_LAG
    assert seen == ["default"]


def test_a_refused_write_marks_nothing(no_replica_in_rotation):
    response = ReadReplicaMiddleware(lambda request: HttpResponse(status=403))(factory.post("/api/v1/metrics/"))
    assert READ_PRIMARY_COOKIE not in response.cookies


def test_a_public_read_without_a_replica_in_rotation_reads_from_the_primary(no_replica_in_rotation):
    request = factory.get("/api/v1/metrics/")
    response = ReadReplicaMiddleware(lambda request: HttpResponse(read_database()))(request)
    assert (response.content, request.read_database) == (b"default", "default")
    assert READ_PRIMARY_COOKIE not in response.cookies


class OneReplica:
    """A pool that offers replica_1 and records the failures reported to it."""

    def __init__(self) -> None:
        self.failed: list[str] = []

    def choose(self) -> str:
        return "replica_1"

    def mark_failed(self, alias: str, error: str) -> None:
        self.failed.append(alias)


class RefusedSnapshot:
    def __enter__(self):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    def __exit__(self, *exc_info):
        return False


class FreeSnapshot:
    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return False


def test_a_replica_that_refuses_the_connection_leaves_and_the_read_is_answered_by_the_primary(monkeypatch):
    pool = OneReplica()
    monkeypatch.setattr(middleware, "replica_pool", pool)
    monkeypatch.setattr(middleware.transaction, "atomic", lambda using: RefusedSnapshot())
    seen = []

    def view(request):
        seen.append((read_database(), request))
        return HttpResponse("ok")

    request = factory.get("/api/v1/metrics/")
    response = ReadReplicaMiddleware(view)(request)
    assert (response.status_code, pool.failed, request.read_database) == (200, ["replica_1"], "default")
    assert [database for database, _ in seen] == ["default"]


def test_a_replica_whose_answer_is_a_503_leaves_and_the_read_is_answered_again_from_the_primary(monkeypatch):
    pool = OneReplica()
    monkeypatch.setattr(middleware, "replica_pool", pool)
    monkeypatch.setattr(middleware.transaction, "atomic", lambda using: FreeSnapshot())
    seen = []

    def view(request):
        seen.append((read_database(), request))
        return HttpResponse(status=503 if read_database() == "replica_1" else 200)

    request = factory.get("/api/v1/metrics/")
    response = ReadReplicaMiddleware(view)(request)
    assert (response.status_code, pool.failed) == (200, ["replica_1"])
    assert [database for database, _ in seen] == ["replica_1", "default"]
    # The second answer starts from a request no layer has touched (no data version read before).
    assert seen[0][1] is request and seen[1][1] is not request


def test_a_streamed_answer_from_a_replica_reads_from_it_until_its_last_chunk(monkeypatch, db):
    """`db`: closing the response ends the request, and Django then tidies its connections."""
    monkeypatch.setattr(middleware, "replica_pool", OneReplica())
    exits = []

    class Snapshot(FreeSnapshot):
        def __exit__(self, *exc_info):
            exits.append(read_database())
            return False

    monkeypatch.setattr(middleware.transaction, "atomic", lambda using: Snapshot())

    def chunks():
        yield read_database().encode()
        yield read_database().encode()

    response = ReadReplicaMiddleware(lambda request: StreamingHttpResponse(chunks()))(factory.get("/api/v1/metrics/"))
    assert exits == []
    assert b"".join(response.streaming_content) == b"replica_1replica_1"
    response.close()
    assert len(exits) == 1
    assert read_database() == "default"
