"""The read-replica round of `make bench` (`bench/run.py --only replicas` runs it alone).

A throwaway primary cluster and one hot standby of it (`pg_basebackup -R`) on their own ports
and folders, loaded with the fixtures and SMALL synthetic rows; two gunicorns on the same
primary, one with the standby in DATABASE_REPLICA_URLS and one without, measured in
interleaved rounds (uncached and warm pages). Reports each server's requests/s, the
per-round ratio, and the share of requests each database answered (from the request log).
"""

import collections
import glob
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import redis
from tools import APP, PAGE, PYTHON, ROOT, SMALL, WRK_UNCACHED, interleaved, log, manage, round_ratio, wait_for

ONE_DATABASE_PORT, WITH_STANDBY_PORT = APP + 5, APP + 6
PRIMARY_PORT, STANDBY_PORT = APP + 7, APP + 8
REDIS_URL = os.environ.get("BENCH_REPLICA_REDIS_URL", "redis://127.0.0.1:6379/9")


class Clusters:
    """A primary and its streaming standby, as the postgres user when we are root (initdb refuses root)."""

    def __init__(self, tmp: Path) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda path: int(path.split("/")[4]))
        if not found:
            raise SystemExit("the replica round needs PostgreSQL's server binaries: apt-get install postgresql")
        self.bin = Path(found[-1]).parent
        self.tmp = tmp
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(tmp, "postgres")
        self.run("initdb", "-D", str(tmp / "primary"), "-A", "trust", "-U", "postgres", "--no-sync")
        self.start("primary", PRIMARY_PORT)
        self.run(
            "pg_basebackup", "-h", "127.0.0.1", "-p", str(PRIMARY_PORT), "-U", "postgres",
            "-D", str(tmp / "standby"), "-R", "-X", "stream", "-c", "fast", "--no-sync",
        )  # fmt: skip
        self.start("standby", STANDBY_PORT)

    def run(self, tool: str, *args: str) -> None:
        subprocess.run([*self.as_user, str(self.bin / tool), *args], check=True, capture_output=True)

    def start(self, name: str, port: int) -> None:
        options = f"-p {port} -k {self.tmp} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100"
        self.run(
            "pg_ctl", "-D", str(self.tmp / name), "-o", options, "-l", str(self.tmp / f"{name}.log"), "-w", "start"
        )

    def stop(self) -> None:
        for name in ("standby", "primary"):
            subprocess.run(
                [*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.tmp / name), "-m", "immediate", "stop"],
                capture_output=True,
                check=False,
            )

    def caught_up(self) -> bool:
        def ask(port: int, sql: str) -> str:
            command = [str(self.bin / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-XAtqc", sql]
            return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()

        target = ask(PRIMARY_PORT, "SELECT pg_current_wal_lsn()")
        return ask(STANDBY_PORT, f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn") == "t"


def served_by(log_file: Path) -> dict[str, float]:
    """The share of logged requests each database answered."""
    counts = collections.Counter(
        json.loads(line).get("database") for line in log_file.read_text().splitlines() if line.startswith("{")
    )
    total = sum(counts.values())
    return {database: round(count / total, 3) for database, count in sorted(counts.items()) if database}


def replica_round(env: dict[str, str]) -> dict[str, Any]:
    """Throughput with one standby against one database, measured side by side."""
    tmp = Path(tempfile.mkdtemp(prefix="jobcenter-bench-replicas-"))
    tmp.chmod(0o755)
    clusters = Clusters(tmp)
    servers: list[subprocess.Popen] = []
    primary = f"postgres://postgres@127.0.0.1:{PRIMARY_PORT}/postgres"
    standby = f"postgres://postgres@127.0.0.1:{STANDBY_PORT}/postgres"
    env = {**env, "DATABASE_URL": primary, "REDIS_URL": REDIS_URL, "DATABASE_REPLICA_URLS": ""}
    redis.Redis.from_url(REDIS_URL).flushdb()
    try:
        manage("migrate", "--noinput", env=env)
        manage("import_data", *map(str, sorted((ROOT / "fixtures").glob("*.json"))), env=env)
        manage("generate_synthetic", "--observations", str(SMALL), env=env)
        while not clusters.caught_up():
            time.sleep(0.2)
        logs = {}
        for name, port, replicas in (
            ("one_database", ONE_DATABASE_PORT, ""),
            ("with_standby", WITH_STANDBY_PORT, standby),
        ):
            logs[name] = tmp / f"{name}.log"
            with logs[name].open("w") as out:
                servers.append(
                    subprocess.Popen(
                        [PYTHON, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"],
                        cwd=ROOT,
                        env={**env, "PORT": str(port), "DATABASE_REPLICA_URLS": replicas},
                        stdout=out,
                        stderr=subprocess.STDOUT,
                    )
                )
            wait_for(f"http://127.0.0.1:{port}/healthz")
        time.sleep(float(env.get("REPLICA_CHECK_SECONDS", "5")) + 1)  # the first health checks
        for port in (ONE_DATABASE_PORT, WITH_STANDBY_PORT):
            for _ in range(4):  # every worker sees a stale health table and checks the standby
                wait_for(f"http://127.0.0.1:{port}{PAGE}")
        time.sleep(1)
        runs = interleaved(
            {
                "one_database_uncached": {"url": f"http://127.0.0.1:{ONE_DATABASE_PORT}{PAGE}", "script": WRK_UNCACHED},
                "with_standby_uncached": {"url": f"http://127.0.0.1:{WITH_STANDBY_PORT}{PAGE}", "script": WRK_UNCACHED},
                "one_database_warm": {"url": f"http://127.0.0.1:{ONE_DATABASE_PORT}{PAGE}"},
                "with_standby_warm": {"url": f"http://127.0.0.1:{WITH_STANDBY_PORT}{PAGE}"},
            }
        )
        result = {
            **runs,
            "ratio_uncached": round_ratio(runs, "with_standby_uncached", "one_database_uncached"),
            "ratio_warm": round_ratio(runs, "with_standby_warm", "one_database_warm"),
            "served_by": served_by(logs["with_standby"]),
        }
        log(f"replicas: {result['served_by']}, uncached {result['ratio_uncached']}×, warm {result['ratio_warm']}×")
        return result
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=20)
        clusters.stop()
        shutil.rmtree(tmp, ignore_errors=True)
        redis.Redis.from_url(REDIS_URL).flushdb()


def table(result: dict[str, Any]) -> list[str]:
    """The round's lines for docs/performance.md."""
    shares = ", ".join(f"{database} {share:.0%}" for database, share in result["served_by"].items())
    lines = [
        "",
        f"Read replicas: the same page from a primary alone and from a primary with one streaming standby "
        f"(both throwaway clusters on this machine); requests answered by each database with the standby: {shares}.",
        "",
        "| server | req/s | p50 ms | p99 ms |",
        "| --- | ---: | ---: | ---: |",
    ]
    for key in ("one_database_uncached", "with_standby_uncached", "one_database_warm", "with_standby_warm"):
        run = result[key]
        lines.append(f"| {key.replace('_', ' ')} | {run['rps']} | {run['p50_ms']} | {run['p99_ms']} |")
    lines += [
        "",
        f"With the standby / one database (median of per-round ratios): uncached {result['ratio_uncached']}×, "
        f"warm {result['ratio_warm']}×.",
    ]
    return lines
