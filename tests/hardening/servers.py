"""Real servers for the tests that need one: gunicorn with production settings, a PostgreSQL cluster and its standby."""

import glob
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(**overrides: str) -> dict[str, str]:
    """The environment of a production deployment: DEBUG off, a real-looking secret, nothing from .env."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONUNBUFFERED": "1",
    }
    return {**env, **overrides}


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def load_database(env: dict[str, str]) -> None:
    """Migrate and load fixtures/ into env's DATABASE_URL, as `make setup` does."""
    for args in (("migrate", "--noinput"), ("import_data", *sorted(glob.glob(str(ROOT / "fixtures" / "*.json"))))):
        result = manage(env, *args)
        assert result.returncode == 0, result.stdout + result.stderr


def get(url: str, headers: dict[str, str] | None = None, timeout: float = 10) -> tuple[int, dict, bytes]:
    """GET without following redirects: (status, headers, body), also for 4xx and 5xx."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def parse_policy(header: str) -> dict[str, list[str]]:
    """A Content-Security-Policy header as {directive: sources} (its order is not fixed)."""
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in directives}


class Gunicorn:
    """gunicorn serving the project on a free port; its stdout (the request log) goes to `log`."""

    def __init__(self, env: dict[str, str], workers: int = 1) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = Path(tempfile.mkstemp(prefix="jobcenter-gunicorn-", suffix=".log")[1])
        command = [
            str(BIN / "gunicorn"), "jobcenter_api.wsgi", "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(workers), "--timeout", "30", "--graceful-timeout", "5",
        ]  # fmt: skip
        with self.log.open("w") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        self.wait_until_up()

    def wait_until_up(self, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            try:
                get(f"{self.url}/healthz", timeout=2)
                return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"gunicorn did not start:\n{self.log.read_text()}")

    def worker_pids(self) -> set[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return {int(pid) for pid in children}

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.unlink(missing_ok=True)


def postgres_bin() -> Path | None:
    """The directory of Debian's PostgreSQL server binaries (initdb, pg_ctl), newest version."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if candidates:
        return Path(candidates[-1]).parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


class PostgresCluster:
    """A throwaway PostgreSQL cluster in a temporary directory, on a free port: ours to stop and start.

    Run as the `postgres` user when we are root (initdb refuses root), else as ourselves.
    """

    def __init__(self) -> None:
        self.bin = postgres_bin()
        assert self.bin is not None
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="jobcenter-pg-"))
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.dir, "postgres")
        self.run("initdb", "-D", str(self.dir / "data"), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")
        self.start()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def run(self, tool: str, *args: str) -> None:
        result = subprocess.run(
            [*self.as_user, str(self.bin / tool), *args], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run("pg_ctl", "-D", str(self.dir / "data"), "-o", options, "-l", str(self.dir / "log"), "-w", "start")

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.dir / "data"), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        subprocess.run(
            [*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.dir, ignore_errors=True)


class PostgresStandby(PostgresCluster):
    """A second cluster cloned from `primary` with `pg_basebackup -R`: it streams and replays the primary's WAL."""

    def __init__(self, primary: PostgresCluster) -> None:
        self.bin = primary.bin
        self.as_user = primary.as_user
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="jobcenter-pg-standby-"))
        if self.as_user:
            shutil.chown(self.dir, "postgres")
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
