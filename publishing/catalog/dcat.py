"""The DCAT-AP.de catalogue of our data sets, as one rdflib graph.

`build_catalog` turns `publishing.catalog.datasets.DATASETS` into a dcat:Catalog with a
dcat:Dataset per data set and a dcat:Distribution per endpoint and format.
Vocabularies and property names follow DCAT-AP.de 3.0 (dcatde:, dcatap:).
"""

import datetime as dt
from collections.abc import Callable, Mapping

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, SKOS, XSD

from dataversion.services import EPOCH, current_version
from jobcenter_api.downloads.statistical import CODES_ROUTE
from locations.models import Source
from publishing.catalog.datasets import CATALOG_TEXTS, DATASETS, FORMATS, TABLES, DatasetSpec, Period, Table, Texts

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
#: Implementing Regulation (EU) 2023/138 (high-value data sets) and its category "Statistics".
HVD_LEGISLATION = URIRef("http://data.europa.eu/eli/reg_impl/2023/138/oj")
HVD_STATISTICS = URIRef("http://data.europa.eu/bna/c_e1da4e07")
DATA_SERVICE_TITLE = {
    "de": "Open-Data-API des Jobcenters Mayen-Koblenz",
    "en": "Open data API of the Jobcenter Mayen-Koblenz",
}


# The change log's newest entries: `(resource, "")` per resource, `("sources", id)` per source.
NewestChanges = Mapping[tuple[str, str], dt.datetime]


def datetime_literal(moment: dt.datetime) -> Literal:
    """An xsd:dateTime in the API's time zone, as /api/v1/changes/ shows it."""
    return Literal(timezone.localtime(moment), datatype=XSD.dateTime)


def dataset_modified(spec: DatasetSpec, sources: list[Source], changes: NewestChanges) -> dt.datetime | None:
    """The newest change-log entry for the data set's records and the sources it cites.

    Where the log has none (rows written by a bulk load, which logs nothing, or before
    the log existed; an empty data set), the data version's time: the last write of any
    published data, or the database's creation. The data set cannot have changed since,
    so a harvester re-reads at most once too often and never misses a change.
    """
    keys = [(resource, "") for resource in spec.resources] + [("sources", source.id) for source in sources]
    logged = [changes[key] for key in keys if key in changes]
    if logged:
        return max(logged)
    version = current_version()
    return None if version.changed_at == EPOCH else version.changed_at


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
    graph.add((node, RDF.type, DCAT.Distribution))
    for language in LANGUAGES:
        title = f"{table.title[language]} ({file_format.label[language]})"
        graph.add((node, DCTERMS.title, Literal(title, lang=language)))
    graph.add((node, DCAT.accessURL, url))
    graph.add((node, DCAT.downloadURL, url))
    graph.add((node, DCTERMS.format, FILE_TYPE[file_format.file_type]))
    graph.add((FILE_TYPE[file_format.file_type], RDF.type, DCTERMS.MediaTypeOrExtent))
    if file_format.media_type is not None:
        media_type = URIRef(IANA_MEDIA_TYPE + file_format.media_type)
        graph.add((node, DCAT.mediaType, media_type))
        graph.add((media_type, RDF.type, DCTERMS.MediaType))
    graph.add((node, DCTERMS.license, LICENSE))
    graph.add((node, DCATDE.licenseAttributionByText, Literal(settings.PUBLISHER)))
    graph.add((node, DCATAP.availability, AVAILABILITY.STABLE))
    standard = {"json": "schema", "csv": "datapackage", "sdmx-csv": CODES_ROUTE, "jsonstat": CODES_ROUTE}.get(
        format_key
    )
    if standard is not None:
        graph.add((node, DCTERMS.conformsTo, URIRef(absolute(reverse(standard)))))
    if modified is not None:
        graph.add((node, DCTERMS.modified, modified))


def _add_dataset(
    graph: Graph,
    catalog: URIRef,
    spec: DatasetSpec,
    absolute: Callable[[str], str],
    agents: tuple[URIRef, BNode],
    changes: NewestChanges,
) -> dt.datetime | None:
    """One dcat:Dataset with its distributions; returns its dct:modified."""
    publisher, contact = agents
    dataset = URIRef(f"{catalog}#dataset-{spec.slug}")
    graph.add((catalog, DCAT.dataset, dataset))
    graph.add((dataset, RDF.type, DCAT.Dataset))
    graph.add((dataset, DCTERMS.identifier, Literal(str(dataset))))
    _texts(graph, dataset, DCTERMS.title, spec.title)
    _texts(graph, dataset, DCTERMS.description, spec.description)
    keywords = spec.all_keywords()
    for language in LANGUAGES:
        for keyword in keywords[language]:
            graph.add((dataset, DCAT.keyword, Literal(keyword, lang=language)))
    graph.add((dataset, DCTERMS.publisher, publisher))
    graph.add((dataset, DCAT.contactPoint, contact))
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
    graph.add((dataset, FOAF.page, URIRef(absolute(reverse("swagger-ui")))))
    # When its figures appear, the embargo, revisions and the API's stability promise.
    graph.add((dataset, FOAF.page, URIRef(absolute(reverse("publication-policy")))))
    _add_period(graph, dataset, spec.period())
    sources = spec.sources()
    for source in sources:
        if source.url:
            graph.add((dataset, DCTERMS.source, URIRef(source.url)))
    modified = dataset_modified(spec, sources, changes)
    literal = None if modified is None else datetime_literal(modified)
    if literal is not None:
        graph.add((dataset, DCTERMS.modified, literal))
    for table_name in spec.tables:
        table = TABLES[table_name]
        for format_key in table.formats:
            distribution = URIRef(f"{catalog}#distribution-{table.name}-{format_key}")
            graph.add((dataset, DCAT.distribution, distribution))
            _add_distribution(graph, distribution, table, format_key, absolute, literal)
            if spec.high_value:
                graph.add((distribution, DCATAP.applicableLegislation, HVD_LEGISLATION))
    if spec.high_value:
        _add_high_value(graph, catalog, dataset, spec, absolute, literal)
    return modified


def _add_high_value(
    graph: Graph,
    catalog: URIRef,
    dataset: URIRef,
    spec: DatasetSpec,
    absolute: Callable[[str], str],
    modified: Literal | None,
) -> None:
    """DCAT-AP HVD: the regulation and category on the data set, and the API as a dcat:DataService serving it."""
    service = URIRef(f"{catalog}#data-service")
    for subject in (dataset, service):
        graph.add((subject, DCATAP.applicableLegislation, HVD_LEGISLATION))
        graph.add((subject, DCATAP.hvdCategory, HVD_STATISTICS))
    graph.add((HVD_LEGISLATION, RDF.type, URIRef("http://data.europa.eu/eli/ontology#LegalResource")))
    graph.add((catalog, DCAT.service, service))
    graph.add((service, RDF.type, DCAT.DataService))
    _texts(graph, service, DCTERMS.title, DATA_SERVICE_TITLE)
    graph.add((service, DCAT.endpointURL, URIRef(absolute(reverse("api-root")))))
    graph.add((service, DCAT.endpointDescription, URIRef(absolute(reverse("schema")))))
    graph.add((service, DCAT.servesDataset, dataset))
    graph.add((service, DCTERMS.license, LICENSE))
    graph.add((service, DCTERMS.accessRights, ACCESS_RIGHT.PUBLIC))
    graph.add((service, FOAF.page, URIRef(absolute(reverse("swagger-ui")))))
    graph.add((service, DCAT.contactPoint, next(graph.objects(dataset, DCAT.contactPoint))))
    graph.add((service, DCTERMS.publisher, next(graph.objects(dataset, DCTERMS.publisher))))
    # The API itself as the data set's distribution: reached through the service, not downloaded.
    distribution = URIRef(f"{catalog}#distribution-{spec.slug}-api")
    graph.add((dataset, DCAT.distribution, distribution))
    graph.add((distribution, RDF.type, DCAT.Distribution))
    for language in LANGUAGES:
        graph.add((distribution, DCTERMS.title, Literal(f"{DATA_SERVICE_TITLE[language]} (REST, JSON)", lang=language)))
    graph.add((distribution, DCAT.accessURL, URIRef(absolute(reverse("api-root")))))
    graph.add((distribution, DCAT.accessService, service))
    graph.add((distribution, DCTERMS.format, FILE_TYPE.JSON))
    graph.add((distribution, DCTERMS.license, LICENSE))
    graph.add((distribution, DCATDE.licenseAttributionByText, Literal(settings.PUBLISHER)))
    graph.add((distribution, DCATAP.availability, AVAILABILITY.STABLE))
    graph.add((distribution, DCATAP.applicableLegislation, HVD_LEGISLATION))
    graph.add((distribution, DCTERMS.conformsTo, URIRef(absolute(reverse("schema")))))
    if modified is not None:
        graph.add((distribution, DCTERMS.modified, modified))


def build_catalog(absolute: Callable[[str], str], changes: NewestChanges) -> Graph:
    """The whole catalogue; `absolute` turns a path into an absolute URL of this deployment.

    `changes` is the change log's newest entries (`Change.objects.newest_by_resource()`),
    read once by the view for every data set.
    """
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
    agents = (publisher, _add_contact_point(graph))
    modified = [
        moment
        for spec in DATASETS
        if (moment := _add_dataset(graph, catalog, spec, absolute, agents, changes)) is not None
    ]
    if modified:
        graph.add((catalog, DCTERMS.modified, datetime_literal(max(modified))))
    return graph
