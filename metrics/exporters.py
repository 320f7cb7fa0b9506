"""Every published data set as files that `import_data` reads back unchanged.

JSON in the format of fixtures/ (one file per data set) and, for observations, the
CSV of the metrics list. Records are ordered by their natural keys, so exporting
the same data twice gives the same bytes.
"""

import csv
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import models

from jobcenter_api.api.fields import plain_number
from locations.models import Area, Location, LocationFact, Source
from metrics.importers import BREAKDOWN_FIELDS, BUDGET_FIELDS, CASELOAD_KEY, CASELOAD_VALUES, CATEGORY_FIELDS, SIMPLE
from metrics.models import Budget, Observation, RefugeeCaseload

OBSERVATION_CSV_COLUMNS = [
    "id", "indicator", "area", "year", "period_start", "period_end", "granularity", "value", "unit", "qualifier",
    "value_kind", "status", "derived", "source", "source_quote", "note",
]  # fmt: skip


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return plain_number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _record(obj: models.Model, names: tuple[str, ...] | list[str]) -> dict[str, Any]:
    return {name: _plain(getattr(obj, obj._meta.get_field(name).attname)) for name in names}


def _simple(kind: str, queryset: models.QuerySet) -> list[dict[str, Any]]:
    _, key_names, value_names = SIMPLE[kind]
    return [_record(obj, (*key_names, *value_names)) for obj in queryset]


def export_documents() -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Every data set as an import document, by file stem."""
    observations = Observation.objects.order_by("indicator_id", "area_id", "period_start", "period_end", "source_id")
    caseloads = [
        {
            **_record(caseload, (*CASELOAD_KEY, *CASELOAD_VALUES)),
            "breakdowns": [
                _record(b, BREAKDOWN_FIELDS)
                for b in sorted(caseload.breakdowns.all(), key=lambda b: (b.dimension, b.group))
            ],
        }
        for caseload in RefugeeCaseload.objects.prefetch_related("breakdowns").order_by(
            "year", "reference_date", "source_id"
        )
    ]
    budgets = []
    for budget in Budget.objects.prefetch_related("categories__parent").order_by("fiscal_year"):
        categories = []
        for category in sorted(budget.categories.all(), key=lambda c: c.code):
            record = _record(category, CATEGORY_FIELDS)
            record["parent"] = category.parent.code if category.parent_id else None
            categories.append(record)
        budgets.append(
            {
                **_record(budget, BUDGET_FIELDS),
                "categories": categories,
            }
        )
    return {
        "sources": {"sources": _simple("sources", Source.objects.order_by("id"))},
        "areas": {"areas": _simple("areas", Area.objects.order_by("code"))},
        "indicators": {"indicators": _simple("indicators", SIMPLE["indicators"][0].objects.order_by("code"))},
        "locations": {"locations": _simple("locations", Location.objects.order_by("slug"))},
        "location_facts": {
            "location_facts": _simple(
                "location_facts",
                LocationFact.objects.order_by("location_id", "code", "period_start", "period_end", "source_id"),
            )
        },
        "observations": {"observations": _simple("observations", observations)},
        "refugee_caseloads": {"refugee_caseloads": caseloads},
        "budgets": {"budgets": budgets},
    }


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(_plain(value))


def export_data(*, directory: Path) -> list[Path]:
    """Write every data set into `directory`; returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for stem, document in export_documents().items():
        path = directory / f"{stem}.json"
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    path = directory / "observations.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(OBSERVATION_CSV_COLUMNS)
        for obs in Observation.objects.order_by("indicator_id", "area_id", "period_start", "period_end", "source_id"):
            writer.writerow([_csv_cell(getattr(obs, obs._meta.get_field(c).attname)) for c in OBSERVATION_CSV_COLUMNS])
    written.append(path)
    return written
