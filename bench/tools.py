"""What every round of `make bench` uses: settings, servers, wrk, the machine, ratios."""

import json
import os
import platform
import re
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import redis

ROOT = Path(__file__).resolve().parent.parent


BENCH = ROOT / "bench"


PYTHON = str(ROOT / ".venv" / "bin" / "python")


DATASETTE = str(BENCH / ".venv" / "bin" / "datasette")


DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/jobcenter_bench")


REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")


PORT = int(os.environ.get("BENCH_PORT", "8300"))  # uses PORT .. PORT+5


SMALL = int(os.environ.get("BENCH_SMALL", "10000"))


LARGE = int(os.environ.get("BENCH_LARGE", "5000000"))


DURATION = int(os.environ.get("BENCH_DURATION", "4"))


ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))


CONNECTIONS = 16


THREADS = 2


WORKERS = 2


THREADS_PER_WORKER = 2


APP, DATASETTE_PORT, NGINX_CACHE_PORT, NGINX_STATIC_PORT = PORT, PORT + 1, PORT + 2, PORT + 3


EMBEDDED, EMBEDDED_BASELINES = PORT + 4, PORT + 5


PAGE = "/api/v1/metrics/?limit=100"


MARK_START, MARK_END = "<!-- bench:start -->", "<!-- bench:end -->"


EMBEDDED_MARKS = "<!-- bench-embedded:start -->", "<!-- bench-embedded:end -->"


WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('BENCHJSON {"requests":%d,"duration_us":%d,"socket_errors":%d,"http_errors":%d,'
    .. '"p50_ms":%.3f,"p99_ms":%.3f,"mean_ms":%.3f}\\n', summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout, e.status, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.mean / 1000))
end
"""


# A new Accept header per request: a new cache key, so every request renders.
WRK_UNCACHED = """
local n = 0
init = function(args) math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16)) end
request = function()
  n = n + 1
  return wrk.format(nil, nil, {["Accept"] = "application/json, application/x-bench-" .. n .. "-"
    .. math.random(1, 1000000000) .. ";q=0.1"})
end
"""


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def manage(*args: str, env: dict[str, str], settings: str = "jobcenter_api.settings") -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": settings},
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def psql(sql: str, database: str = "postgres") -> str:
    host = re.match(r"postgres://(?P<user>[^@]+)@(?P<host>[^:/]+):(?P<port>\d+)/", DATABASE_URL)
    assert host, DATABASE_URL
    result = subprocess.run(
        ["psql", "-h", host["host"], "-p", host["port"], "-U", host["user"], "-d", database, "-Atc", sql],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


def empty_redis() -> None:
    """Empty the run's Redis database: its uncached rounds store some 5 GB of answers for an hour."""
    redis.Redis.from_url(REDIS_URL).flushdb()


def db_name() -> str:
    return DATABASE_URL.rsplit("/", 1)[1]


def wait_for(url: str, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), dict(exc.headers)


def wrk(
    url: str,
    *,
    script: str = "",
    headers: dict[str, str] | None = None,
    duration: int = DURATION,
    workers_of: int | None = None,
) -> dict:
    """One wrk run; with `workers_of` (a gunicorn master's pid), also how its workers shared wrk's connections."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script + WRK_REPORT)
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{duration}s", "--timeout", "10s", "-s", lua.name]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    run = subprocess.Popen([*command, url], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    split = None
    if workers_of is not None:
        time.sleep(min(1.0, duration / 2))
        split = connections_per_worker(workers_of, urllib.parse.urlsplit(url).port)
    output, errors = run.communicate()
    os.unlink(lua.name)
    if run.returncode:
        raise RuntimeError(f"wrk failed ({run.returncode}): {errors}")
    stats = json.loads(output.split("BENCHJSON ", 1)[1].splitlines()[0])
    stats["rps"] = round(stats["requests"] / (stats["duration_us"] / 1e6), 1)
    stats["url"] = url
    if split is not None:
        stats["connections_per_worker"] = split
    log(
        f"{url} {headers or ''}: {stats['rps']} req/s, p50 {stats['p50_ms']} ms, p99 {stats['p99_ms']} ms"
        + (f", connections per worker {split}" if split is not None else "")
    )
    return stats


def connections_per_worker(master: int, port: int) -> list[int]:
    """How many established connections to `port` each of the master's workers holds, most first.

    Linux hands each new connection to one worker's socket by a hash (`reuse_port`), and a
    keep-alive client stays there: with 16 connections on 2 workers, 8/8 or 5/11, and the
    worker holding more answers each of them later (docs/performance.md).
    """
    listing = subprocess.run(
        ["ss", "-Htnp", "state", "established", f"( sport = :{port} )"], capture_output=True, text=True
    ).stdout
    return sorted((listing.count(f"pid={pid},") for pid in worker_pids(master)), reverse=True)


def worker_pids(master: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True).stdout
    return [int(pid) for pid in out.split()]


def peak_rss_mb(pids: list[int]) -> float:
    """The largest peak resident set (VmHWM) among the processes, in MB."""
    peaks = []
    for pid in pids:
        status = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status)[1]) / 1024)
    return round(max(peaks), 1)


def machine(*, full: bool) -> dict[str, Any]:
    cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
    memory = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
    nginx = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip() if full else ""
    return {
        "cpu": cpu[1] if cpu else platform.processor(),
        "cores": os.cpu_count(),
        "memory_gb": round(int(memory[1]) / 1024 / 1024, 1) if memory else None,
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": psql("SHOW server_version") if full else "",
        "nginx": nginx,
        "wrk": f"-t{THREADS} -c{CONNECTIONS} -d{DURATION}s, {ROUNDS} interleaved rounds "
        "(median; each ratio the median of its per-round ratios)",
        "gunicorn": f"{WORKERS} gthread workers x {THREADS_PER_WORKER} threads",
    }


class Services:
    """The processes this run starts; all stopped at the end, whatever happens."""

    def __init__(self) -> None:
        self.processes: list[subprocess.Popen] = []
        self.tmp = Path(tempfile.mkdtemp(prefix="jobcenter-bench-"))
        self.tmp.chmod(0o755)

    def start(self, command: list[str], env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.Popen:
        log_file = open(self.tmp / f"{Path(command[0]).name}-{len(self.processes)}.log", "w")
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log_file, stderr=subprocess.STDOUT)
        self.processes.append(process)
        return process

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
        shutil.rmtree(self.tmp, ignore_errors=True)


def nginx_config(tmp: Path, body_file: Path) -> Path:
    """deploy/nginx-jobcenter.conf with this run's port, upstream and cache folder."""
    sample = (ROOT / "deploy" / "nginx-jobcenter.conf").read_text()
    for old, new in (
        ("/var/cache/nginx/jobcenter", str(tmp / "nginx-cache")),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{APP};"),
        ("listen 80;", f"listen 127.0.0.1:{NGINX_CACHE_PORT};"),
    ):
        assert old in sample, f"deploy/nginx-jobcenter.conf no longer contains {old!r}"
        sample = sample.replace(old, new)
    (tmp / "jobcenter.conf").write_text(sample)
    config = tmp / "nginx.conf"
    user = "user root;\n" if os.geteuid() == 0 else ""
    config.write_text(
        f"""{user}worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy_temp;
    fastcgi_temp_path {tmp}/fastcgi_temp;
    uwsgi_temp_path {tmp}/uwsgi_temp;
    scgi_temp_path {tmp}/scgi_temp;
    include {tmp}/jobcenter.conf;
    server {{
        listen 127.0.0.1:{NGINX_STATIC_PORT};
        location = /static-page.json {{ default_type application/json; alias {body_file}; }}
    }}
}}
"""
    )
    return config


# The filter combinations the API is used with (a journalist's and a portal's), on LARGE rows.
FILTERS = {
    "unfiltered": "",
    "indicator": "indicator=syn_indicator_03",
    "indicator+area": "indicator=syn_indicator_03&area=SYN123",
    "indicator+area list": "indicator=syn_indicator_03&area=SYN001,SYN002,SYN003",
    "area": "area=SYN042",
    "area+year": "area=SYN042&year=2000",
    "year": "year=2000",
    "indicator+year range": "indicator=syn_indicator_05&year_min=2000&year_max=2010",
    "indicator+area+year range": "indicator=syn_indicator_05&area=SYN007&year_min=1990&year_max=2000",
}


def interleaved(scenarios: dict[str, dict]) -> dict[str, dict]:
    """ROUNDS rounds of every scenario in turn, so a change in the machine's load hits all
    of them alike; each scenario reports the round with its median requests/s."""
    rounds: dict[str, list[dict]] = {name: [] for name in scenarios}
    for _ in range(ROUNDS):
        for name, scenario in scenarios.items():
            rounds[name].append(wrk(**scenario))
    results = {}
    for name, runs in rounds.items():
        median = sorted(runs, key=lambda run: run["rps"])[len(runs) // 2]
        results[name] = {**median, "rps_per_round": [run["rps"] for run in runs]}
        if "connections_per_worker" in median:
            results[name]["p99_ms_per_round"] = [run["p99_ms"] for run in runs]
            results[name]["connections_per_worker_per_round"] = [run["connections_per_worker"] for run in runs]
    return results


def bench_env() -> dict[str, str]:
    """The environment of the benchmarked servers: production settings on PostgreSQL and Redis."""
    return {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-only-secret-key",
        "SECURE_SSL_REDIRECT": "false",
        "HOST": "127.0.0.1",
        "PORT": str(APP),
        "WEB_CONCURRENCY": str(WORKERS),
        "GUNICORN_THREADS": str(THREADS_PER_WORKER),
        "GUNICORN_TIMEOUT": "5",
    }


def ratio(a: float, b: float) -> float:
    return round(a / b, 2) if b else 0.0


def round_ratio(small: dict, ours: str, base: str) -> float:
    """The median over rounds of ours / base, each pair measured back to back in its round.

    The machine's load changes within seconds (one scenario's rounds differ by up to 2x), so a
    ratio of two medians taken from different rounds is far noisier than one taken per round.
    """
    ratios = sorted(a / b for a, b in zip(small[ours]["rps_per_round"], small[base]["rps_per_round"], strict=True) if b)
    return round(ratios[len(ratios) // 2], 2) if ratios else 0.0


def verdict(value: float, target: float, higher_is_better: bool = True) -> str:
    met = value >= target if higher_is_better else value < target
    if met:
        return "met"
    gap = (target - value) / target * 100 if higher_is_better else (value - target) / target * 100
    return f"missed by {abs(gap):.0f} %"
