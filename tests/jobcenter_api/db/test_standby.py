"""Read replicas on a real hot standby: gunicorn on a primary and its streaming-replication standby.

One primary cluster, one standby made with `pg_basebackup -R`, one gunicorn worker (one
process, one replica health table) that checks the standby every second and drops it after
10 seconds of lag. Replay is paused to make lag; the standby is stopped to make a failure.
"""

import json
import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.hardening.servers import (
    Gunicorn,
    PostgresCluster,
    PostgresStandby,
    get,
    load_database,
    manage,
    production_env,
    psql,
)
from tests.hardening.test_outage import cluster_tools_missing

MAX_LAG = 10
pytestmark = pytest.mark.skipif(
    bool(cluster_tools_missing()) and not os.environ.get("CI"), reason=cluster_tools_missing() or ""
)


@dataclass
class Replicated:
    primary: PostgresCluster
    standby: PostgresStandby
    server: Gunicorn
    token: str


@pytest.fixture(scope="module")
def replicated():
    primary = PostgresCluster()
    standby = server = None
    try:
        env = production_env(DATABASE_URL=primary.url, SECURE_SSL_REDIRECT="false")
        load_database(env)
        created = manage(env, "create_editor", "replica-test")
        assert created.returncode == 0, created.stderr
        psql(primary, "CREATE TABLE replication_probe (at timestamptz)")
        standby = PostgresStandby(primary)
        env |= {"DATABASE_REPLICA_URLS": standby.url, "REPLICA_MAX_LAG": str(MAX_LAG), "REPLICA_CHECK_SECONDS": "1"}
        server = Gunicorn(env, workers=1)
        yield Replicated(primary, standby, server, token=created.stdout.split()[-1])
    finally:
        if server is not None:
            server.stop()
        if standby is not None:
            standby.remove()
        primary.remove()


def send(method: str, url: str, headers: dict[str, str]) -> tuple[int, dict]:
    request = urllib.request.Request(url, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def read(replicated: Replicated, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict, object, str]:
    """GET `path`: status, headers, body (parsed if JSON) and the database the request log names."""
    status, response_headers, body = get(f"{replicated.server.url}{path}", headers)
    entries = [json.loads(line) for line in replicated.server.log.read_text().splitlines() if line.startswith("{")]
    database = next(entry["database"] for entry in reversed(entries) if entry.get("path") == path.split("?")[0])
    is_json = response_headers.get("Content-Type", "").startswith("application/json") and body
    return status, response_headers, json.loads(body) if is_json else body, database


def readyz(replicated: Replicated) -> dict:
    status, _, body = get(f"{replicated.server.url}/readyz")
    assert status == 200, body
    return json.loads(body)


def wait_until(condition: Callable[[], bool], seconds: float, what: str) -> float:
    """Seconds until `condition` held; fails after `seconds`."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if condition():
            return time.monotonic() - started
        time.sleep(0.25)
    raise AssertionError(f"not within {seconds} s: {what}")


def in_rotation(replicated: Replicated) -> bool:
    return readyz(replicated)["databases"]["replica_1"]["in_rotation"]


def editor(replicated: Replicated) -> dict[str, str]:
    return {"Authorization": f"Token {replicated.token}"}


def pause_replay_after_a_fresh_commit(replicated: Replicated) -> None:
    """Pause the standby's replay right after it replayed a commit: its lag then grows from about 0."""
    psql(replicated.primary, "INSERT INTO replication_probe VALUES (now())")
    replicated.standby.wait_until_caught_up(replicated.primary)
    replicated.standby.sql("SELECT pg_wal_replay_pause()")


def test_public_reads_come_from_the_standby_and_editors_reads_from_the_primary(replicated):
    wait_until(lambda: in_rotation(replicated), 30, "the standby joins the rotation")
    assert read(replicated, "/api/v1/metrics/")[::3] == (200, "replica_1")
    assert read(replicated, "/api/v1/")[::3] == (200, "replica_1")
    assert read(replicated, "/")[::3] == (200, "replica_1")
    assert read(replicated, "/api/v1/metrics/", editor(replicated))[::3] == (200, "default")
    assert read(replicated, "/readyz")[3] == "default"


def test_a_caught_up_standby_of_an_idle_primary_has_no_lag(replicated):
    replicated.standby.wait_until_caught_up(replicated.primary)
    time.sleep(1.5)  # the primary writes nothing meanwhile: the standby's last commit gets older
    report = readyz(replicated)
    assert report["status"] == "ok"
    assert report["databases"]["default"] == {"status": "ok"}
    assert report["databases"]["replica_1"] == {"status": "ok", "lag_seconds": 0, "in_rotation": True}


def test_a_lagging_standby_answers_its_older_data_with_its_older_etag_and_count(replicated):
    wait_until(lambda: in_rotation(replicated), 30, "the standby joins the rotation")
    path = "/api/v1/metrics/?limit=1"
    pause_replay_after_a_fresh_commit(replicated)
    try:
        _, before, page, database = read(replicated, path)
        assert database == "replica_1"
        deleted = page["results"][0]["id"]
        status, answer = send("DELETE", f"{replicated.server.url}/api/v1/metrics/{deleted}/", editor(replicated))
        assert status == 204
        assert "jobcenter_read_primary=1" in answer["Set-Cookie"]

        _, after, newer, database = read(replicated, path, editor(replicated))
        assert (database, newer["count"]) == ("default", page["count"] - 1)
        assert after["ETag"] != before["ETag"]

        # Anonymous readers get the standby's snapshot: its rows, its count, its validators.
        status, headers, older, database = read(replicated, path)
        assert (status, database, older) == (200, "replica_1", page)
        assert (headers["ETag"], headers["Last-Modified"]) == (before["ETag"], before["Last-Modified"])
        # The primary's ETag names data the standby has not got: no 304 for it.
        status, headers, older, _ = read(replicated, path, {"If-None-Match": after["ETag"]})
        assert (status, headers["ETag"], older["count"]) == (200, before["ETag"], page["count"])
        assert read(replicated, path, {"If-None-Match": before["ETag"]})[0] == 304
        # A streamed download keeps the standby's snapshot to its last row.
        csv = read(replicated, "/api/v1/metrics/?format=csv")
        assert (csv[0], csv[3], len(csv[2].splitlines())) == (200, "replica_1", 1 + page["count"])
        # The editor's browser, marked by its write, reads its write.
        _, headers, own, database = read(replicated, path, {"Cookie": "jobcenter_read_primary=1"})
        assert (database, own["count"], headers["ETag"]) == ("default", page["count"] - 1, after["ETag"])
    finally:
        replicated.standby.sql("SELECT pg_wal_replay_resume()")

    def caught_up() -> bool:
        _, headers, body, _ = read(replicated, path)
        return headers["ETag"] == after["ETag"] and body == newer

    # Once replayed, the standby answers the primary's data under the primary's ETag: no older
    # page was cached under the newer key.
    wait_until(caught_up, 30, "the standby answers the new data")


def test_a_standby_late_beyond_max_lag_leaves_the_rotation_and_comes_back(replicated):
    wait_until(lambda: in_rotation(replicated), 30, "the standby joins the rotation")
    pause_replay_after_a_fresh_commit(replicated)
    try:
        psql(replicated.primary, "INSERT INTO replication_probe VALUES (now())")
        wait_until(lambda: not in_rotation(replicated), MAX_LAG + 15, "the late standby leaves the rotation")
        replica = readyz(replicated)["databases"]["replica_1"]
        assert replica["status"] == "lagging"
        assert replica["lag_seconds"] > MAX_LAG
        assert read(replicated, "/api/v1/metrics/")[::3] == (200, "default")
    finally:
        replicated.standby.sql("SELECT pg_wal_replay_resume()")
    assert wait_until(lambda: in_rotation(replicated), 30, "the caught-up standby comes back") < 30
    assert read(replicated, "/api/v1/metrics/")[::3] == (200, "replica_1")


def test_a_stopped_standby_costs_no_request_a_5xx_and_comes_back_when_started(replicated):
    wait_until(lambda: in_rotation(replicated), 30, "the standby joins the rotation")
    assert read(replicated, "/api/v1/metrics/")[3] == "replica_1"
    replicated.standby.stop()
    try:
        for path in ("/api/v1/metrics/", "/api/v1/indicators/staff/series/", "/api/v1/metrics/?format=csv", "/"):
            status, _, _, database = read(replicated, path)
            assert (status, database) == (200, "default"), path
        report = readyz(replicated)
        assert report["status"] == "degraded"
        assert report["databases"]["replica_1"]["status"] == "unavailable"
        assert report["databases"]["replica_1"]["in_rotation"] is False
    finally:
        replicated.standby.start()
    assert wait_until(lambda: in_rotation(replicated), 30, "the restarted standby comes back") < 30
    assert read(replicated, "/api/v1/metrics/?format=csv")[::3] == (200, "replica_1")
