import datetime as dt
import json
import os
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from rest_framework.test import APIClient

from jobcenter_api.small_tables import small_tables
from locations.models import Source
from metrics.importers import import_documents
from metrics.models import Indicator, Observation

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CHROMIUM = "/usr/bin/chromium"


def fixture_documents() -> list[tuple[str, dict]]:
    return [
        (path.name, json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal))
        for path in sorted(FIXTURES.glob("*.json"))
    ]


@pytest.fixture
def published(db):
    """The database as `make run` fills it: every file under fixtures/."""
    return import_documents(documents=fixture_documents())


@pytest.fixture
def awkward_rows(published):
    """Values whose formatting is easy to get wrong: many digits, tiny numbers, quotes and line breaks."""
    source = Source.objects.get(pk="kvmyk-pd-380-2017")
    staff = Indicator.objects.get(code="staff")
    values = [Decimal("12345678901.2345"), Decimal("0.0001"), Decimal("80000000.5000")]
    for year, value in enumerate(values, start=1990):
        Observation.objects.create(
            indicator=staff, area_id="07137", period_start=dt.date(year, 1, 1), period_end=dt.date(year, 12, 31),
            value=value, derived=True, source=source, source_quote='Sie sagte: "rund 3,3; mehr\nals 29.000"',
            note="Zeile 1\r\nZeile 2, mit Komma",
        )  # fmt: skip


@pytest.fixture(autouse=True)
def _fresh_response_cache():
    """Each test starts with empty caches: rolled-back data can repeat a data version."""
    cache.clear()
    small_tables.tables.clear()


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def pytest_collection_modifyitems(config, items):
    on_postgres = connection.vendor == "postgresql"
    in_ci = bool(os.environ.get("CI"))
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://..."))
        if "browser" in item.keywords and not shutil.which(CHROMIUM) and not in_ci:
            item.add_marker(
                pytest.mark.skip(reason=f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium)")
            )
