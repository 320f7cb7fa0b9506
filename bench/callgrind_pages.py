"""CPU instructions of an uncached filtered JSON page and of a CSV row, counted by callgrind.

Instruction counts do not depend on the machine's load, so two versions of the read path
can be compared on a busy machine where wall-clock timings cannot. The database is a
SQLite file with the fixtures and synthetic observations (metrics/synthetic.py); the
response cache is Django's dummy cache, so every page is rendered anew.

    # once: a database (any checkout's code may fill it; it is only read afterwards)
    .venv/bin/python bench/callgrind_pages.py setup --db /tmp/callgrind.sqlite3
    # instructions of N JSON pages (or of one CSV download of N areas' rows), after a warm-up
    valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.out \\
        .venv/bin/python bench/callgrind_pages.py json --db /tmp/callgrind.sqlite3 --n 20
    callgrind_annotate /tmp/cg.out | grep 'PROGRAM TOTALS'

Per page: (instructions with `--n 120` - with `--n 20`) / 100. Per CSV row: `csv` with
`--n 50` (5000 rows) less `--n 1` (100 rows), divided by 4900. `revalidate` counts the same page
answered with a 304 (`If-None-Match`): the fixed cost of every read. `--embargo` (json, revalidate)
announces a release a day ahead first, so the read runs with an embargo in force (the release is
deleted again at the end). `--root` runs another
checkout's code (e.g. the commit before a change, from `git archive`) with this script.
`make`-free on purpose: a run under valgrind takes minutes, so run it by hand.
"""

import argparse
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
JSON_PAGE = "/api/v1/metrics/?indicator=syn_indicator_01&granularity=month&limit=100"
#: Synthetic observations: ten months of 1900 for 405 areas and ten indicators (100 rows per area).
OBSERVATIONS = 40_500


def setup_django(root: Path, db: str) -> None:
    sys.path.insert(0, str(root))
    os.chdir(root)
    os.environ["DJANGO_SETTINGS_MODULE"] = "jobcenter_api.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "callgrind-only-not-secret")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()


def fill(db: str) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("import_data", *sorted(str(path) for path in Path("fixtures").glob("*.json")), verbosity=0)
    call_command("generate_synthetic", observations=OBSERVATIONS, clear=True, verbosity=0)


def requests(kind: str, n: int, *, embargo: bool = False) -> None:
    from django.test import Client, override_settings

    client = Client(HTTP_HOST="localhost")
    release = announce_release() if embargo else None
    try:
        with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}):
            read(client, kind, n)
    finally:
        if release is not None:
            release.delete()


def announce_release():  # noqa: ANN201 - publishing.models.Release, imported after setup
    import datetime as dt

    from django.utils import timezone

    from publishing.models import Release

    return Release.objects.create(title_de="Callgrind", scheduled_at=timezone.now() + dt.timedelta(days=1))


def read(client, kind: str, n: int) -> None:  # noqa: ANN001 - django.test.Client
    if kind == "revalidate":
        etag = client.get(JSON_PAGE)["ETag"]
        for _ in range(n):
            assert client.get(JSON_PAGE, HTTP_IF_NONE_MATCH=etag).status_code == 304
        return
    if kind == "json":
        for _ in range(3):  # warm-up: plans, counts and small tables of this data version
            assert client.get(JSON_PAGE).status_code == 200
        for _ in range(n):
            response = client.get(JSON_PAGE)
            assert response.status_code == 200 and len(response.json()["results"]) == 100
    else:
        warm = client.get("/api/v1/metrics/?format=csv&area=SYN001")
        assert b"".join(warm.streaming_content).count(b"\r\n") == 101
        areas = ",".join(f"SYN{number:03d}" for number in range(1, n + 1))
        response = client.get(f"/api/v1/metrics/?format=csv&area={areas}")
        assert b"".join(response.streaming_content).count(b"\r\n") == 100 * n + 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=["setup", "json", "csv", "revalidate"])
    parser.add_argument("--embargo", action="store_true", help="with a release announced (not in a baseline)")
    parser.add_argument("--db", required=True, help="SQLite file (setup creates and fills it)")
    parser.add_argument("--n", type=int, default=20, help="JSON pages, or areas in the CSV (100 rows each)")
    parser.add_argument("--root", type=Path, default=HERE.parent, help="checkout whose code runs")
    args = parser.parse_args()
    setup_django(args.root.resolve(), str(Path(args.db).resolve()))
    if args.kind == "setup":
        fill(args.db)
    else:
        requests(args.kind, args.n, embargo=args.embargo)


if __name__ == "__main__":
    main()
