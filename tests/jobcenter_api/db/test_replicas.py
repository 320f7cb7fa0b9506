"""The rotation of read replicas: in while reachable and caught up, out otherwise, back by itself."""

import time

import pytest

from jobcenter_api.db import replicas
from jobcenter_api.db.replicas import Health, ReplicaPool

MAX_LAG = 30


class FakeReplicas:
    """The health each replica reports to the next check."""

    def __init__(self) -> None:
        self.lag: dict[str, float | None] = {}
        self.down: set[str] = set()

    def measure(self, alias: str) -> Health:
        if alias in self.down:
            return Health(reachable=False, lag_seconds=None, checked_at=time.monotonic(), error="refused")
        return Health(reachable=True, lag_seconds=self.lag.get(alias, 0.0), checked_at=time.monotonic())


@pytest.fixture
def fake():
    return FakeReplicas()


def pool(fake: FakeReplicas, check_seconds: float = 3600) -> ReplicaPool:
    return ReplicaPool(["replica_1", "replica_2"], max_lag=MAX_LAG, check_seconds=check_seconds, measure=fake.measure)


def test_reads_go_to_the_primary_until_a_replica_was_checked(fake, monkeypatch):
    monkeypatch.setattr(ReplicaPool, "refresh_in_background", lambda self: None)
    assert pool(fake).choose() == "default"


def test_replicas_in_the_rotation_share_the_reads(fake):
    replicas_ = pool(fake)
    replicas_.check_all()
    assert {replicas_.choose() for _ in range(200)} == {"replica_1", "replica_2"}


def test_a_replica_late_beyond_the_limit_or_down_leaves_the_rotation_and_comes_back(fake):
    replicas_ = pool(fake)
    fake.lag["replica_1"] = MAX_LAG + 0.5
    fake.down.add("replica_2")
    replicas_.check_all()
    assert replicas_.choose() == "default"
    assert replicas_.current()["replica_1"].status(MAX_LAG) == "lagging"
    assert replicas_.current()["replica_2"].status(MAX_LAG) == "unavailable"
    fake.lag["replica_1"] = MAX_LAG
    fake.down.clear()
    replicas_.check_all()
    assert {replicas_.choose() for _ in range(200)} == {"replica_1", "replica_2"}


def test_a_replica_that_cannot_tell_its_lag_is_out(fake):
    fake.lag["replica_1"] = None
    fake.down.add("replica_2")
    replicas_ = pool(fake)
    replicas_.check_all()
    assert replicas_.choose() == "default"


def test_a_replica_that_failed_under_a_request_is_out_until_the_next_check(fake):
    replicas_ = pool(fake)
    replicas_.check_all()
    replicas_.mark_failed("replica_1", "connection refused")
    replicas_.mark_failed("replica_2", "connection refused")
    assert replicas_.choose() == "default"
    replicas_.check_all()
    assert replicas_.choose() != "default"


def test_stale_health_is_checked_again_in_the_background_not_in_the_request(fake):
    replicas_ = pool(fake, check_seconds=0)
    calls = []
    fake_measure = fake.measure

    def slow_measure(alias):
        calls.append(alias)
        time.sleep(0.2)
        return fake_measure(alias)

    replicas_.measure = slow_measure
    started = time.monotonic()
    assert replicas_.choose() == "default"  # nothing known yet: the primary, at once
    assert time.monotonic() - started < 0.1
    deadline = time.monotonic() + 5
    while replicas_.checking and time.monotonic() < deadline:
        time.sleep(0.05)
    assert calls == ["replica_1", "replica_2"]
    assert all(health.in_rotation(MAX_LAG) for health in replicas_.health.values())


def test_readyz_reports_every_database_with_its_lag(api, db, fake, monkeypatch):
    replicas_ = pool(fake)
    fake.lag["replica_2"] = 42.25
    replicas_.check_all()
    monkeypatch.setattr("jobcenter_api.views.replica_pool", replicas_)
    response = api.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "databases": {
            "default": {"status": "ok"},
            "replica_1": {"status": "ok", "lag_seconds": 0.0, "in_rotation": True},
            "replica_2": {"status": "lagging", "lag_seconds": 42.25, "in_rotation": False},
        },
    }


def test_without_replicas_the_pool_is_empty():
    assert replicas.replica_aliases() == []
    assert replicas.replica_pool.choose() == "default"
