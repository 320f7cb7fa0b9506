"""Whole small tables (areas, indicators, sources) by primary key, read once per data version.

A JSON list page and a CSV download name their rows' sources (a citation), and a filter checks
that its codes exist: one more query on every request, for tables of a few hundred rows that
change only with a write. Kept in a process cache under the data version (dataversion.caches),
so a process never uses a table older than the version its request read. A table may hold rows
created after its version (`get()` adds them), never lack one of it.

The contract is the response cache's: a change that bypasses the version (raw SQL, a
restored backup) is not seen until the next write. The newest few tables used are kept.
"""

from typing import Any

from django.db import models

from dataversion.caches import ProcessCache

tables: ProcessCache[tuple[type[models.Model], str], dict[Any, models.Model]] = ProcessCache(
    "small tables", size=16, per_version=True
)


def table(model: type[models.Model], using: str, version: str) -> dict[Any, models.Model]:
    """Every row of `model` by primary key, as of `version`."""
    return tables.get_or_build(
        (model, using), lambda: model._meta.default_manager.using(using).in_bulk(), version=version
    )


def row(model: type[models.Model], using: str, version: str, pk: Any) -> models.Model | None:
    """The row `pk` of `model` as of `version` (None for a null key)."""
    if pk is None:
        return None
    rows = table(model, using, version)
    found = rows.get(pk)
    if found is None:
        # Created after this version's rows were read (a write not yet visible then): read it now.
        found = model._meta.default_manager.using(using).filter(pk=pk).first()
        if found is not None:
            rows[pk] = found
    return found
