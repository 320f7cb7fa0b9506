"""Whole small tables (areas, indicators, sources) by primary key, read once per data version.

A JSON list page names its rows' sources, and a filter checks that its codes exist:
one more query on every request, for tables of a few hundred rows that change only
with a write. Keyed by the data version, which every write changes in its own
transaction, so a process never uses a table older than the version its request read;
only the newest few versions are kept.
"""

import threading
from typing import Any

from django.db import models


class SmallTables:
    """Each table read whole, per model, database and data version."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.tables: dict[tuple, dict[Any, models.Model]] = {}
        self.lock = threading.Lock()

    def table(self, model: type[models.Model], using: str, version: str) -> dict[Any, models.Model]:
        """Every row of `model` by primary key, as of `version`."""
        key = (model, using, version)
        rows = self.tables.get(key)
        if rows is None:
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
