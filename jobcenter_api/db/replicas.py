"""Which read replicas (PostgreSQL hot standbys) are fit to answer, per process.

Each process checks every replica at most once per `REPLICA_CHECK_SECONDS`, in a background
thread that the first request after the interval starts, so no request waits for a standby that
is down or unreachable: requests use the last result. A replica is in the rotation while it
answers and lags no more than `REPLICA_MAX_LAG` seconds; one that fails under a request leaves
at once (`mark_failed`), and every replica comes back by itself with the first check that finds
it reachable and caught up. Until a replica's first check, reads go to the primary.
"""

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

#: Lag: 0 while the standby streams from the primary and has replayed everything it received (an
#: idle primary sends nothing, so a caught-up standby is not late; after a restart the receiver
#: starts over at the beginning of a WAL segment, below what was replayed), else the seconds since
#: the last commit it replayed (NULL, so out of the rotation, until it replays one). A role
#: without pg_monitor sees the receiver's row but not its status: taken as streaming. A server
#: that is not in recovery (a primary, a promoted standby) has no lag.
LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming' OR status IS NULL)
        AND pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() THEN 0
    ELSE GREATEST(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
END
"""


@dataclass(frozen=True)
class Health:
    """One check's result; `lag_seconds` is None when the replica did not answer or cannot tell."""

    reachable: bool
    lag_seconds: float | None
    checked_at: float
    error: str = ""

    def in_rotation(self, max_lag: float) -> bool:
        return self.reachable and self.lag_seconds is not None and self.lag_seconds <= max_lag

    def status(self, max_lag: float) -> str:
        if not self.reachable:
            return "unavailable"
        return "ok" if self.in_rotation(max_lag) else "lagging"


def measure(alias: str) -> Health:
    """Ask the replica `alias` for its lag, on a connection of its own that is closed afterwards."""
    database = connections.create_connection(alias)
    try:
        with database.cursor() as cursor:
            if database.vendor == "postgresql":
                cursor.execute(LAG_SQL)
                (lag,) = cursor.fetchone()
            else:  # a test's stand-in for a replica: answering is all it can say
                cursor.execute("SELECT 1")
                lag = 0
        return Health(reachable=True, lag_seconds=None if lag is None else float(lag), checked_at=time.monotonic())
    except DatabaseError as error:
        first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
        return Health(reachable=False, lag_seconds=None, checked_at=time.monotonic(), error=first_line)
    finally:
        database.close()


class ReplicaPool:
    """The replicas of this process and their last known health."""

    def __init__(
        self,
        aliases: list[str],
        *,
        max_lag: float,
        check_seconds: float,
        measure: Callable[[str], Health] = measure,
    ) -> None:
        self.aliases = list(aliases)
        self.max_lag = max_lag
        self.check_seconds = check_seconds
        self.measure = measure
        self.health: dict[str, Health | None] = dict.fromkeys(self.aliases)
        self.lock = threading.Lock()
        self.checking = False

    def choose(self) -> str:
        """A replica in the rotation for one request's reads, or the primary when there is none."""
        self.refresh_in_background()
        ready = [alias for alias, health in self.health.items() if health and health.in_rotation(self.max_lag)]
        return random.choice(ready) if ready else DEFAULT_DB_ALIAS

    def stale(self) -> bool:
        now = time.monotonic()
        return any(health is None or now - health.checked_at >= self.check_seconds for health in self.health.values())

    def refresh_in_background(self) -> None:
        """Start one check of every replica unless one runs or the last is recent enough."""
        if not self.aliases or not self.stale():
            return
        with self.lock:
            if self.checking:
                return
            self.checking = True
        threading.Thread(target=self.check_all, name="replica-health", daemon=True).start()

    def check_all(self) -> dict[str, Health]:
        """Check every replica now (in the caller's thread) and remember the results."""
        try:
            results = {alias: self.measure(alias) for alias in self.aliases}
            self.health.update(results)
            return results
        finally:
            with self.lock:
                self.checking = False

    def current(self) -> dict[str, Health]:
        """Every replica's health, checked now where the last result is older than the interval."""
        if self.stale():
            with self.lock:
                self.checking = True
            return self.check_all()
        return {alias: health for alias, health in self.health.items() if health is not None}

    def mark_failed(self, alias: str, error: str) -> None:
        """Take `alias` out of the rotation until a check finds it fit again."""
        self.health[alias] = Health(reachable=False, lag_seconds=None, checked_at=time.monotonic(), error=error)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias != DEFAULT_DB_ALIAS]


replica_pool = ReplicaPool(
    replica_aliases(), max_lag=settings.REPLICA_MAX_LAG, check_seconds=settings.REPLICA_CHECK_SECONDS
)
