import datetime as dt

import pytest
import time_machine
from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

from dataversion.models import DataVersion
from dataversion.services import current_version
from metrics.importers import import_documents
from tests.conftest import fixture_documents, import_fixtures, table_rows

MOMENT = dt.datetime(2026, 3, 4, 5, 6, 7, tzinfo=dt.UTC)
TABLES = [model for model in apps.get_models(include_auto_created=True) if model is not DataVersion]


class Rollback(Exception):
    pass


def tables_after(load) -> dict[str, dict]:
    """Every table as `load` leaves it, with the ids a fresh sequence gives, then rolled back."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), TABLES):
            cursor.execute(sql)
    state = {}
    try:
        with transaction.atomic():
            load()
            state = {model._meta.label: table_rows(model) for model in TABLES}
            state["version changed at"] = current_version().changed_at
            raise Rollback
    except Rollback:
        pass
    return state


@pytest.mark.django_db
def test_replayed_fixtures_leave_every_table_as_the_import_does():
    """The tests' `published` replays the first import's rows; the tables must be the import's."""
    with time_machine.travel(MOMENT, tick=False):
        first = tables_after(import_fixtures)
        replayed = tables_after(import_fixtures)
        imported = tables_after(lambda: import_documents(documents=fixture_documents()))
    assert sum(len(rows) for label, rows in imported.items() if label != "version changed at") > 100
    assert imported["version changed at"] == MOMENT
    assert first == imported
    assert replayed == imported
