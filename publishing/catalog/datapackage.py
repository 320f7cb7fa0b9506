"""A Frictionless Data Package of our CSV endpoints, generated from the serializers.

Column names and types come from the serializer each endpoint renders (nested
objects flattened with `_`, lists one column holding a JSON array, as the CSV
does), primary keys from `TABLES`,
foreign keys from the models' relations: a field added to a serializer shows up
here by itself, and a test fails until it has a description.
"""

from collections.abc import Callable, Iterator
from typing import Any, get_type_hints

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse
from rest_framework import serializers

from jobcenter_api.api.fields import TranslatedField
from jobcenter_api.downloads.jsonstat import JSONStatRenderer
from jobcenter_api.downloads.sdmx import SDMXCSVRenderer
from jobcenter_api.downloads.statistical import CODES_ROUTE, STRUCTURE_ID, optional_fields
from locations.models import Source
from metrics.models import Observation
from publishing.catalog.datasets import CATALOG_TEXTS, DATASETS, TABLES, Table

SDMX_DESCRIPTIONS = {
    "STRUCTURE": "Always `dataflow`.",
    "STRUCTURE_ID": "The dataflow, agency:id(version).",
    "ACTION": "Always `I` (information).",
    "INDICATOR": "Indicator code: name.",
    "REF_AREA": "Regional key: name.",
    "TIME_PERIOD": "SDMX time: 2017, 2013-08, or a span as start/duration (2005-01-01/P12Y).",
    "OBS_VALUE": "The figure.",
    "OBS_STATUS": "SDMX CL_OBS_STATUS: A final, P provisional, E estimated.",
    "UNIT_MEASURE": "Unit code: name.",
    "QUALIFIER": "Qualifier code: name (rund, mehr als, ...).",
    "VALUE_KIND": "A current value or an annual average.",
    "SOURCE": "Source id (see the resource sources).",
    "SOURCE_QUOTE": "The German sentence the figure is taken from.",
}
UNITS = "percent (%), percent_change (change in %), persons (number of persons) or EUR (euros)"
FIELD_DESCRIPTIONS = {
    "id": "Identifier of the row; stable across releases.",
    "code": "Identifier code; stable across releases.",
    "name": "Name in German (the CSV's default language).",
    "name_de": "Name in German.",
    "name_en": "Name in English.",
    "unit": f"Unit of the values: {UNITS}.",
    "definition": "Definition in German (the CSV's default language).",
    "definition_de": "Definition in German.",
    "definition_en": "Definition in English.",
    "legal_basis": "Legal basis of the definition, e.g. a paragraph of the German Social Code (SGB).",
    "level": "Administrative level of the area: country, state, district or municipality.",
    "indicator": "Code of the indicator (see the resource indicators).",
    "area": "Regional key of the area (Regionalschlüssel; see the resource areas).",
    "year": "Calendar year (the last year of the period).",
    "period_start": "First day of the period the figure covers.",
    "period_end": "Last day of the period the figure covers.",
    "granularity": "Kind of period: year (a calendar year), month (a calendar month) or span (any other span).",
    "value": f"The figure, in the unit given in `unit`: {UNITS}.",
    "qualifier": "How exact the source is: exact, approximately (rund), nearly (annähernd), more_than (mehr als) "
    "or less_than (weniger als).",
    "value_kind": "Kind of value: point_in_time (a count or rate on a month's count day, or a value the source "
    "gives as current), annual_average, period_total (a total over the period), change (in percent) or not_stated. "
    "Values of different kinds are not one series.",
    "derived": "True where the value is computed from others; `note` gives the formula.",
    "source": "Identifier of the source (see the resource sources).",
    "source_quote": "The German sentence of the source the value is taken from.",
    "note": "How the source was read: vague wording, derivations, what is not stated.",
    "title": "Title of the source.",
    "publisher": "Who published the source.",
    "published": "Publication date as precise as the source gives it: YYYY, YYYY-MM or YYYY-MM-DD.",
    "url": "Where the source is published; empty if unknown.",
    "license": "License of the source; empty where the source states none.",
    "slug": "Identifier of the site; stable across releases.",
    "city": "City of the site.",
    "municipality_code": "Official municipality key (Gemeindeschlüssel, 8 digits); empty where no source gives it.",
    "municipality_code_source": "Identifier of the source that states the municipality key (see the resource "
    "sources); empty exactly where the key is empty.",
    "street": "Street address; empty until a source gives it.",
    "postal_code": "Postal code (5 digits); empty until a source gives it.",
    "latitude": "Latitude in decimal degrees (WGS 84); empty until a source gives it.",
    "longitude": "Longitude in decimal degrees (WGS 84); empty until a source gives it.",
    "phone": "Phone number; empty until a source gives it.",
    "email": "E-mail address; empty until a source gives it.",
    "opening_hours": "Opening hours as text; empty until a source gives them.",
    "services": "Services offered at the site, as a JSON array of texts; empty until a source gives them.",
    "facts": "What sources say about the site, as a JSON array of objects (code, value, text, unit, period_start, "
    "period_end, source, source_quote, note).",
    "breakdowns": "The caseload's groups, as a JSON array of objects (dimension, group, count, share_percent, "
    "derived, source_quote, note); flat in the resource refugee-breakdowns.",
    "categories": "The budget's categories as a tree: a JSON array of objects (code, name, name_de, name_en, amount "
    "in EUR, qualifier, source_quote, note, children); flat in the resource budget-categories.",
    "reference_date": "Day the count refers to; empty where the source says only 'currently' (derzeit).",
    "caseload": "Identifier of the caseload the group belongs to (see the resource refugees).",
    "dimension": "What the caseload is broken down by, e.g. age_group.",
    "group": "The group within the dimension, e.g. 15-50 (years of age).",
    "count": "Number of persons in the group.",
    "share_percent": "Share of the caseload in the group, in percent (0-100).",
    "fiscal_year": "Fiscal year (a calendar year).",
    "currency": "Currency of the amounts (ISO 4217), EUR.",
    "amount": "Amount of the category, in euros (EUR).",
    "parent": "Code of the category this one is part of; empty for a top-level category.",
    "unitemized_amount": "Derived: the total less its listed top-level categories, in euros (EUR).",
    "unitemized_note": "How the unitemized amount is computed.",
    "refugees.total": "Number of refugees in the Jobcenter's care (persons).",
    "refugees.year": "Calendar year of the count.",
    "refugee-breakdowns.year": "Calendar year of the caseload.",
    "budgets.total": "Total budget of the fiscal year, in euros (EUR).",
    "budget-categories.name": "Name of the category in German (the CSV's default language).",
}


def _method_returns(field: serializers.SerializerMethodField) -> Any:
    return get_type_hints(getattr(field.parent, field.method_name)).get("return")


def is_list(field: serializers.Field) -> bool:
    """A list (sites' services, a caseload's breakdowns): one CSV cell holding a JSON array."""
    if isinstance(field, serializers.ListSerializer | serializers.ListField):
        return True
    if isinstance(field, serializers.SerializerMethodField):
        returns = _method_returns(field)
        return getattr(returns, "__origin__", returns) is list
    return False


def field_type(field: serializers.Field, model_field: models.Field | None) -> str:
    """The Table Schema type of a serializer field."""
    if is_list(field):
        return "array"
    if isinstance(field, serializers.BooleanField):
        return "boolean"
    if isinstance(field, serializers.IntegerField):
        return "integer"
    if isinstance(field, serializers.DecimalField | serializers.FloatField):
        return "number"
    if isinstance(field, serializers.DateTimeField):
        return "datetime"
    if isinstance(field, serializers.DateField):
        return "date"
    if isinstance(field, serializers.PrimaryKeyRelatedField) and model_field is not None:
        target_pk = model_field.related_model._meta.pk
        return "integer" if isinstance(target_pk, models.AutoField | models.IntegerField) else "string"
    if isinstance(field, serializers.SlugRelatedField) and model_field is not None:
        # A budget category names its budget by fiscal year: typed as the field it points to.
        target = model_field.related_model._meta.get_field(field.slug_field)
        return "integer" if isinstance(target, models.IntegerField) else "string"
    if isinstance(field, serializers.SerializerMethodField):
        return {float: "number", int: "integer", bool: "boolean"}.get(_method_returns(field), "string")
    return "string"


def _model_field(model: type[models.Model], source: str) -> models.Field | None:
    try:
        return model._meta.get_field(source.split(".")[0])
    except FieldDoesNotExist:  # a property or method, not a column
        return None


def _columns(
    serializer: serializers.Serializer, prefix: str = ""
) -> Iterator[tuple[str, serializers.Field, models.Field | None]]:
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.Serializer):
            yield from _columns(field, f"{prefix}{name}_")
            continue
        model_field = _model_field(model, field.source) if model and not isinstance(field, TranslatedField) else None
        yield f"{prefix}{name}", field, model_field


def _table_for(model: type[models.Model]) -> Table | None:
    return next((t for t in TABLES.values() if t.serializer.Meta.model is model), None)


def _foreign_key(table: Table, column: str, field: serializers.Field, model_field: models.Field | None) -> dict | None:
    """A reference to another table, where the column is a relation the models declare."""
    if model_field is None or not model_field.is_relation:
        return None
    target = _table_for(model_field.related_model)
    if target is None:
        return None
    if isinstance(field, serializers.SlugRelatedField):
        target_field = field.slug_field
    elif isinstance(field, serializers.PrimaryKeyRelatedField):
        target_field = target.primary_key[0]
    elif "." in field.source and field.source.split(".", 1)[1] == target.primary_key[0]:
        target_field = target.primary_key[0]
    else:
        return None
    resource = "" if target is table else target.name
    return {"fields": [column], "reference": {"resource": resource, "fields": [target_field]}}


def describe(table: Table, column: str, field: serializers.Field) -> str:
    """Ours for the table, ours for the column name, else the serializer's help text."""
    for key in (f"{table.name}.{column}", column):
        if key in FIELD_DESCRIPTIONS:
            return FIELD_DESCRIPTIONS[key]
    return str(field.help_text or "")


def table_schema(table: Table) -> dict[str, Any]:
    """The Table Schema of one CSV endpoint: its columns, keys and types."""
    fields, foreign_keys = [], []
    for column, field, model_field in _columns(table.serializer()):
        spec: dict[str, Any] = {"name": column, "type": field_type(field, model_field)}
        spec["description"] = describe(table, column, field)
        constraints: dict[str, Any] = {}
        if column in table.primary_key:
            constraints["required"] = True
        if isinstance(field, serializers.ChoiceField):
            constraints["enum"] = [str(choice) for choice in field.choices]
        if constraints:
            spec["constraints"] = constraints
        if isinstance(field, serializers.URLField):
            spec["format"] = "uri"
        fields.append(spec)
        if (foreign_key := _foreign_key(table, column, field, model_field)) is not None:
            foreign_keys.append(foreign_key)
    schema: dict[str, Any] = {"fields": fields, "primaryKey": list(table.primary_key), "missingValues": [""]}
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return schema


def package_source(source: Source) -> dict[str, str]:
    """A source as the Data Package spec has it: a title, and a path where the source has a URL."""
    entry = {"title": f"{source.publisher}: {source.title} ({source.published})"}
    if source.url:
        entry["path"] = source.url
    return entry


def _title(texts: dict[str, str]) -> str:
    return f"{texts['de']} / {texts['en']}"


def build_datapackage(absolute: Callable[[str], str]) -> dict[str, Any]:
    """The descriptor; `absolute` turns a path into an absolute URL of this deployment."""
    table_names = list(dict.fromkeys(["sources", *(name for spec in DATASETS for name in spec.tables)]))
    return {
        "profile": "tabular-data-package",
        "name": "jobcenter-mayen-koblenz",
        "title": _title(CATALOG_TEXTS["title"]),
        "description": CATALOG_TEXTS["description"]["en"],
        "homepage": absolute(reverse("api-root")),
        "version": settings.SPECTACULAR_SETTINGS["VERSION"],
        "keywords": sorted({word for spec in DATASETS for word in spec.keywords["en"]}),
        "licenses": [{"name": "dl-de-by-2.0", "path": settings.LICENSE_URL, "title": settings.LICENSE_NAME}],
        "sources": [package_source(source) for source in Source.objects.order_by("id")],
        "contributors": [{"title": settings.PUBLISHER, "role": "publisher"}],
        "resources": [
            {
                "name": table.name,
                "title": _title(table.title),
                "path": table.url(absolute, "csv"),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "profile": "tabular-data-resource",
                "schema": table_schema(table),
            }
            for table in (TABLES[name] for name in table_names)
        ]
        + [sdmx_resource(absolute)],
    }


def sdmx_resource(absolute: Callable[[str], str]) -> dict[str, Any]:
    """The metrics as SDMX-CSV 2.0 (German labels), a table too; their JSON-stat 2.0 rides along as an alternate."""
    header = SDMXCSVRenderer().header(optional_fields(Observation.objects.all()), "de")
    url = absolute(reverse("observation-list"))
    codes = absolute(reverse(CODES_ROUTE))
    return {
        "name": "metrics-sdmx",
        "title": "Kennzahlen (SDMX-CSV 2.0) / Metrics (SDMX-CSV 2.0)",
        "description": f"The metrics as SDMX-CSV 2.0 of the dataflow {STRUCTURE_ID}; its codes: {codes}",
        "path": f"{url}?format=sdmx-csv&lang=de",
        "format": "csv",
        "mediatype": SDMXCSVRenderer.media_type,
        "encoding": "utf-8",
        "profile": "tabular-data-resource",
        "schema": {
            "fields": [
                {
                    "name": column,
                    "type": "number" if column.startswith("OBS_VALUE") else "string",
                    "description": SDMX_DESCRIPTIONS.get(column.split(": ")[0], "See the dataflow's attributes."),
                }
                for column in header
            ],
        },
        "alternates": [
            {
                "format": "jsonstat",
                "path": f"{url}?format=jsonstat",
                "mediatype": JSONStatRenderer.media_type,
                "title": "Kennzahlen (JSON-stat 2.0) / Metrics (JSON-stat 2.0)",
            }
        ],
    }
