"""Writes of published data from files: one transaction, validated, idempotent.

Records are matched on their natural keys (codes, periods, fiscal years), so
running the same import twice changes nothing the second time.
"""

import csv
import json
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from locations.models import Area, Location, LocationFact, Source
from metrics.models import Budget, BudgetCategory, Indicator, Observation, RefugeeBreakdown, RefugeeCaseload

# Top-level keys of an import document, in the order they are written.
KINDS = (
    "sources", "areas", "indicators", "locations", "location_facts", "observations", "refugee_caseloads", "budgets",
)  # fmt: skip


@dataclass
class ImportResult:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        kinds = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        return "\n".join(
            f"{kind}: {self.created[kind]} created, {self.updated[kind]} updated, {self.unchanged[kind]} unchanged"
            for kind in kinds
        )


class ImportRecordError(Exception):
    """A record that cannot be written; names where it is and what is wrong."""

    def __init__(self, where: str, errors: dict[str, list[str]]) -> None:
        self.where = where
        self.errors = errors
        details = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in errors.items())
        super().__init__(f"{where}: {details}")


def _clean_values(model: type[models.Model], values: dict[str, Any]) -> dict[str, Any]:
    """Convert raw values to the model's Python types, so comparing them is exact.

    A value that does not convert is reported under its field's name.
    """
    cleaned = {}
    for name, value in values.items():
        model_field = model._meta.get_field(name)
        if isinstance(model_field, models.ForeignKey):
            cleaned[model_field.attname] = value
            continue
        if isinstance(value, float) and isinstance(model_field, models.DecimalField):
            value = repr(value)  # 3.3 as written, not its binary approximation 3.2999…
        try:
            cleaned[name] = model_field.to_python(value)
        except ValidationError as exc:
            raise ValidationError({name: exc.messages}) from exc
        except (TypeError, ValueError) as exc:
            raise ValidationError({name: f"Invalid value {value!r}."}) from exc
    return cleaned


def _upsert(
    model: type[models.Model], key: dict[str, Any], values: dict[str, Any], result: ImportResult, kind: str
) -> models.Model:
    key, values = _clean_values(model, key), _clean_values(model, values)
    obj = model.objects.filter(**key).first()
    if obj is None:
        obj = model(**key, **values)
        outcome = result.created
    elif any(getattr(obj, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(obj, name, value)
        outcome = result.updated
    else:
        result.unchanged[kind] += 1
        return obj
    if isinstance(obj, Observation):
        obj.fill_derived()
    obj.full_clean()
    obj.save()
    outcome[kind] += 1
    return obj


def _pick(row: dict[str, Any], names: tuple[str, ...], required: tuple[str, ...] = ()) -> dict[str, Any]:
    missing = [name for name in required if row.get(name) is None]
    if missing:
        raise ValidationError({name: "This field is required." for name in missing})
    return {name: row[name] for name in names if name in row}


def _check_known(row: dict[str, Any], allowed: set[str]) -> None:
    unknown = sorted(set(row) - allowed)
    if unknown:
        raise ValidationError({name: "Unknown field." for name in unknown})


def _records(value: Any, name: str) -> list[dict[str, Any]]:
    """A list of records (objects), or a ValidationError naming what is not one."""
    if not isinstance(value, list):
        raise ValidationError({name: "A list of records is expected."})
    for index, record in enumerate(value):
        if not isinstance(record, dict):
            raise ValidationError({f"{name}[{index}]": "A record must be an object."})
    return value


def _resolve(model: type[models.Model], code: Any, name: str) -> None:
    if not isinstance(code, str) or not model.objects.filter(pk=code).exists():
        raise ValidationError({name: f"No {model._meta.verbose_name} with code {code!r}."})


SIMPLE = {
    "sources": (Source, ("id",), ("title", "publisher", "published", "url", "license", "note")),
    "areas": (Area, ("code",), ("name_de", "name_en", "level")),
    "indicators": (
        Indicator,
        ("code",),
        ("name_de", "name_en", "definition_de", "definition_en", "unit", "legal_basis"),
    ),
    "locations": (
        Location,
        ("slug",),
        (
            "name", "city", "municipality_code", "municipality_code_source", "street", "postal_code", "latitude",
            "longitude", "phone", "email", "opening_hours", "services", "source", "source_quote", "note",
        ),
    ),
    "location_facts": (
        LocationFact,
        ("location", "code", "period_start", "period_end", "source"),
        ("value", "text", "unit", "source_quote", "note"),
    ),
    "observations": (
        Observation,
        ("indicator", "area", "period_start", "period_end", "source"),
        ("value", "qualifier", "value_kind", "status", "derived", "source_quote", "note"),
    ),
}  # fmt: skip
# Values a file must state although the model has a default: a figure's kind is never assumed.
REQUIRED_VALUES = {"observations": ("value_kind",)}

FOREIGN_KEYS = {
    "source": Source, "indicator": Indicator, "area": Area, "location": Location, "municipality_code_source": Source,
}  # fmt: skip


def _import_simple(kind: str, row: dict[str, Any], result: ImportResult, release: int | None = None) -> None:
    model, key_names, value_names = SIMPLE[kind]
    _check_known(row, set(key_names) | set(value_names))
    for name in set(key_names) | set(value_names):
        # A null reference is the model's to allow or refuse (full_clean names the field).
        if name in FOREIGN_KEYS and row.get(name) is not None:
            _resolve(FOREIGN_KEYS[name], row[name], name)
    values = _pick(row, value_names, required=REQUIRED_VALUES.get(kind, ()))
    if release is not None and kind in RELEASED_KINDS:
        values["release"] = release
    _upsert(model, _pick(row, key_names, required=key_names), values, result, kind)


CASELOAD_KEY = ("year", "reference_date", "source")
CASELOAD_VALUES = ("total", "qualifier", "status", "source_quote", "note")
BREAKDOWN_FIELDS = ("dimension", "group", "count", "share_percent", "derived", "source_quote", "note")


def _import_caseload(row: dict[str, Any], result: ImportResult, release: int | None = None) -> None:
    _check_known(row, {*CASELOAD_KEY, *CASELOAD_VALUES, "breakdowns"})
    _resolve(Source, row.get("source"), "source")
    key = _pick(row, CASELOAD_KEY, required=("year", "source"))
    key.setdefault("reference_date", None)
    values = _pick(row, CASELOAD_VALUES) | ({} if release is None else {"release": release})
    caseload = _upsert(RefugeeCaseload, key, values, result, "refugee_caseloads")
    for index, breakdown in enumerate(_records(row.get("breakdowns", []), "breakdowns")):
        try:
            _check_known(breakdown, set(BREAKDOWN_FIELDS))
            breakdown_key = {
                "caseload": caseload.pk,
                **_pick(breakdown, ("dimension", "group"), ("dimension", "group")),
            }
            _upsert(
                RefugeeBreakdown, breakdown_key, _pick(breakdown, BREAKDOWN_FIELDS[2:]), result, "refugee_breakdowns"
            )
        except ValidationError as exc:
            raise ValidationError({f"breakdowns[{index}].{k}": v for k, v in exc.message_dict.items()}) from exc


BUDGET_FIELDS = ("fiscal_year", "total", "currency", "qualifier", "status", "source", "source_quote", "note")
CATEGORY_FIELDS = ("code", "name_de", "name_en", "amount", "parent", "qualifier", "source_quote", "note")


def _import_budget(row: dict[str, Any], result: ImportResult, release: int | None = None) -> None:
    _check_known(row, set(BUDGET_FIELDS) | {"categories"})
    _resolve(Source, row.get("source"), "source")
    values = _pick(row, BUDGET_FIELDS[1:]) | ({} if release is None else {"release": release})
    budget = _upsert(Budget, _pick(row, ("fiscal_year",), ("fiscal_year",)), values, result, "budgets")
    pending = list(enumerate(_records(row.get("categories", []), "categories")))
    for index, category in pending:
        if not isinstance(category.get("parent"), str | None):
            raise ValidationError({f"categories[{index}].parent": "A category code or null is expected."})
    written: dict[str, int] = dict(budget.categories.values_list("code", "pk"))
    while pending:
        # Parents before children, whatever order the file lists them in.
        ready = [(i, c) for i, c in pending if not c.get("parent") or c["parent"] in written]
        if not ready:
            index, category = pending[0]
            message = f"No category {category.get('parent')!r} in fiscal year {budget.fiscal_year}."
            raise ValidationError({f"categories[{index}].parent": message})
        for index, category in ready:
            try:
                _check_known(category, set(CATEGORY_FIELDS))
                values = _pick(category, CATEGORY_FIELDS[1:])
                values["parent"] = written.get(values.get("parent")) if values.get("parent") else None
                key = {"budget": budget.pk, **_pick(category, ("code",), ("code",))}
                obj = _upsert(BudgetCategory, key, values, result, "budget_categories")
            except ValidationError as exc:
                raise ValidationError({f"categories[{index}].{k}": v for k, v in exc.message_dict.items()}) from exc
            written[obj.code] = obj.pk
        pending = [(i, c) for i, c in pending if (i, c) not in ready]


# The records a release publishes (their breakdowns and categories follow them): `--release` gives them one.
RELEASED_KINDS = ("observations", "refugee_caseloads", "budgets")
IMPORTERS = {
    **{kind: partial(_import_simple, kind) for kind in SIMPLE},
    "refugee_caseloads": _import_caseload,
    "budgets": _import_budget,
}


@dataclass
class Document:
    """The records of one file by kind; a CSV file also knows each record's line."""

    name: str
    data: dict[str, Any]
    lines: dict[str, list[int]] = field(default_factory=dict)

    def where(self, kind: str, index: int) -> str:
        if kind in self.lines:
            return f"{self.name}, line {self.lines[kind][index]}"
        return f"{self.name}: {kind}[{index}]"


# CSV files: the columns of our CSV export (the JSON field names of the list), one kind per file.
# Read-only columns (computed, or the database id) are accepted and ignored.
CSV_IGNORED = {
    "observations": {"id", "year", "granularity", "unit"},
    "sources": set(),
    "areas": {"name"},
    "indicators": {"name", "definition"},
    "locations": set(),
}
CSV_IGNORED_PREFIXES = ("cite",)
CSV_DECIMALS = {"value", "latitude", "longitude"}
CSV_BOOLEANS = {"true": True, "false": False}


def _csv_kind(name: str, header: list[str]) -> str:
    columns = {column for column in header if not column.startswith(CSV_IGNORED_PREFIXES)}
    for kind, ignored in CSV_IGNORED.items():
        _, key_names, value_names = SIMPLE[kind]
        if set(key_names) <= columns and columns <= {*key_names, *value_names, *ignored}:
            return kind
    raise ImportRecordError(
        f"{name}, line 1",
        {"columns": [f"These columns match no data set: {', '.join(header)}. Use the columns of our CSV export."]},
    )


def _csv_value(model: type[models.Model], name: str, raw: str, decimal_comma: bool) -> Any:
    model_field = model._meta.get_field(name)
    if raw == "":
        return None if model_field.null else ""
    if name in CSV_DECIMALS and decimal_comma:
        return raw.replace(",", ".")
    if isinstance(model_field, models.BooleanField):
        return CSV_BOOLEANS.get(raw.lower(), raw)
    if isinstance(model_field, models.JSONField):
        try:
            return json.loads(raw)
        except json.JSONDecodeError:
            return raw
    return raw


def read_csv(path: Path) -> Document:
    """A CSV file of our export, in either dialect (comma and dot, or semicolon and decimal comma)."""
    name = str(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        first = handle.readline()
        handle.seek(0)
        delimiter = ";" if first.count(";") > first.count(",") else ","
        reader = csv.reader(handle, delimiter=delimiter)
        header = next(reader, [])
        kind = _csv_kind(name, header)
        model = SIMPLE[kind][0]
        wanted = {*SIMPLE[kind][1], *SIMPLE[kind][2]}
        rows, lines = [], []
        line = reader.line_num + 1
        for cells in reader:
            if cells:
                if len(cells) != len(header):
                    raise ImportRecordError(
                        f"{name}, line {line}", {"columns": [f"{len(cells)} cells for {len(header)} columns."]}
                    )
                rows.append(
                    {
                        column: _csv_value(model, column, raw, decimal_comma=delimiter == ";")
                        for column, raw in zip(header, cells, strict=True)
                        if column in wanted
                    }
                )
                lines.append(line)
            line = reader.line_num + 1
    return Document(name, {kind: rows}, {kind: lines})


def import_documents(
    *, documents: list[Document | tuple[str, dict[str, Any]]], dry_run: bool = False, release: int | None = None
) -> ImportResult:
    """Write every record of the documents in one transaction, or none.

    Raises ImportRecordError naming the document (file and line for CSV), the record and the field.
    With `dry_run` everything is validated and counted, then rolled back. With `release` (an id),
    every figure, caseload and budget belongs to that release: under embargo until its moment.
    """
    result = ImportResult()
    documents = [doc if isinstance(doc, Document) else Document(*doc) for doc in documents]
    release_model = Observation._meta.get_field("release").related_model  # metrics does not import publishing
    if release is not None and not release_model.objects.filter(pk=release).exists():
        raise ImportRecordError("--release", {"release": [f"No release has the id {release}."]})
    with transaction.atomic():
        for document in documents:
            if not isinstance(document.data, dict):
                raise ImportRecordError(document.name, {"__all__": ["A document must be an object of sections."]})
            unknown = sorted(set(document.data) - set(KINDS))
            if unknown:
                raise ImportRecordError(document.name, {key: ["Unknown section."] for key in unknown})
            for kind, rows in document.data.items():
                if not isinstance(rows, list):
                    raise ImportRecordError(
                        f"{document.name}: {kind}", {kind: ["A section must be a list of records."]}
                    )
        for kind in KINDS:
            for document in documents:
                for index, row in enumerate(document.data.get(kind, [])):
                    where = document.where(kind, index)
                    if not isinstance(row, dict):
                        raise ImportRecordError(where, {"__all__": ["A record must be an object."]})
                    try:
                        IMPORTERS[kind](row, result, release=release)
                    except ValidationError as exc:
                        raise ImportRecordError(where, exc.message_dict) from exc
        if dry_run:
            transaction.set_rollback(True)
    return result
