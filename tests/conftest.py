import copy
import datetime as dt
import json
import os
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.core.cache import cache
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from dataversion import caches
from dataversion.models import DataVersion
from dataversion.services import bump_version
from locations.models import Source
from metrics.importers import ImportResult, import_documents
from metrics.models import Indicator, Observation

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def fixture_documents() -> list[tuple[str, dict]]:
    return [
        (path.name, json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal))
        for path in sorted(FIXTURES.glob("*.json"))
    ]


Rows = dict[object, tuple]
#: Every table an import may write; the data version is bumped instead, as the import's last write does.
DATA_TABLES = [model for model in apps.get_models(include_auto_created=True) if model is not DataVersion]
#: Per database and moment: the import's result and, per table, the rows it added; None where it changed others.
_imports: dict[tuple, tuple[ImportResult, dict[type[models.Model], list[tuple]]] | None] = {}


def _columns(model: type[models.Model]) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


def table_rows(model: type[models.Model]) -> Rows:
    """Every row of the model's table by primary key, each a tuple of its columns."""
    names = _columns(model)
    key = names.index(model._meta.pk.attname)
    return {row[key]: row for row in model._meta.base_manager.values_list(*names)}


def reset_sequences(tables: list[type[models.Model]]) -> None:
    """Let the next id of each table follow its largest, as after rows written with their ids (as loaddata does)."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), tables):
            cursor.execute(sql)


def _record_import() -> tuple[ImportResult, dict[type[models.Model], list[tuple]] | None]:
    """Import fixtures/ and note the rows it added to each table; None for the rows if it changed or removed any."""
    before = {model: table_rows(model) for model in DATA_TABLES}
    result = import_documents(documents=fixture_documents())
    added: dict[type[models.Model], list[tuple]] = {}
    for model in DATA_TABLES:
        after = table_rows(model)
        if any(after.get(pk) != row for pk, row in before[model].items()):
            return result, None
        rows = [row for pk, row in after.items() if pk not in before[model]]
        if rows:
            added[model] = rows
    return result, added


def import_fixtures() -> ImportResult:
    """`import_documents` of fixtures/, replayed from the first import's rows after the first time.

    The import validates and saves each record with its history and a version bump: about a
    second a test, most of the suite's time. Its effect is the same each time (at the same
    moment): it adds rows. So later tests add those rows with bulk_create, reset the id
    sequences as loaddata does and bump the version as the import's last write did. Where the
    import changed rows that were there before, it runs in full each time.
    """
    key = (connection.alias, connection.settings_dict["NAME"], timezone.now() if _frozen() else None)
    recorded = _imports.get(key)
    if recorded is None:
        result, added = _record_import()
        _imports[key] = (copy.deepcopy(result), added) if added is not None else None
        return result
    result, added = recorded
    with transaction.atomic():
        for model, rows in added.items():
            names = _columns(model)
            model._meta.base_manager.bulk_create(model(**dict(zip(names, row, strict=True))) for row in rows)
        reset_sequences(list(added))
        bump_version()
    return copy.deepcopy(result)


def _frozen() -> bool:
    """Whether time_machine holds the clock: the import's timestamps are then that moment's."""
    return bool(time_machine.traveller_stack)


@pytest.fixture
def published(db):
    """The database as `make run` fills it: every file under fixtures/."""
    return import_fixtures()


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
    caches.clear_all()


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
