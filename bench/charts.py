"""How long a chart takes to render (ms per chart, cold and warm): a small round of `make bench`, runnable alone.

    .venv/bin/python bench/charts.py        # or: make bench-charts

Builds a throwaway SQLite database from fixtures/, then for every indicator builds its
Vega-Lite spec and renders it with vl-convert as SVG and as PNG (1200 × 675). "Cold" is
the first render in a fresh process (vl-convert starts its JavaScript engine and loads
Vega); "warm" is the median of the next renders. Not a timed test: numbers of one
shared machine, to compare with each other.
"""

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WARM_ROUNDS = 5


def milliseconds(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 1)


def main() -> None:
    sys.path.insert(0, str(ROOT))
    database = Path(tempfile.mkdtemp(prefix="bench-charts-")) / "charts.sqlite3"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="jobcenter_api.settings",
        DATABASE_URL=f"sqlite:///{database}",
        DEBUG="true",
        SECRET_KEY=os.environ.get("SECRET_KEY") or "bench-only-secret-key",
        REDIS_URL="",
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.http import QueryDict

    from metrics.models import Indicator
    from website.charts.render import render_png, render_svg
    from website.selectors import chart_for

    call_command("migrate", "--noinput", verbosity=0)
    call_command("import_data", *map(str, sorted((ROOT / "fixtures").glob("*.json"))), verbosity=0)
    codes = list(Indicator.objects.filter(observations__isnull=False).distinct().values_list("code", flat=True))
    results: dict = {"indicators": len(codes), "size": "1200x675", "warm_rounds": WARM_ROUNDS}
    start = time.perf_counter()
    chart = chart_for(codes[0], QueryDict(""), language="de")
    render_svg(chart.spec, "de")
    results["cold_first_svg_ms"] = milliseconds(start)
    start = time.perf_counter()
    render_png(chart.spec, "de")
    results["cold_first_png_ms"] = milliseconds(start)
    for name, render in (("svg", render_svg), ("png", render_png)):
        per_chart = []
        for code in codes:
            for language in ("de", "en"):
                timings = []
                for _ in range(WARM_ROUNDS):
                    start = time.perf_counter()
                    render(chart_for(code, QueryDict(""), language=language).spec, language)
                    timings.append(milliseconds(start))
                per_chart.append(statistics.median(timings))
        results[f"warm_{name}_ms_median"] = round(statistics.median(per_chart), 1)
        results[f"warm_{name}_ms_max"] = max(per_chart)
    start = time.perf_counter()
    for code in codes:
        chart_for(code, QueryDict(""), language="de")
    results["spec_only_ms_per_chart"] = round(milliseconds(start) / len(codes), 1)
    out = ROOT / "bench" / "results" / "charts-latest.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    for key, value in results.items():
        print(f"{key:28} {value}")
    print(f"results in {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
