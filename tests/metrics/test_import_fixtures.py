import datetime as dt

import pytest
import time_machine
from django.db import transaction

from dataversion.services import current_version
from metrics.importers import import_documents
from tests.conftest import DATA_TABLES, fixture_documents, import_fixtures, reset_sequences, table_rows

MOMENT = dt.datetime(2026, 3, 4, 5, 6, 7, tzinfo=dt.UTC)


class Rollback(Exception):
    pass


def tables_after(load) -> dict[str, dict]:
    """Every table as `load` leaves it, with the ids a fresh sequence gives, then rolled back."""
    reset_sequences(DATA_TABLES)
    state = {}
    try:
        with transaction.atomic():
            load()
            state = {model._meta.label: table_rows(model) for model in DATA_TABLES}
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
