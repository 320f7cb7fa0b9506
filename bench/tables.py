"""The results of `make bench`: bench/results/*.json and the tables of docs/performance.md."""

import datetime as dt
import json
import os
from pathlib import Path

from replicas import table as replica_table
from tools import (  # bench/ runs as scripts: its modules import each other by name
    BENCH,
    EMBEDDED_MARKS,
    MARK_END,
    MARK_START,
    ROOT,
    log,
    ratio,
    round_ratio,
    verdict,
)


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
