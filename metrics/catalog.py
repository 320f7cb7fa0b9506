"""Our data sets described once, for portals (DCAT-AP.de) and data tools (Frictionless).

`DATASETS` names each data set and the list endpoints that deliver it;
`build_catalog` turns them into one rdflib graph: a dcat:Catalog with a
dcat:Dataset per data set and a dcat:Distribution per endpoint and format.
Vocabularies and property names follow DCAT-AP.de 3.0 (dcatde:, dcatap:).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max, Min
from django.urls import reverse
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, SKOS, XSD
from rest_framework import serializers

from locations.api.serializers import AreaSerializer, LocationSerializer, SourceSerializer
from locations.models import Source
from metrics.api.serializers import (
    BudgetCategoryFlatSerializer,
    BudgetSerializer,
    IndicatorSerializer,
    ObservationSerializer,
    RefugeeBreakdownFlatSerializer,
    RefugeeCaseloadSerializer,
)
from metrics.models import Budget, Indicator, Observation, RefugeeCaseload

DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
DCATAP = Namespace("http://data.europa.eu/r5r/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
DATA_THEME = Namespace(f"{EU}data-theme/")
FILE_TYPE = Namespace(f"{EU}file-type/")
LANGUAGE = Namespace(f"{EU}language/")
AVAILABILITY = Namespace(f"{EU}planned-availability/")
FREQUENCY = Namespace(f"{EU}frequency/")
ACCESS_RIGHT = Namespace(f"{EU}access-right/")
PUBLISHER_TYPE = Namespace("http://purl.org/adms/publishertype/")
IANA_MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"

PREFIXES = {
    "dcat": DCAT,
    "dct": DCTERMS,
    "dcatde": DCATDE,
    "dcatap": DCATAP,
    "foaf": FOAF,
    "vcard": VCARD,
    "skos": SKOS,
    "xsd": XSD,
}

PUBLISHER_NAME = "Kreisverwaltung Mayen-Koblenz"
DISTRICT_KEY = "07137"
POLITICAL_GEOCODING = URIRef(f"http://dcat-ap.de/def/politicalGeocoding/districtKey/{DISTRICT_KEY}")
POLITICAL_GEOCODING_LEVEL = URIRef("http://dcat-ap.de/def/politicalGeocoding/Level/administrativeDistrict")
LICENSE = URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0")
LANGUAGES = ("de", "en")
Texts = dict[str, str]


@dataclass(frozen=True)
class Format:
    """A representation a list endpoint serves, with its EU file type and IANA media type."""

    key: str
    query: str | None
    file_type: str
    media_type: str
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
            {"de": "CSV für deutsches Excel (Semikolon, Dezimalkomma)", "en": "CSV for German Excel (semicolon)"},
        ),
        Format(
            "xlsx",
            "xlsx",
            "XLSX",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            {"de": "Excel (XLSX)", "en": "Excel (XLSX)"},
        ),
        Format("geojson", "geojson", "GEOJSON", "application/geo+json", {"de": "GeoJSON", "en": "GeoJSON"}),
    )
}
TABULAR_FORMATS = ("json", "csv", "csv-de", "xlsx")


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
        Table("metrics", "observation-list", ObservationSerializer, {"de": "Kennzahlen", "en": "Metrics"}, ("id",)),
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
    bounds = Observation.objects.aggregate(start=Min("period_start"), end=Max("period_end"))
    return (bounds["start"], bounds["end"]) if bounds["start"] else None


def refugees_period() -> Period:
    bounds = RefugeeCaseload.objects.aggregate(first=Min("year"), last=Max("year"))
    return _years(bounds["first"], bounds["last"])


def budgets_period() -> Period:
    """Fiscal years: a German public budget's fiscal year is the calendar year."""
    bounds = Budget.objects.aggregate(first=Min("fiscal_year"), last=Max("fiscal_year"))
    return _years(bounds["first"], bounds["last"])


def locations_period() -> Period:
    """Sites have no period of their own: they are as their sources state them, in the sources' years."""
    bounds = Source.objects.filter(locations__isnull=False).aggregate(first=Min("published"), last=Max("published"))
    if bounds["first"] is None:
        return None
    return _years(int(bounds["first"][:4]), int(bounds["last"][:4]))


@dataclass(frozen=True)
class DatasetSpec:
    """A data set as a portal lists it: texts in German and English, themes, its tables."""

    slug: str
    title: Texts
    description: Texts
    keywords: dict[str, tuple[str, ...]]
    themes: tuple[str, ...]
    tables: tuple[str, ...]
    period: Callable[[], Period]
    cited_by: str

    def sources(self) -> list[Source]:
        """The sources the data set's rows cite (`cited_by` is the reverse relation)."""
        return list(Source.objects.filter(**{f"{self.cited_by}__isnull": False}).distinct().order_by("id"))


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
        cited_by="observations",
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
        cited_by="locations",
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
        cited_by="refugee_caseloads",
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
        cited_by="budgets",
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


def publication_literal(published: str) -> Literal:
    """A source's date as precise as it is given: YYYY, YYYY-MM or YYYY-MM-DD."""
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(published), XSD.date)
    return Literal(published, datatype=datatype)


def dataset_modified(sources: list[Source]) -> Literal | None:
    """When the data set last changed.

    Until the change log lands (issue 4), the newest publication date among the
    sources its rows cite; then the newest change of its records.
    """
    dates = [source.published for source in sources]
    return publication_literal(max(dates)) if dates else None


def _texts(graph: Graph, subject: URIRef, predicate: URIRef, texts: Texts) -> None:
    for language in LANGUAGES:
        graph.add((subject, predicate, Literal(texts[language], lang=language)))


def _add_publisher(graph: Graph, node: URIRef) -> None:
    graph.add((node, RDF.type, FOAF.Agent))
    graph.add((node, RDF.type, FOAF.Organization))
    graph.add((node, FOAF.name, Literal(PUBLISHER_NAME, lang="de")))
    graph.add((node, DCTERMS.type, PUBLISHER_TYPE.LocalAuthority))


def _add_contact_point(graph: Graph) -> BNode:
    contact = BNode()
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(settings.CATALOG_CONTACT_NAME)))
    if settings.CATALOG_CONTACT_EMAIL:
        graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{settings.CATALOG_CONTACT_EMAIL}")))
    if settings.CATALOG_CONTACT_URL:
        graph.add((contact, VCARD.hasURL, URIRef(settings.CATALOG_CONTACT_URL)))
    return contact


def _add_period(graph: Graph, dataset: URIRef, period: Period) -> None:
    if period is None:
        return
    node = BNode()
    graph.add((dataset, DCTERMS.temporal, node))
    graph.add((node, RDF.type, DCTERMS.PeriodOfTime))
    graph.add((node, DCAT.startDate, Literal(period[0])))
    graph.add((node, DCAT.endDate, Literal(period[1])))


def _add_distribution(
    graph: Graph, node: URIRef, table: Table, format_key: str, absolute: Callable[[str], str], modified: Literal | None
) -> None:
    file_format = FORMATS[format_key]
    url = URIRef(table.url(absolute, format_key))
    media_type = URIRef(IANA_MEDIA_TYPE + file_format.media_type)
    graph.add((node, RDF.type, DCAT.Distribution))
    for language in LANGUAGES:
        title = f"{table.title[language]} ({file_format.label[language]})"
        graph.add((node, DCTERMS.title, Literal(title, lang=language)))
    graph.add((node, DCAT.accessURL, url))
    graph.add((node, DCAT.downloadURL, url))
    graph.add((node, DCTERMS.format, FILE_TYPE[file_format.file_type]))
    graph.add((FILE_TYPE[file_format.file_type], RDF.type, DCTERMS.MediaTypeOrExtent))
    graph.add((node, DCAT.mediaType, media_type))
    graph.add((media_type, RDF.type, DCTERMS.MediaType))
    graph.add((node, DCTERMS.license, LICENSE))
    graph.add((node, DCATDE.licenseAttributionByText, Literal(settings.PUBLISHER)))
    graph.add((node, DCATAP.availability, AVAILABILITY.STABLE))
    standard = "schema" if format_key == "json" else "datapackage"
    graph.add((node, DCTERMS.conformsTo, URIRef(absolute(reverse(standard)))))
    if modified is not None:
        graph.add((node, DCTERMS.modified, modified))


def _add_dataset(
    graph: Graph, catalog: URIRef, spec: DatasetSpec, absolute: Callable[[str], str], context: dict
) -> Literal | None:
    dataset = URIRef(f"{catalog}#dataset-{spec.slug}")
    graph.add((catalog, DCAT.dataset, dataset))
    graph.add((dataset, RDF.type, DCAT.Dataset))
    graph.add((dataset, DCTERMS.identifier, Literal(str(dataset))))
    _texts(graph, dataset, DCTERMS.title, spec.title)
    _texts(graph, dataset, DCTERMS.description, spec.description)
    keywords = dict(spec.keywords)
    if spec.slug == "metrics":
        keywords = {lang: (*words, *context[f"indicators_{lang}"]) for lang, words in keywords.items()}
    for language in LANGUAGES:
        for keyword in keywords[language]:
            graph.add((dataset, DCAT.keyword, Literal(keyword, lang=language)))
    graph.add((dataset, DCTERMS.publisher, context["publisher"]))
    graph.add((dataset, DCAT.contactPoint, context["contact"]))
    graph.add((dataset, DCATDE.politicalGeocodingURI, POLITICAL_GEOCODING))
    graph.add((dataset, DCATDE.politicalGeocodingLevelURI, POLITICAL_GEOCODING_LEVEL))
    graph.add((dataset, DCTERMS.spatial, POLITICAL_GEOCODING))
    graph.add((dataset, DCATDE.contributorID, URIRef(settings.CATALOG_CONTRIBUTOR_ID)))
    for theme in spec.themes:
        graph.add((dataset, DCAT.theme, DATA_THEME[theme]))
    for language in ("DEU", "ENG"):
        graph.add((dataset, DCTERMS.language, LANGUAGE[language]))
    graph.add((dataset, DCTERMS.accessRights, ACCESS_RIGHT.PUBLIC))
    graph.add((dataset, DCTERMS.accrualPeriodicity, FREQUENCY.IRREG))
    graph.add((dataset, DCATAP.availability, AVAILABILITY.STABLE))
    graph.add((dataset, DCTERMS.license, LICENSE))
    graph.add((dataset, FOAF.page, URIRef(absolute(reverse("swagger-ui")))))
    _add_period(graph, dataset, spec.period())
    sources = spec.sources()
    for source in sources:
        if source.url:
            graph.add((dataset, DCTERMS.source, URIRef(source.url)))
    modified = dataset_modified(sources)
    if modified is not None:
        graph.add((dataset, DCTERMS.modified, modified))
    for table_name in spec.tables:
        table = TABLES[table_name]
        for format_key in table.formats:
            distribution = URIRef(f"{catalog}#distribution-{table.name}-{format_key}")
            graph.add((dataset, DCAT.distribution, distribution))
            _add_distribution(graph, distribution, table, format_key, absolute, modified)
    return modified


def build_catalog(absolute: Callable[[str], str]) -> Graph:
    """The whole catalogue; `absolute` turns a path into an absolute URL of this deployment."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    catalog = URIRef(absolute(reverse("catalog")))
    publisher = URIRef(f"{catalog}#publisher")
    graph.add((catalog, RDF.type, DCAT.Catalog))
    _texts(graph, catalog, DCTERMS.title, CATALOG_TEXTS["title"])
    _texts(graph, catalog, DCTERMS.description, CATALOG_TEXTS["description"])
    graph.add((catalog, DCTERMS.publisher, publisher))
    _add_publisher(graph, publisher)
    graph.add((catalog, FOAF.homepage, URIRef(absolute(reverse("api-root")))))
    graph.add((catalog, DCTERMS.license, LICENSE))
    graph.add((LICENSE, RDF.type, DCTERMS.LicenseDocument))
    graph.add((catalog, DCAT.themeTaxonomy, URIRef(f"{EU}data-theme")))
    graph.add((catalog, DCATAP.availability, AVAILABILITY.STABLE))
    graph.add((catalog, DCTERMS.spatial, POLITICAL_GEOCODING))
    graph.add((POLITICAL_GEOCODING, RDF.type, DCTERMS.Location))
    for language in ("DEU", "ENG"):
        graph.add((catalog, DCTERMS.language, LANGUAGE[language]))
    indicators = list(Indicator.objects.order_by("code").values_list("name_de", "name_en"))
    context = {
        "publisher": publisher,
        "contact": _add_contact_point(graph),
        "indicators_de": tuple(name_de for name_de, _ in indicators),
        "indicators_en": tuple(name_en for _, name_en in indicators),
    }
    modified = [m for spec in DATASETS if (m := _add_dataset(graph, catalog, spec, absolute, context)) is not None]
    if modified:
        graph.add((catalog, DCTERMS.modified, max(modified, key=str)))
    return graph
