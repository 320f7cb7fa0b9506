"""What the embargo tests share: a release with one record of each kind in it, and a walk of every public read.

The walk takes its paths from the endpoint registry (tests/endpoints.py), each in every download
format it offers, plus the reads that name the embargoed records and their `as_of` vintages.
"""

import datetime as dt
import io
import os
import secrets
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import redis
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import resolve
from django.utils.http import http_date
from rest_framework.test import APIClient

from dataversion import caches
from metrics.models import Budget, BudgetCategory, RefugeeBreakdown, RefugeeCaseload
from publishing.models import Release
from tests import endpoints

BERLIN = ZoneInfo("Europe/Berlin")
# The editors load the figures in the morning; the release is at 09:55, as the Bundesagentur's.
LOADED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=BERLIN)
MOMENT = dt.datetime(2026, 3, 2, 9, 55, tzinfo=BERLIN)
DOWNLOAD_FORMATS = ("csv", "xlsx", "jsonstat", "sdmx-csv")
INDICATOR = "unemployment_rate"
# Unlike anything in fixtures/: a value and a year of the embargoed records.
VALUE = 12.3457
BUDGET_YEAR = 2016
# The Redis of the tests that share a cache between processes (tests/jobcenter_api/http/test_workers.py).
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_reachable(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def at(moment: dt.datetime) -> time_machine.travel:
    return time_machine.travel(moment, tick=False)


def new_marker() -> str:
    """A text no fixture holds: where it shows, the embargoed record shows."""
    return f"embargo{secrets.token_hex(6)}"


@dataclass(frozen=True)
class Answer:
    status: int
    etag: str | None
    last_modified: str | None
    cache_control: str
    body: bytes


def body_of(response) -> bytes:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"PK\x03\x04"):  # XLSX: the text is in the zip's members
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return b"\n".join(archive.read(name) for name in sorted(archive.namelist()))
    return content


def fetch(client: Client, path: str, **headers: str) -> Answer:
    response = client.get(path, headers=headers)
    return Answer(
        response.status_code,
        response.get("ETag"),
        response.get("Last-Modified"),
        response.get("Cache-Control", ""),
        body_of(response),
    )


def with_query(path: str, query: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}{query}"


def registry_paths(client: Client) -> list[str]:
    """Every public GET of the registry, and each in every download format it answers."""
    paths = []
    for endpoint in endpoints.ENDPOINTS:
        path = endpoint.path()
        paths.append(path)
        if endpoint.takes_format:
            for name in DOWNLOAD_FORMATS:
                if client.get(with_query(path, f"format={name}")).status_code == 200:
                    paths.append(with_query(path, f"format={name}"))
    return paths


@dataclass
class Embargoed:
    """One record of each kind in `release`, each holding `marker` in its text."""

    release: Release
    marker: str
    observation: int
    caseload: int
    breakdown: int
    budget: int
    category: int

    def detail_paths(self) -> list[str]:
        return [
            f"/api/v1/metrics/{self.observation}/",
            f"/api/v1/refugees/{self.caseload}/",
            f"/api/v1/refugees/breakdowns/{self.breakdown}/",
            f"/api/v1/budgets/{BUDGET_YEAR}/",
            f"/api/v1/budgets/categories/{self.category}/",
        ]

    def series_paths(self) -> list[str]:
        """The indicator's series: it shows the observation's value, not its text."""
        path = f"/api/v1/indicators/{INDICATOR}/series/"
        return [with_query(path, query) for query in ("format=json", "format=csv", "format=xlsx", "shape=wide")]

    def list_paths(self) -> list[str]:
        """Lists (and their downloads) that show the records once public, as the public asks for them."""
        lists = [
            f"/api/v1/metrics/?indicator={INDICATOR}&area=07137",
            "/api/v1/refugees/",
            "/api/v1/refugees/breakdowns/",
            "/api/v1/budgets/",
            "/api/v1/budgets/categories/",
        ]
        return [with_query(path, query) for path in lists for query in ("format=json", "format=csv", "format=xlsx")]


def observation_payload(release: Release | None, marker: str, *, month: int = 11) -> dict:
    return {
        "indicator": INDICATOR,
        "area": "07137",
        "period_start": f"2017-{month:02d}-01",
        "period_end": f"2017-{month:02d}-{30 if month == 11 else 31}",
        "value": VALUE,
        "qualifier": "exact",
        "value_kind": "point_in_time",
        "derived": False,
        "source": "kvmyk-pd-380-2017",
        "source_quote": marker,
        "note": marker,
        "release": None if release is None else release.pk,
    }


def new_release(moment: dt.datetime, *, indicators: tuple[str, ...] = (INDICATOR,)) -> Release:
    release = Release.objects.create(title_de="Arbeitsmarkt im März", scheduled_at=moment)
    release.indicators.set(indicators)
    return release


def write_embargoed(editor: APIClient, release: Release, marker: str) -> Embargoed:
    """The observation through the editors' API, the caseload and the budget with the ORM."""
    response = editor.post("/api/v1/metrics/", observation_payload(release, marker), format="json")
    assert response.status_code == 201, response.content
    source_id = "kvmyk-pd-380-2017"
    caseload = RefugeeCaseload.objects.create(
        year=2017, reference_date=dt.date(2017, 11, 30), total=4321, source_id=source_id,
        source_quote=marker, note=marker, release=release,
    )  # fmt: skip
    breakdown = RefugeeBreakdown.objects.create(caseload=caseload, dimension="country", group=marker[:50], count=12)
    budget = Budget.objects.create(
        fiscal_year=BUDGET_YEAR, total=Decimal("777.00"), source_id=source_id, source_quote=marker, note=marker,
        release=release,
    )  # fmt: skip
    category = BudgetCategory.objects.create(
        budget=budget, code="embargoed", name_de=marker, name_en=marker, amount=Decimal("700.00"), source_quote=marker
    )
    return Embargoed(release, marker, response.json()["id"], caseload.pk, breakdown.pk, budget.pk, category.pk)


def as_of_paths(paths: list[str], days: list[dt.date]) -> list[str]:
    """The reads that take `as_of`, on each of `days`."""
    return [with_query(path, f"as_of={day}") for path in paths if takes_as_of(path) for day in days]


def takes_as_of(path: str) -> bool:
    """A read with `as_of` (the chart pictures left out: their data is the chart specification's)."""
    endpoint = endpoints.BY_NAME[resolve(path.partition("?")[0]).url_name]
    return endpoint.supports_as_of and endpoint.answers_json


def walk(client: Client, paths: list[str], *, fresh: bool = False) -> dict[str, Answer]:
    """Each path's answer; `fresh`: from empty caches, so every body is the view's own, not a cached one."""
    if fresh:
        cache.clear()
        caches.clear_all()
    return {path: fetch(client, path) for path in paths}


def showing(answers: dict[str, Answer], marker: str) -> list[str]:
    return [path for path, answer in answers.items() if marker.encode() in answer.body]


def moved(before: dict[str, Answer], after: dict[str, Answer], attribute: str) -> list[str]:
    return [path for path in before if getattr(before[path], attribute) != getattr(after[path], attribute)]


def changed_bodies(client: Client, before: dict[str, Answer], after: dict[str, Answer]) -> list[str]:
    """The paths whose body changed, leaving out pages that differ on every rendering (a CSP nonce, RDF blank nodes)."""
    return [path for path in moved(before, after, "body") if rendered_alike(client, path)]


def rendered_alike(client: Client, path: str) -> bool:
    """Whether two renderings of `path`, each from empty caches, are the same bytes."""
    return walk(client, [path], fresh=True)[path].body == walk(client, [path], fresh=True)[path].body


def http_moment(moment: dt.datetime) -> str:
    return http_date(moment.timestamp())
