import json
import os
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from rest_framework.test import APIClient

from metrics.importers import import_documents

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


@pytest.fixture(autouse=True)
def _fresh_response_cache():
    """Each test starts with an empty response cache: rolled-back data can repeat a data version."""
    cache.clear()


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
