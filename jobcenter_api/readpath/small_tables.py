"""Whole small tables (areas, indicators, sources) by primary key, read once per data version.

A JSON list page names its rows' sources, and a filter checks that its codes exist:
one more query on every request, for tables of a few hundred rows that change only
with a write. Keyed by the data version, which every write through the app changes in its
own transaction, so a process never uses a table older than the version its request read.
A table may hold rows created after its version (`get()` adds them), never lack one of it.

The contract is the response cache's: a change that bypasses the version (raw SQL, a
restored backup) is not seen until the next write. Nothing is kept under the version of
a database without a version row ("initial"), which `flush` brings back. The newest few
tables used are kept.
"""

import threading
from typing import Any

from django.db import models

from dataversion.services import INITIAL_TOKEN


class SmallTables:
    """Each table read whole, per model, database and data version."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.tables: dict[tuple, dict[Any, models.Model]] = {}
        self.lock = threading.Lock()

    def table(self, model: type[models.Model], using: str, version: str) -> dict[Any, models.Model]:
        """Every row of `model` by primary key, as of `version`."""
        if version == INITIAL_TOKEN:
            return model._default_manager.using(using).in_bulk()
        key = (model, using, version)
        with self.lock:
            rows = self.tables.pop(key, None)
            if rows is not None:
                self.tables[key] = rows  # now the most recently used
                return rows
        rows = model._default_manager.using(using).in_bulk()
        with self.lock:
            self.tables[key] = rows
            while len(self.tables) > self.size:
                self.tables.pop(next(iter(self.tables)))
        return rows

    def get(self, model: type[models.Model], using: str, version: str, pk: Any) -> models.Model | None:
        """The row `pk` of `model` as of `version` (None for a null key)."""
        if pk is None:
            return None
        rows = self.table(model, using, version)
        row = rows.get(pk)
        if row is None:
            # Created after this version's rows were read (a write not yet visible then): read it now.
            row = model._default_manager.using(using).filter(pk=pk).first()
            if row is not None:
                rows[pk] = row
        return row


small_tables = SmallTables(size=16)
