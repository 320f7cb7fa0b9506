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
import re
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from typing import Any

from replicas import replica_round
from replicas import table as replica_table
from tables import (  # bench/ runs as scripts: its modules import each other by name
    write_results,
)
from tools import (  # bench/ runs as scripts: its modules import each other by name
    APP,
    BENCH,
    DATABASE_URL,
    DATASETTE,
    DATASETTE_PORT,
    EMBEDDED,
    EMBEDDED_BASELINES,
    FILTERS,
    LARGE,
    NGINX_CACHE_PORT,
    NGINX_STATIC_PORT,
    PAGE,
    PORT,
    PYTHON,
    REDIS_URL,
    ROOT,
    SMALL,
    THREADS_PER_WORKER,
    WORKERS,
    WRK_UNCACHED,
    Services,
    bench_env,
    db_name,
    empty_redis,
    fetch,
    interleaved,
    log,
    machine,
    manage,
    nginx_config,
    peak_rss_mb,
    psql,
    wait_for,
    worker_pids,
)


def explain(sql: str) -> dict[str, Any]:
    plan = json.loads(psql(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}", db_name()))[0]
    text = psql(f"EXPLAIN {sql}", db_name())
    return {
        "sql": sql,
        "plan": text,
        "execution_ms": plan["Execution Time"],
        "seq_scan": "Seq Scan" in text,
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
    main()
