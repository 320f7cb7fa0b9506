"""Several gunicorn workers sharing Redis: a write is seen by every worker at once."""

import gc
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import NamedTuple

import pytest
import redis
from django.db import connection

from bench.tools import worker_pids
from metrics.importers import import_documents
from tests.conftest import fixture_documents
from tests.jobcenter_api.http.test_caching import add_observation

ROOT = Path(__file__).resolve().parents[3]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
WORKERS = 3
REQUESTS = 24

pytestmark = pytest.mark.postgres


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_reachable() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


class Server(NamedTuple):
    url: str
    pid: int


@pytest.fixture
def gunicorn(transactional_db):
    if not redis_reachable():
        if os.environ.get("CI"):
            pytest.fail(f"Redis does not answer at {REDIS_URL}")
        pytest.skip(f"needs Redis at {REDIS_URL} (set TEST_REDIS_URL)")
    db = connection.settings_dict
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": REDIS_URL,
        "DEBUG": "false",
        "SECRET_KEY": "test-only-secret-key",
        "SECURE_SSL_REDIRECT": "false",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": str(WORKERS),
        "GUNICORN_THREADS": "1",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start: " + server.stderr.read1().decode())
        yield Server(url=base, pid=server.pid)
    finally:
        server.terminate()
        server.wait(timeout=10)


def get(url: str, **headers: str) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(url, headers={"Connection": "close", **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), dict(exc.headers)


def test_a_write_is_seen_by_every_worker_at_once(gunicorn):
    import_documents(documents=fixture_documents())
    url = f"{gunicorn.url}/api/v1/metrics/?indicator=staff"
    before = {get(url)[1] for _ in range(REQUESTS)}
    assert len(before) == 1, "every worker answers alike"
    assert redis.Redis.from_url(REDIS_URL).keys("*response:*"), "the answers are cached in the shared Redis"
    etag = get(url)[2]["ETag"]
    assert get(url, **{"If-None-Match": etag})[0] == 304

    observation = add_observation()

    answers = [get(url, **{"If-None-Match": etag}) for _ in range(REQUESTS)]
    assert {status for status, _, _ in answers} == {200}
    assert all(f'"id":{observation.pk},'.encode() in body for _, body, _ in answers)
    assert len({headers["ETag"] for _, _, headers in answers}) == 1


def established_by_worker(master: int, port: int) -> dict[int, int]:
    """How many established connections to `port` each worker of `master` holds, read from /proc."""
    established = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, _, state, *rest = line.split()[1:]
        if state == "01" and int(local.split(":")[1], 16) == port:
            established.add(rest[5])  # the socket's inode
    counts = {}
    for pid in worker_pids(master):
        links = (os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir())
        counts[pid] = sum(link.removeprefix("socket:[").removesuffix("]") in established for link in links)
    return counts


@pytest.mark.skipif(
    not Path("/proc/net/tcp").exists() and not os.environ.get("CI"),
    reason="reads the connections of each worker from Linux's /proc",
)
def test_keep_alive_clients_are_spread_over_every_worker(gunicorn):
    """A burst of keep-alive clients (a poller's pool, a proxy's upstream) lands on every worker.

    On one shared listening socket the first worker awake accepted nearly all of them and
    the others sat idle: half the throughput with two workers (docs/performance.md).
    """
    port = int(gunicorn.url.rsplit(":", 1)[1])
    clients = []
    try:
        for _ in range(16 * WORKERS):
            clients.append(socket.create_connection(("127.0.0.1", port), timeout=10))
        for client in clients:
            client.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        for client in clients:
            assert client.recv(65536).startswith(b"HTTP/1.1 200"), "each client is answered and kept alive"
        counts = established_by_worker(gunicorn.pid, port)
    finally:
        for client in clients:
            client.close()
    assert len(counts) == WORKERS
    assert sum(counts.values()) == 16 * WORKERS
    assert min(counts.values()) >= 4, f"connections per worker: {sorted(counts.values())}"


def test_each_worker_freezes_what_loading_the_app_left():
    """gunicorn calls `post_worker_init` once a worker has loaded the app; it hands that memory to gc.freeze."""
    from gunicorn.app.base import Application

    class Config(Application):
        def load_config(self) -> None:
            self.load_config_from_file(str(ROOT / "deploy" / "gunicorn.conf.py"))

        def load(self) -> None:
            raise AssertionError("the app is not loaded here")

    loaded_before = [object()]
    gc.unfreeze()
    assert any(item is loaded_before for item in gc.get_objects())
    try:
        Config().cfg.post_worker_init(None)
        assert gc.get_freeze_count() > 0
        assert not any(item is loaded_before for item in gc.get_objects()), "frozen: no collection scans it"
    finally:
        gc.unfreeze()
