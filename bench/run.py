"""`make bench`: the production server on PostgreSQL and Redis, measured side by side in one run.

Phase 1 (fixtures + SMALL synthetic rows): our /api/v1/metrics/ warm, uncached and 304,
against a bare Django view, a naive DRF ListAPIView and Datasette (SQLite) serving the
same rows, and our answers through the nginx cache of deploy/ against nginx serving a
static file. Phase 2 (LARGE rows, by COPY): filtered lists, counts, EXPLAINs, the
export, peak RSS, and a stream longer than gunicorn's timeout.

The embedded round (`--only embedded`, also part of a full run) needs only wrk: the server as
`make serve` runs it by default (SQLite, the fixtures, the local-memory cache), where a
request's fixed cost (middleware, the version, the log line) is most of its answer.

Writes bench/results/<date>.json and the table between the markers of docs/performance.md.
Every wrk run is bounded (DURATION seconds); the machine may be shared, so the load
average before and after is recorded with the results.
"""

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
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


def explain(sql: str) -> dict[str, Any]:
    plan = json.loads(psql(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}", db_name()))[0]
    text = psql(f"EXPLAIN {sql}", db_name())
    return {
        "sql": sql,
        "plan": text,
        "execution_ms": plan["Execution Time"],
        "seq_scan": "Seq Scan" in text,
    }


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


def sql_for(query: str) -> tuple[str, str]:
    """The page and bounded-count SQL the API runs for `query`, as Django builds them."""
    code = (
        "import json, sys; from django.db import connection; from django.http import QueryDict;"
        "from metrics.filtersets import ObservationFilterSet; from metrics.models import Observation;"
        "fs = ObservationFilterSet(QueryDict(sys.argv[1]), queryset=Observation.objects.all());"
        "assert fs.is_valid(), fs.errors; qs = fs.qs; cursor = connection.cursor().cursor;"
        "sql = lambda q: cursor.mogrify(*q.query.sql_with_params()).decode();"
        "print(json.dumps([sql(qs[:100]), sql(qs.order_by()[:10000])]))"
    )
    out = subprocess.run(
        [PYTHON, "-c", f"import django; django.setup(); {code}", query],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": DATABASE_URL,
            "DEBUG": "true",
            "DJANGO_SETTINGS_MODULE": "jobcenter_api.settings",
        },
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    page, count = json.loads(out)
    return page, f"SELECT count(*) FROM ({count}) AS bounded"


def phase_small(results: dict, env: dict[str, str], services: Services, server: subprocess.Popen) -> None:
    base = f"http://127.0.0.1:{APP}"
    status, body, headers = fetch(base + PAGE)
    assert status == 200, body[:500]
    etag = headers["ETag"]
    rows = len(json.loads(body)["results"])
    runs = results["small"] = {"rows_in_table": SMALL, "page_rows": rows, "page_bytes": len(body)}
    sqlite = services.tmp / "bench.sqlite3"
    sqlite_env = {**env, "DATABASE_URL": f"sqlite:///{sqlite}", "REDIS_URL": ""}
    manage("migrate", "--noinput", env=sqlite_env)
    manage("import_data", *map(str, sorted((ROOT / "fixtures").glob("*.json"))), env=sqlite_env)
    manage("generate_synthetic", "--observations", str(SMALL), env=sqlite_env)
    services.start(
        [DATASETTE, "serve", "--host", "127.0.0.1", "--port", str(DATASETTE_PORT), "--immutable", str(sqlite),
         "--setting", "suggest_facets", "off"]
    )  # fmt: skip
    datasette_url = f"http://127.0.0.1:{DATASETTE_PORT}/bench/metrics_observation.json?_size=100&_shape=objects"
    wait_for(datasette_url)

    static_body = services.tmp / "static-page.json"
    static_body.write_bytes(body)
    config = nginx_config(services.tmp, static_body)
    services.start(["nginx", "-c", str(config), "-e", str(services.tmp / "nginx-error.log"), "-g", "daemon off;"])
    wait_for(f"http://127.0.0.1:{NGINX_STATIC_PORT}/static-page.json")
    cached_url = f"http://127.0.0.1:{NGINX_CACHE_PORT}{PAGE}"
    for _ in range(2):
        status, _, cache_headers = fetch(cached_url)
    assert cache_headers.get("X-Cache-Status") == "HIT", cache_headers

    runs.update(
        interleaved(
            {
                # Each target's pair runs back to back, so a round's ratio sees one load of the machine.
                "ours_warm": {"url": base + PAGE},
                "bare_django": {"url": base + "/bench/bare/"},
                "ours_304": {"url": base + PAGE, "headers": {"If-None-Match": etag}},
                "ours_uncached": {"url": base + PAGE, "script": WRK_UNCACHED},
                "naive_drf": {"url": base + "/bench/naive/?limit=100"},
                "datasette": {"url": datasette_url},
                "nginx_cache": {"url": cached_url},
                "nginx_static": {"url": f"http://127.0.0.1:{NGINX_STATIC_PORT}/static-page.json"},
            }
        )
    )


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


def phase_large(results: dict, env: dict[str, str], server: subprocess.Popen) -> None:
    base = f"http://127.0.0.1:{APP}"
    large = results["large"] = {"rows_in_table": LARGE}
    started = time.monotonic()
    manage("generate_synthetic", "--clear", "--observations", str(LARGE), env=env)
    large["generate_seconds"] = round(time.monotonic() - started, 1)
    started = time.monotonic()
    psql("VACUUM ANALYZE metrics_observation", db_name())
    large["vacuum_analyze_seconds"] = round(time.monotonic() - started, 1)
    large["table_size"] = psql("SELECT pg_size_pretty(pg_total_relation_size('metrics_observation'))", db_name())
    log(f"{LARGE} rows in {large['generate_seconds']} s, {large['table_size']} with indexes")

    large["filters"] = {}
    for name, query in FILTERS.items():
        page_sql, count_sql = sql_for(query)
        status, body, _ = fetch(f"{base}/api/v1/metrics/?{query}")
        assert status == 200, body[:500]
        exact = int(psql(f"SELECT count(*) FROM ({strip_limit(page_sql)}) AS all_rows", db_name()))
        reported = json.loads(body)["count"]
        large["filters"][name] = {
            "query": query,
            "count_exact": exact,
            "count_reported": reported,
            "count_error_percent": round(100 * (reported - exact) / exact, 2) if exact else 0.0,
            "page": explain(page_sql),
            "bounded_count": explain(count_sql),
        }
        log(f"{name}: count {reported} (exact {exact}), page {large['filters'][name]['page']['execution_ms']} ms")

    filtered = f"{base}/api/v1/metrics/?{FILTERS['indicator+area']}"
    large.update(
        interleaved(
            {
                "filtered_uncached": {"url": filtered, "script": WRK_UNCACHED, "workers_of": server.pid},
                "filtered_warm": {"url": filtered, "workers_of": server.pid},
                "unfiltered_uncached": {"url": f"{base}{PAGE}", "script": WRK_UNCACHED, "workers_of": server.pid},
                "area_uncached": {
                    "url": f"{base}/api/v1/metrics/?{FILTERS['area']}",
                    "script": WRK_UNCACHED,
                    "workers_of": server.pid,
                },
            }
        )
    )

    export = large["export"] = {}
    # A small filtered CSV tells whether this branch has one: a download ignores `limit` and holds every row.
    status, body, _ = fetch(f"{base}/api/v1/metrics/?format=csv&area=07137")
    if status == 200:
        started = time.monotonic()
        with urllib.request.urlopen(f"{base}/api/v1/metrics/?format=csv", timeout=3600) as response:
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: response.read(1 << 20), b""))
        seconds = time.monotonic() - started
        export.update(
            format="csv", rows=lines - 1, seconds=round(seconds, 1), rows_per_second=round((lines - 1) / seconds)
        )
    else:
        # No CSV renderer on this branch yet: read the JSON list page by page (limit 1000) for a while.
        export["format"] = "json pages (no CSV renderer on this branch)"
        rows, started = 0, time.monotonic()
        while time.monotonic() - started < 20:
            status, body, _ = fetch(f"{base}/api/v1/metrics/?limit=1000&offset={rows}&indicator=syn_indicator_01")
            page = json.loads(body)["results"]
            rows += len(page)
            if not page:
                break
        seconds = time.monotonic() - started
        export.update(rows=rows, seconds=round(seconds, 1), rows_per_second=round(rows / seconds))
    export["server_peak_rss_mb"] = peak_rss_mb(worker_pids(server.pid))
    log(f"export: {export}")


def strip_limit(sql: str) -> str:
    return re.sub(r" ORDER BY .*$", "", sql)


def long_stream(results: dict, base: str) -> None:
    """A stream of 8 s through workers whose timeout is 5 s must arrive whole."""
    started = time.monotonic()
    status, body, _ = fetch(f"{base}/bench/slow-stream/?seconds=8")
    results["long_stream"] = {
        "gunicorn_timeout_s": 5,
        "stream_s": round(time.monotonic() - started, 1),
        "complete": status == 200 and body.endswith(b"done\n"),
    }
    log(f"long stream: {results['long_stream']}")


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


def phase_embedded(results: dict, services: Services) -> None:
    """The embedded default as `make serve` runs it: SQLite, the fixtures, the local-memory cache.

    Each of our answers runs back to back with its baseline: the 304 and the warm list against
    a bare Django view reading and writing the same rows, the uncached list against a naive DRF
    ListAPIView with django-filter.
    """
    sqlite = services.tmp / "embedded.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{sqlite}",
        "REDIS_URL": "",
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-only-secret-key",
        "SECURE_SSL_REDIRECT": "false",
        "HOST": "127.0.0.1",
        "WEB_CONCURRENCY": str(WORKERS),
        "GUNICORN_THREADS": str(THREADS_PER_WORKER),
    }
    manage("migrate", "--noinput", env=env)
    manage("import_data", *map(str, sorted((ROOT / "fixtures").glob("*.json"))), env=env)
    for port, settings in ((EMBEDDED, "jobcenter_api.settings"), (EMBEDDED_BASELINES, "bench.baseline_settings")):
        services.start(
            [PYTHON, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"],
            env={**env, "PORT": str(port), "DJANGO_SETTINGS_MODULE": settings},
        )
        wait_for(f"http://127.0.0.1:{port}/healthz")
    base, baselines = f"http://127.0.0.1:{EMBEDDED}", f"http://127.0.0.1:{EMBEDDED_BASELINES}"
    page = "/api/v1/metrics/"
    status, body, headers = fetch(base + page)
    assert status == 200, body[:500]
    bare = json.loads(fetch(baselines + "/bench/bare/")[1])["results"]
    runs = results["embedded"] = {"page_rows": len(json.loads(body)["results"]), "page_bytes": len(body)}
    assert runs["page_rows"] == len(bare), (runs["page_rows"], len(bare))
    runs.update(
        interleaved(
            {
                "ours_304": {"url": base + page, "headers": {"If-None-Match": headers["ETag"]}},
                "bare_django": {"url": baselines + "/bench/bare/"},
                "ours_warm": {"url": base + page},
                "ours_uncached": {"url": base + page, "script": WRK_UNCACHED},
                "naive_drf": {"url": baselines + "/bench/naive/"},
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--only", choices=["embedded", "replicas"], help="run only this round")
    only = parser.parse_args().only
    if only == "replicas":
        main_replicas()
        return
    for tool in ("wrk",) if only else ("wrk", "nginx", "psql"):
        if not shutil.which(tool):
            sys.exit(
                f"make bench needs {tool} (Debian: apt-get install {tool if tool != 'psql' else 'postgresql-client'})"
            )
    started_at = dt.datetime.now(dt.UTC)
    results: dict[str, Any] = {
        "date": started_at.isoformat(timespec="seconds"),
        "machine": machine(full=not only),
        "load_average_before": os.getloadavg(),
        "note": "Shared machine (2 cores): other work may have run beside this benchmark; "
        "compare ratios within one run, not absolute numbers across runs.",
    }
    if only:
        services = Services()
        try:
            phase_embedded(results, services)
        finally:
            services.stop()
        write_results(results, started_at, name="embedded")
        return
    env = bench_env()
    log(f"database {db_name()} (dropped and created), redis {REDIS_URL} (emptied), ports {PORT}..{PORT + 5}")
    empty_redis()
    psql(f'DROP DATABASE IF EXISTS "{db_name()}"')
    psql(f'CREATE DATABASE "{db_name()}"')
    services = Services()
    try:
        manage("migrate", "--noinput", env=env)
        manage("import_data", *map(str, sorted((ROOT / "fixtures").glob("*.json"))), env=env)
        manage("generate_synthetic", "--observations", str(SMALL), env=env)
        manage("collectstatic", "--noinput", env=env)
        server = services.start(
            [PYTHON, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"],
            env={**env, "DJANGO_SETTINGS_MODULE": "bench.settings"},
        )
        wait_for(f"http://127.0.0.1:{APP}/healthz")
        phase_small(results, env, services, server)
        long_stream(results, f"http://127.0.0.1:{APP}")
        phase_large(results, env, server)
        phase_embedded(results, services)
        services.stop()
        results["replicas"] = replica_round(env)
    finally:
        services.stop()
        psql(f'DROP DATABASE IF EXISTS "{db_name()}"')
        empty_redis()
    write_results(results, started_at)


def write_results(results: dict, started_at: dt.datetime, name: str = "") -> None:
    """bench/results/<date>[-name].json (and latest.json for a full run) and the tables of docs/performance.md."""
    results["load_average_after"] = os.getloadavg()
    results["seconds"] = round((dt.datetime.now(dt.UTC) - started_at).total_seconds())
    out = BENCH / "results" / f"{started_at:%Y-%m-%dT%H%M}{'-' + name if name else ''}.json"
    # First: the tables add the targets' ratios to the results.
    write_embedded_table(results, out)
    if not name:
        write_table(results)
    out.write_text(json.dumps(results, indent=2) + "\n")
    if not name:
        (BENCH / "results" / "latest.json").write_text(json.dumps(results, indent=2) + "\n")
    log(f"results in {out.relative_to(ROOT)} and docs/performance.md")


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


def write_embedded_table(results: dict, out: Path) -> None:
    """The embedded round's table, between its own markers of docs/performance.md."""
    embedded, m = results["embedded"], results["machine"]
    pairs = [
        ("304 / bare Django", "ours_304", "bare_django", 1.5),
        ("uncached list / naive DRF", "ours_uncached", "naive_drf", 1.0),
        ("warm list / bare Django", "ours_warm", "bare_django", 1.5),
    ]
    embedded["ratios"] = {label: round_ratio(embedded, ours, base) for label, ours, base, _ in pairs}
    labels = {
        "ours_304": "ours, If-None-Match → 304",
        "bare_django": "bare Django view → JsonResponse",
        "ours_warm": "ours, warm (response cache)",
        "ours_uncached": "ours, uncached (new cache key per request)",
        "naive_drf": "naive DRF ListAPIView + django-filter",
    }
    lines = [
        f"Run of {results['date']} on {m['cpu']} ({m['cores']} cores), Python {m['python']}; {m['gunicorn']}; "
        f"wrk {m['wrk']}. Load average before {results['load_average_before'][0]:.2f}, after "
        f"{results['load_average_after'][0]:.2f} (shared machine). Raw numbers: `{out.relative_to(ROOT)}`.",
        "",
        f"`make serve` defaults (SQLite, local-memory cache), the fixtures: `/api/v1/metrics/` is "
        f"{embedded['page_rows']} rows, {embedded['page_bytes']} bytes.",
        "",
        "| server | req/s | p50 ms | p99 ms |",
        "| --- | ---: | ---: | ---: |",
        *(f"| {label} | {embedded[key]['rps']} | {embedded[key]['p50_ms']} | {embedded[key]['p99_ms']} |"
          for key, label in labels.items()),
        "",
        "| target | measured | goal | verdict |",
        "| --- | ---: | ---: | --- |",
        *(f"| {label} | {embedded['ratios'][label]}× | ≥ {target}× | {verdict(embedded['ratios'][label], target)} |"
          for label, _, _, target in pairs),
    ]  # fmt: skip
    doc = ROOT / "docs" / "performance.md"
    text = doc.read_text()
    start, end = text.index(EMBEDDED_MARKS[0]) + len(EMBEDDED_MARKS[0]), text.index(EMBEDDED_MARKS[1])
    doc.write_text(text[:start] + "\n" + "\n".join(lines) + "\n" + text[end:])


def write_table(results: dict) -> None:
    small, large = results["small"], results["large"]
    rps = {name: small[name]["rps"] for name in small if isinstance(small[name], dict) and "rps" in small[name]}
    pairs = [
        ("warm list / bare Django", "ours_warm", "bare_django", 1.0),
        ("uncached list / naive DRF", "ours_uncached", "naive_drf", 1.0),
        ("304 / bare Django", "ours_304", "bare_django", 1.5),
        ("nginx cache / nginx static", "nginx_cache", "nginx_static", 0.5),
    ]
    rows = [(label, round_ratio(small, ours, base), target) for label, ours, base, target in pairs]
    small["ratios"] = {
        label: {"median_of_rounds": value, "of_medians": ratio(rps[ours], rps[base])}
        for (label, ours, base, _), (_, value, _) in zip(pairs, rows, strict=True)
    }
    m = results["machine"]
    lines = [
        f"Run of {results['date']} on {m['cpu']} ({m['cores']} cores, {m['memory_gb']} GB), {m['os']}, "
        f"PostgreSQL {m['postgresql']}, {m['nginx']}, Python {m['python']}; {m['gunicorn']}; wrk {m['wrk']}. "
        f"Load average before {results['load_average_before'][0]:.2f}, after {results['load_average_after'][0]:.2f} "
        "(shared machine). Raw numbers: `bench/results/latest.json`.",
        "",
        f"First page (100 rows, {small['page_bytes']} bytes) of {small['rows_in_table']} synthetic rows + fixtures:",
        "",
        "| server | req/s | p50 ms | p99 ms |",
        "| --- | ---: | ---: | ---: |",
    ]
    labels = {
        "ours_warm": "ours, warm (response cache)",
        "ours_uncached": "ours, uncached (new cache key per request)",
        "ours_304": "ours, If-None-Match → 304",
        "bare_django": "bare Django view → JsonResponse",
        "naive_drf": "naive DRF ListAPIView + django-filter",
        "datasette": "Datasette (SQLite)",
        "nginx_cache": "ours through the nginx cache of deploy/",
        "nginx_static": "nginx serving the same body as a static file",
    }
    for key, label in labels.items():
        run = small[key]
        lines.append(f"| {label} | {run['rps']} | {run['p50_ms']} | {run['p99_ms']} |")
    lines += ["", "| target | measured | goal | verdict |", "| --- | ---: | ---: | --- |"]
    for label, value, target in rows:
        lines.append(f"| {label} | {value}× | ≥ {target}× | {verdict(value, target)} |")
    p99 = large["filtered_uncached"]["p99_ms"]
    lines.append(
        f"| {large['rows_in_table']:,} rows: filtered list p99, uncached, 16 connections | {p99} ms | < 100 ms | "
        f"{verdict(p99, 100, higher_is_better=False)} |"
    )
    export = large["export"]
    lines.append(
        f"| export ({export['format']}) | {export['rows_per_second']:,} rows/s | ≥ 100,000 rows/s | "
        f"{verdict(export['rows_per_second'], 100_000)} |"
    )
    lines.append(
        f"| server peak RSS during the export | {export['server_peak_rss_mb']} MB | < 200 MB | "
        f"{verdict(export['server_peak_rss_mb'], 200, higher_is_better=False)} |"
    )
    lines += [
        "",
        f"At {large['rows_in_table']:,} rows (generated by COPY in {large['generate_seconds']} s; "
        f"table with indexes {large['table_size']}):",
        "",
        "| filters | count reported | exact | error % | page ms | seq scan |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, f in large["filters"].items():
        lines.append(
            f"| {name} (`{f['query'] or '-'}`) | {f['count_reported']:,} | {f['count_exact']:,} | "
            f"{f['count_error_percent']} | {f['page']['execution_ms']:.1f} | "
            f"{'yes' if f['page']['seq_scan'] else 'no'} |"
        )
    lines += [
        "",
        "| list at 5M rows, 16 connections | req/s | p50 ms | p99 ms | connections per worker |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for key in ("filtered_uncached", "filtered_warm", "unfiltered_uncached", "area_uncached"):
        run = large[key]
        split = "/".join(map(str, run.get("connections_per_worker", [])))
        lines.append(f"| {key.replace('_', ', ')} (`{run['url'].split('?', 1)[-1]}`) | {run['rps']} | "
                     f"{run['p50_ms']} | {run['p99_ms']} | {split} |")  # fmt: skip
    rounds = large["filtered_uncached"]
    if "p99_ms_per_round" in rounds:
        pairs = zip(rounds["p99_ms_per_round"], rounds["connections_per_worker_per_round"], strict=True)
        lines += [
            "",
            "Filtered, uncached, each round's p99 (connections per worker): "
            + ", ".join(f"{p99} ms ({'/'.join(map(str, split))})" for p99, split in pairs)
            + ".",
        ]
    stream = results["long_stream"]
    lines += [
        "",
        f"A response streaming for {stream['stream_s']} s through workers with a {stream['gunicorn_timeout_s']} s "
        f"timeout arrived {'whole' if stream['complete'] else 'CUT OFF'}.",
    ]
    if "replicas" in results:
        lines += replica_table(results["replicas"])
    doc = ROOT / "docs" / "performance.md"
    text = doc.read_text()
    start, end = text.index(MARK_START) + len(MARK_START), text.index(MARK_END)
    doc.write_text(text[:start] + "\n" + "\n".join(lines) + "\n" + text[end:])


def main_replicas() -> None:
    """Only the read-replica round (bench/replicas.py): its results beside the full runs', the table untouched."""
    started_at = dt.datetime.now(dt.UTC)
    results = {"date": started_at.isoformat(timespec="seconds"), "load_average_before": os.getloadavg()}
    results["replicas"] = replica_round(bench_env())
    results["load_average_after"] = os.getloadavg()
    out = BENCH / "results" / f"{started_at:%Y-%m-%dT%H%M}-replicas.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print("\n".join(replica_table(results["replicas"])))
    log(f"results in {out.relative_to(ROOT)}")


if __name__ == "__main__":
    from replicas import replica_round  # imports this module's helpers as `run`
    from replicas import table as replica_table

    main()
