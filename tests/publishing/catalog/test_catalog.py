"""The DCAT-AP.de catalogue: what a portal's harvester reads from /api/v1/catalog."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, FOAF, XSD

from locations.models import Area, Source
from metrics.models import Indicator, Observation
from publishing.catalog.datasets import DATASETS as SPECS
from publishing.catalog.dcat import DCATAP, DCATDE, VCARD
from publishing.models import Resource
from tests.publishing.catalog.rdf import (
    DATASETS,
    DISTRICT,
    EU,
    LEVEL,
    LICENSE,
    catalog_graph,
    cited_sources,
    dataset,
    date_time,
    languages,
    shacl,
)
from tests.publishing.conftest import LAUNCH


def test_turtle_and_jsonld_parse_to_the_same_graph(api, published):
    turtle = catalog_graph(api, "/api/v1/catalog.ttl", "turtle")
    jsonld = catalog_graph(api, "/api/v1/catalog.jsonld", "json-ld")
    assert len(turtle) > 100
    assert isomorphic(turtle, jsonld)


def test_one_catalog_with_one_dataset_per_data_set(api, launched):
    graph = catalog_graph(api)
    [catalog] = graph.subjects(RDF.type, DCAT.Catalog)
    datasets = set(graph.objects(catalog, DCAT.dataset))
    assert datasets == {dataset(graph, slug) for slug in DATASETS}
    assert languages(graph, catalog, DCTERMS.title) == {"de", "en"}
    assert (catalog, DCAT.themeTaxonomy, URIRef(f"{EU}data-theme")) in graph
    assert (catalog, DCTERMS.license, LICENSE) in graph
    assert graph.value(catalog, DCTERMS.modified) == date_time(LAUNCH)


@pytest.mark.parametrize("slug", DATASETS)
def test_every_dataset_carries_the_dcat_ap_de_properties(api, launched, settings, slug):
    graph = catalog_graph(api)
    node = dataset(graph, slug)
    for predicate in (DCTERMS.title, DCTERMS.description, DCAT.keyword):
        assert languages(graph, node, predicate) == {"de", "en"}, predicate

    publisher = graph.value(node, DCTERMS.publisher)
    assert {FOAF.Agent, FOAF.Organization} <= set(graph.objects(publisher, RDF.type))
    assert str(graph.value(publisher, FOAF.name)) == "Kreisverwaltung Mayen-Koblenz"
    assert graph.value(publisher, DCTERMS.type) == URIRef("http://purl.org/adms/publishertype/LocalAuthority")

    contact = graph.value(node, DCAT.contactPoint)
    assert (contact, RDF.type, VCARD.Organization) in graph
    assert graph.value(contact, VCARD.hasURL) == URIRef(settings.CATALOG_CONTACT_URL)

    assert graph.value(node, DCATDE.politicalGeocodingURI) == DISTRICT
    assert graph.value(node, DCATDE.politicalGeocodingLevelURI) == LEVEL
    assert graph.value(node, DCTERMS.spatial) == DISTRICT
    assert graph.value(node, DCATDE.contributorID) == URIRef(settings.CATALOG_CONTRIBUTOR_ID)
    themes = set(graph.objects(node, DCAT.theme))
    assert themes and all(str(theme).startswith(f"{EU}data-theme/") for theme in themes)
    assert graph.value(node, DCTERMS.modified) == date_time(LAUNCH)
    assert set(graph.objects(node, DCTERMS.source)) == {URIRef(s["url"]) for s in cited_sources(slug) if s["url"]}

    period = graph.value(node, DCTERMS.temporal)
    assert (period, RDF.type, DCTERMS.PeriodOfTime) in graph
    assert graph.value(period, DCAT.startDate).datatype == XSD.date
    assert graph.value(period, DCAT.endDate).datatype == XSD.date


def test_every_logged_resource_belongs_to_a_data_set():
    """A new resource in the change log has to move some data set's dct:modified (sources: the citing ones)."""
    covered = {resource for spec in SPECS for resource in spec.resources}
    assert covered == set(Resource.values) - {Resource.SOURCES}


@pytest.mark.parametrize(
    ("slug", "formats"),
    [
        ("metrics", {"JSON", "CSV", "XLSX"}),
        ("locations", {"JSON", "CSV", "XLSX", "GEOJSON"}),
        ("refugees", {"JSON", "CSV", "XLSX"}),
        ("budgets", {"JSON", "CSV", "XLSX"}),
    ],
)
def test_a_distribution_per_format_with_license_and_attribution(api, published, settings, slug, formats):
    graph = catalog_graph(api)
    distributions = list(graph.objects(dataset(graph, slug), DCAT.distribution))
    file_types = {str(graph.value(d, DCTERMS.format)).rsplit("/", 1)[1] for d in distributions}
    assert file_types == formats
    for distribution in distributions:
        access_url = str(graph.value(distribution, DCAT.accessURL))
        assert access_url.startswith("http://testserver/api/v1/")
        if graph.value(distribution, DCAT.accessService) is None:
            assert graph.value(distribution, DCAT.downloadURL) == URIRef(access_url)
        else:  # the API of a high-value data set: reached through its dcat:DataService
            assert graph.value(distribution, DCAT.downloadURL) is None
        file_type = str(graph.value(distribution, DCTERMS.format)).rsplit("/", 1)[1]
        if file_type != "JSON":
            suffixes = (f"?format={file_type.lower()}", "?format=csv-de", "?format=sdmx-csv")
            assert access_url.endswith(suffixes)
        media_type = graph.value(distribution, DCAT.mediaType)  # none for JSON-stat, SDMX-CSV: not registered
        assert media_type is None or str(media_type).startswith("https://www.iana.org/assignments/media-types/")
        assert graph.value(distribution, DCTERMS.license) == LICENSE
        assert str(graph.value(distribution, DCATDE.licenseAttributionByText)) == settings.PUBLISHER
        assert languages(graph, distribution, DCTERMS.title) == {"de", "en"}
        assert (distribution, DCATAP.availability, URIRef(f"{EU}planned-availability/STABLE")) in graph


def test_json_distributions_answer_with_json(api, published):
    graph = catalog_graph(api)
    json_type = URIRef(f"{EU}file-type/JSON")
    urls = [graph.value(d, DCAT.accessURL) for d in graph.subjects(DCTERMS.format, json_type)]
    assert len(urls) == 10  # 8 lists, the metrics as JSON-stat, the API of the high-value metrics
    for url in urls:
        response = api.get(str(url).removeprefix("http://testserver"))
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("application/json")


def test_contact_and_contributor_come_from_settings(api, published, settings):
    settings.CATALOG_CONTACT_EMAIL = "opendata@example.org"
    settings.CATALOG_CONTACT_URL = ""
    settings.CATALOG_CONTRIBUTOR_ID = "http://dcat-ap.de/def/contributors/govData"
    graph = catalog_graph(api)
    node = dataset(graph, "metrics")
    contact = graph.value(node, DCAT.contactPoint)
    assert graph.value(contact, VCARD.hasEmail) == URIRef("mailto:opendata@example.org")
    assert graph.value(contact, VCARD.hasURL) is None
    assert graph.value(node, DCATDE.contributorID) == URIRef("http://dcat-ap.de/def/contributors/govData")
    assert shacl(graph)[0]


def test_metrics_keywords_name_the_indicators(api, published):
    graph = catalog_graph(api)
    keywords = set(graph.objects(dataset(graph, "metrics"), DCAT.keyword))
    assert Literal("Arbeitslosenquote", lang="de") in keywords
    assert Literal("Unemployment rate", lang="en") in keywords


def test_catalog_conforms_to_our_dcat_ap_de_shapes_without_warnings(api, published):
    conforms, text = shacl(catalog_graph(api))
    assert conforms, text


def test_shapes_catch_a_distribution_without_license(api, published):
    graph = catalog_graph(api)
    distribution = next(graph.subjects(RDF.type, DCAT.Distribution))
    graph.remove((distribution, DCTERMS.license, None))
    conforms, text = shacl(graph)
    assert not conforms
    assert "license" in text


def test_shapes_catch_a_contact_point_without_email_or_url(api, published):
    graph = catalog_graph(api)
    graph.remove((None, VCARD.hasURL, None))
    conforms, text = shacl(graph)
    assert not conforms
    assert "Konvention 1" in text


def test_shapes_catch_a_dataset_without_english_title(api, published):
    graph = catalog_graph(api)
    node = dataset(graph, "budgets")
    graph.remove((node, DCTERMS.title, Literal("Budget of the Jobcenter Mayen-Koblenz", lang="en")))
    conforms, text = shacl(graph)
    assert not conforms
    assert "English title" in text


@pytest.mark.parametrize(
    ("accept", "content_type", "rdf_format"),
    [
        ("text/turtle", "text/turtle", "turtle"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/ld+json;q=0.9, text/turtle;q=0.5", "application/ld+json", "json-ld"),
        ("*/*", "text/turtle", "turtle"),
    ],
)
def test_catalog_negotiates_on_accept(api, db, accept, content_type, rdf_format):
    response = api.get("/api/v1/catalog", HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert "Accept" in response["Vary"]
    assert response["Content-Type"] == f"{content_type}; charset=utf-8"
    assert len(Graph().parse(data=response.content, format=rdf_format)) > 100


@pytest.mark.parametrize(
    ("path", "accept"),
    [
        ("/api/v1/catalog", "application/json"),
        ("/api/v1/catalog", "text/csv"),
        ("/api/v1/catalog.ttl", "application/ld+json"),
        ("/api/v1/catalog.jsonld", "text/turtle"),
    ],
)
def test_an_unacceptable_accept_is_a_json_406(api, db, path, accept):
    response = api.get(path, HTTP_ACCEPT=accept)
    assert response.status_code == 406
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


@pytest.mark.parametrize(
    ("path", "content_type"),
    [("/api/v1/catalog.ttl", "text/turtle"), ("/api/v1/catalog.jsonld", "application/ld+json")],
)
def test_suffix_urls_serve_one_representation(api, db, path, content_type):
    response = api.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == f"{content_type}; charset=utf-8"


@pytest.mark.parametrize("path", ["/api/v1/catalog", "/api/v1/catalog.ttl", "/api/v1/catalog.jsonld"])
def test_unknown_query_parameter_is_a_json_400(api, db, path):
    response = api.get(path, {"dataset": "metrics"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "dataset" in response.json()


def test_unknown_format_is_a_400_naming_format(api, db):
    response = api.get("/api/v1/catalog", {"format": "csv"})
    assert response.status_code == 400
    assert "format" in response.json()


def test_format_parameter_picks_jsonld(api, db):
    response = api.get("/api/v1/catalog", {"format": "jsonld"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")


def test_options_answers_json(api, db):
    response = api.options("/api/v1/catalog.ttl")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_catalog_of_an_empty_database_is_still_valid_rdf(api, db):
    graph = catalog_graph(api)
    assert len(set(graph.subjects(RDF.type, DCAT.Dataset))) == 4


def test_catalog_query_count_does_not_grow_with_the_data(api, published):
    with CaptureQueriesContext(connection) as few:
        catalog_graph(api)
    source, area = Source.objects.get(id="kvmyk-pd-380-2017"), Area.objects.get(code="07137")
    for year in range(1990, 2000):
        Observation.objects.create(
            indicator=Indicator.objects.get(code="staff"),
            area=area,
            period_start=dt.date(year, 1, 1),
            period_end=dt.date(year, 12, 31),
            value=year,
            source=source,
            source_quote="test",
        )
    with CaptureQueriesContext(connection) as many:
        catalog_graph(api)
    assert len(many) == len(few)


@pytest.mark.parametrize(
    ("query", "accept", "content_type"),
    [
        ("format=jsonld", "text/turtle;q=1, application/ld+json;q=0.1", "application/ld+json"),
        ("format=ttl", "*/*", "text/turtle"),
    ],
)
def test_format_wins_over_the_accept_headers_preference(api, db, query, accept, content_type):
    response = api.get(f"/api/v1/catalog?{query}", HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"] == f"{content_type}; charset=utf-8"


def test_an_empty_format_is_a_400_naming_format(api, db):
    response = api.get("/api/v1/catalog?format=", HTTP_ACCEPT="application/ld+json")
    assert response.status_code == 400
    assert list(response.json()) == ["format"]
