"""A hot standby of a throwaway PostgresCluster, by PostgreSQL's own streaming replication."""

import subprocess
import tempfile
import time
from pathlib import Path

from tests.hardening.servers import PostgresCluster, free_port


class PostgresStandby(PostgresCluster):
    """A second cluster cloned from `primary` with `pg_basebackup -R`: it streams and replays the primary's WAL."""

    def __init__(self, primary: PostgresCluster) -> None:
        self.bin = primary.bin
        self.as_user = primary.as_user
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="jobcenter-pg-standby-"))
        if self.as_user:
            subprocess.run(["chown", "postgres", str(self.dir)], check=True)
        self.run(
            "pg_basebackup", "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres",
            "-D", str(self.dir / "data"), "-R", "-X", "stream", "-c", "fast", "--no-sync",
        )  # fmt: skip
        self.start()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def sql(self, statement: str) -> str:
        """Run one statement on the standby as psql does; its result, unaligned."""
        return psql(self, statement)

    def wait_until_caught_up(self, primary: PostgresCluster, seconds: float = 30) -> None:
        """Until the standby has replayed everything the primary has written so far."""
        target = psql(primary, "SELECT pg_current_wal_lsn()")
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if psql(self, f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn") == "t":
                return
            time.sleep(0.1)
        raise AssertionError(f"the standby did not replay up to {target} in {seconds} s")


def psql(cluster: PostgresCluster, statement: str) -> str:
    result = subprocess.run(
        [str(cluster.bin / "psql"), "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres", "-d", "postgres",
         "-XAtqc", statement],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()
