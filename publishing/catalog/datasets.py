"""Our data sets, once: the tables (list endpoints) and formats each is published in.

The DCAT-AP.de catalogue (`publishing.catalog.dcat`) and the Frictionless data package
(`publishing.catalog.datapackage`) are both generated from these definitions.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Max, Min, Q
from django.urls import reverse
from rest_framework import serializers

from jobcenter_api.readpath.embargo import public
from locations.api.serializers import AreaSerializer, LocationSerializer, SourceSerializer
from locations.models import LocationFact, Source
from metrics.api.serializers import (
    BudgetCategoryFlatSerializer,
    BudgetSerializer,
    IndicatorSerializer,
    ObservationSerializer,
    RefugeeBreakdownFlatSerializer,
    RefugeeCaseloadSerializer,
)
from metrics.models import Budget, Indicator, Observation, RefugeeCaseload

Texts = dict[str, str]


@dataclass(frozen=True)
class Format:
    """A representation a list endpoint serves, with its EU file type and IANA media type."""

    key: str
    query: str | None
    file_type: str
    media_type: str | None
    label: Texts


FORMATS = {
    f.key: f
    for f in (
        Format("json", None, "JSON", "application/json", {"de": "JSON", "en": "JSON"}),
        Format("csv", "csv", "CSV", "text/csv", {"de": "CSV", "en": "CSV"}),
        Format(
            "csv-de",
            "csv-de",
            "CSV",
            "text/csv",
            {
                "de": "CSV für deutsches Excel (Semikolon, Dezimalkomma)",
                "en": "CSV for German Excel (semicolon, decimal comma)",
            },
        ),
        Format(
            "xlsx",
            "xlsx",
            "XLSX",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            {"de": "Excel (XLSX)", "en": "Excel (XLSX)"},
        ),
        Format("geojson", "geojson", "GEOJSON", "application/geo+json", {"de": "GeoJSON", "en": "GeoJSON"}),
        # Neither has an IANA registration nor an entry of its own in the EU file types: JSON and CSV.
        Format("jsonstat", "jsonstat", "JSON", None, {"de": "JSON-stat 2.0", "en": "JSON-stat 2.0"}),
        Format("sdmx-csv", "sdmx-csv", "CSV", None, {"de": "SDMX-CSV 2.0", "en": "SDMX-CSV 2.0"}),
    )
}
TABULAR_FORMATS = ("json", "csv", "csv-de", "xlsx")
#: The statisticians' formats of the observations (jobcenter_api.downloads.jsonstat, .sdmx).
STATISTICAL_FORMATS = ("jsonstat", "sdmx-csv")


@dataclass(frozen=True)
class Table:
    """One list endpoint: a table in every format, a resource of the data package."""

    name: str
    route: str
    serializer: type[serializers.Serializer]
    title: Texts
    primary_key: tuple[str, ...]
    formats: tuple[str, ...] = TABULAR_FORMATS

    def url(self, absolute: Callable[[str], str], format_key: str = "json") -> str:
        query = FORMATS[format_key].query
        return absolute(reverse(self.route)) + (f"?format={query}" if query else "")


TABLES = {
    t.name: t
    for t in (
        Table(
            "metrics",
            "observation-list",
            ObservationSerializer,
            {"de": "Kennzahlen", "en": "Metrics"},
            ("id",),
            (*TABULAR_FORMATS, *STATISTICAL_FORMATS),
        ),
        Table(
            "indicators", "indicator-list", IndicatorSerializer, {"de": "Indikatoren", "en": "Indicators"}, ("code",)
        ),
        Table("areas", "area-list", AreaSerializer, {"de": "Gebiete", "en": "Areas"}, ("code",)),
        Table("sources", "source-list", SourceSerializer, {"de": "Quellen", "en": "Sources"}, ("id",)),
        Table(
            "locations",
            "location-list",
            LocationSerializer,
            {"de": "Standorte", "en": "Locations"},
            ("slug",),
            (*TABULAR_FORMATS, "geojson"),
        ),
        Table(
            "refugees",
            "refugee-caseload-list",
            RefugeeCaseloadSerializer,
            {"de": "Betreute Geflüchtete", "en": "Refugee caseload"},
            ("id",),
        ),
        Table(
            "refugee-breakdowns",
            "refugee-breakdown-list",
            RefugeeBreakdownFlatSerializer,
            {"de": "Betreute Geflüchtete nach Gruppen", "en": "Refugee caseload by group"},
            ("id",),
        ),
        Table("budgets", "budget-list", BudgetSerializer, {"de": "Budgets", "en": "Budgets"}, ("fiscal_year",)),
        Table(
            "budget-categories",
            "budget-category-list",
            BudgetCategoryFlatSerializer,
            {"de": "Budgetkategorien", "en": "Budget categories"},
            ("id",),
        ),
    )
}

Period = tuple[dt.date, dt.date] | None


def _years(first: int | None, last: int | None) -> Period:
    if first is None or last is None:
        return None
    return dt.date(first, 1, 1), dt.date(last, 12, 31)


def metrics_period() -> Period:
    bounds = public(Observation.objects.all()).aggregate(start=Min("period_start"), end=Max("period_end"))
    return (bounds["start"], bounds["end"]) if bounds["start"] else None


def refugees_period() -> Period:
    bounds = public(RefugeeCaseload.objects.all()).aggregate(first=Min("year"), last=Max("year"))
    return _years(bounds["first"], bounds["last"])


def budgets_period() -> Period:
    """Fiscal years: a German public budget's fiscal year is the calendar year."""
    bounds = public(Budget.objects.all()).aggregate(first=Min("fiscal_year"), last=Max("fiscal_year"))
    return _years(bounds["first"], bounds["last"])


def locations_period() -> Period:
    """Sites as their sources describe them: the facts' periods and the years of the sources naming the sites."""
    facts = LocationFact.objects.aggregate(start=Min("period_start"), end=Max("period_end"))
    named = Source.objects.filter(locations__isnull=False, published__isnull=False).aggregate(
        first=Min("published"), last=Max("published")
    )
    periods = [
        period
        for period in (
            (facts["start"], facts["end"]) if facts["start"] else None,
            _years(int(named["first"][:4]), int(named["last"][:4])) if named["first"] else None,
        )
        if period is not None
    ]
    if not periods:
        return None
    return min(start for start, _ in periods), max(end for _, end in periods)


Keywords = dict[str, tuple[str, ...]]


def indicator_names() -> Keywords:
    names = list(Indicator.objects.order_by("code").values_list("name_de", "name_en"))
    return {"de": tuple(de for de, _ in names), "en": tuple(en for _, en in names)}


@dataclass(frozen=True)
class DatasetSpec:
    """A data set as a portal lists it: texts in German and English, themes, its tables."""

    slug: str
    title: Texts
    description: Texts
    keywords: Keywords
    themes: tuple[str, ...]
    tables: tuple[str, ...]
    period: Callable[[], Period]
    cited_by: tuple[str, ...]
    # The change log's resources (API paths) whose records the data set's tables show.
    resources: tuple[str, ...]
    keywords_from_data: Callable[[], Keywords] | None = None
    #: Falls under Implementing Regulation (EU) 2023/138 (high-value data sets), category statistics.
    high_value: bool = False

    def sources(self) -> list[Source]:
        """The sources the data set's rows cite (`cited_by` names the reverse relations)."""
        cited = Q()
        for relation in self.cited_by:
            cited |= Q(**{f"{relation}__isnull": False})
        return list(Source.objects.filter(cited).distinct().order_by("id"))

    def all_keywords(self) -> Keywords:
        """The fixed keywords, plus those the data adds (e.g. the indicators' names)."""
        extra = self.keywords_from_data() if self.keywords_from_data else {}
        return {language: (*words, *extra.get(language, ())) for language, words in self.keywords.items()}


DATASETS = (
    DatasetSpec(
        slug="metrics",
        title={
            "de": "Kennzahlen des Jobcenters Mayen-Koblenz",
            "en": "Key figures of the Jobcenter Mayen-Koblenz",
        },
        description={
            "de": (
                "Arbeitslosenquote, Integrationen in Arbeit, Veränderung der Zahl der Langzeitleistungsbeziehenden "
                "im Vergleich mit Rheinland-Pfalz und Deutschland sowie Personal des Jobcenters Mayen-Koblenz "
                "(Landkreis Mayen-Koblenz). Jede Zahl mit Zeitraum, Einschränkung (z. B. „rund“), Quelle und dem "
                "Satz, dem sie entnommen ist; dazu die Indikatoren mit Definition und die Gebiete."
            ),
            "en": (
                "Unemployment rate, integrations into work, the change in long-term benefit recipients compared "
                "with Rhineland-Palatinate and Germany, and the staff of the Jobcenter Mayen-Koblenz (district of "
                "Mayen-Koblenz). Every figure with its period, qualifier (e.g. 'approximately'), source and the "
                "sentence it was taken from; with the indicators' definitions and the areas."
            ),
        },
        keywords={
            "de": ("Arbeitsmarkt", "Arbeitslosigkeit", "Jobcenter", "SGB II", "Grundsicherung", "Mayen-Koblenz"),
            "en": ("labour market", "unemployment", "job centre", "basic income support", "Mayen-Koblenz"),
        },
        themes=("SOCI", "ECON"),
        tables=("metrics", "indicators", "areas"),
        period=metrics_period,
        cited_by=("observations",),
        resources=("metrics", "indicators", "areas"),
        keywords_from_data=indicator_names,
        # Labour market statistics (unemployment) of a NUTS 3 region, the Landkreis: annex, section 4.
        high_value=True,
    ),
    DatasetSpec(
        slug="locations",
        title={"de": "Standorte des Jobcenters Mayen-Koblenz", "en": "Sites of the Jobcenter Mayen-Koblenz"},
        description={
            "de": (
                "Die Standorte des Jobcenters Mayen-Koblenz mit Gemeindeschlüssel, soweit eine Quelle ihn nennt. "
                "Adressen, Koordinaten und Öffnungszeiten bleiben leer, bis eine Quelle sie angibt."
            ),
            "en": (
                "The sites of the Jobcenter Mayen-Koblenz with their municipality key where a source gives it. "
                "Addresses, coordinates and opening hours stay empty until a source states them."
            ),
        },
        keywords={
            "de": ("Jobcenter", "Standorte", "Verwaltung", "Mayen-Koblenz"),
            "en": ("job centre", "sites", "public administration", "Mayen-Koblenz"),
        },
        themes=("GOVE", "SOCI"),
        tables=("locations",),
        period=locations_period,
        cited_by=("locations", "location_facts"),
        resources=("locations", "locations/facts"),
    ),
    DatasetSpec(
        slug="refugees",
        title={
            "de": "Vom Jobcenter Mayen-Koblenz betreute Geflüchtete",
            "en": "Refugees in the care of the Jobcenter Mayen-Koblenz",
        },
        description={
            "de": (
                "Zahl der vom Jobcenter Mayen-Koblenz betreuten Geflüchteten mit Aufschlüsselungen "
                "(z. B. nach Altersgruppe); abgeleitete Werte sind gekennzeichnet und mit Formel erläutert."
            ),
            "en": (
                "The number of refugees in the care of the Jobcenter Mayen-Koblenz with breakdowns (e.g. by age "
                "group); derived values are marked and explained with their formula."
            ),
        },
        keywords={
            "de": ("Geflüchtete", "Flüchtlinge", "Integration", "Jobcenter", "Mayen-Koblenz"),
            "en": ("refugees", "integration", "job centre", "Mayen-Koblenz"),
        },
        themes=("SOCI",),
        tables=("refugees", "refugee-breakdowns"),
        period=refugees_period,
        cited_by=("refugee_caseloads",),
        resources=("refugees", "refugees/breakdowns"),
    ),
    DatasetSpec(
        slug="budgets",
        title={"de": "Budget des Jobcenters Mayen-Koblenz", "en": "Budget of the Jobcenter Mayen-Koblenz"},
        description={
            "de": (
                "Das Finanzvolumen des Jobcenters Mayen-Koblenz je Haushaltsjahr mit den genannten Kategorien "
                "(z. B. passive Leistungen, Eingliederung, Bildung und Teilhabe) in Euro; der nicht aufgeschlüsselte "
                "Rest ist als abgeleiteter Betrag ausgewiesen."
            ),
            "en": (
                "The Jobcenter Mayen-Koblenz's budget per fiscal year with the categories its sources name (e.g. "
                "passive benefits, integration, education and participation) in euros; the unitemized rest is "
                "shown as a derived amount."
            ),
        },
        keywords={
            "de": ("Haushalt", "Finanzen", "Budget", "Jobcenter", "Mayen-Koblenz"),
            "en": ("budget", "public finance", "job centre", "Mayen-Koblenz"),
        },
        themes=("GOVE", "ECON"),
        tables=("budgets", "budget-categories"),
        period=budgets_period,
        cited_by=("budgets",),
        resources=("budgets", "budgets/categories"),
    ),
)

CATALOG_TEXTS = {
    "title": {
        "de": "Offene Daten des Jobcenters Mayen-Koblenz",
        "en": "Open data of the Jobcenter Mayen-Koblenz",
    },
    "description": {
        "de": (
            "Kennzahlen, Standorte, betreute Geflüchtete und Budget des Jobcenters Mayen-Koblenz als offene Daten "
            "(Datenlizenz Deutschland – Namensnennung – Version 2.0), jede Zahl mit ihrer Quelle."
        ),
        "en": (
            "Key figures, sites, refugee caseload and budget of the Jobcenter Mayen-Koblenz as open data "
            "(Data licence Germany – attribution – version 2.0), every figure with its source."
        ),
    },
}
