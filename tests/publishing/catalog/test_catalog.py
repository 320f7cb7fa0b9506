"""The DCAT-AP.de catalogue: what a portal's harvester reads from /api/v1/catalog."""

import datetime as dt
from pathlib import Path

import pyshacl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, FOAF, XSD
from rest_framework.test import APIClient

from dataversion.models import DataVersion
from dataversion.services import current_version
from locations.models import Area, Source
from metrics.models import Indicator, Observation
from publishing.catalog.datasets import DATASETS as SPECS
from publishing.catalog.dcat import DCATAP, DCATDE, VCARD
from publishing.models import Change, Resource
from publishing.services import create_editor
from tests.conftest import fixture_documents, import_fixtures
from tests.publishing.conftest import LAUNCH, on_day

SHAPES = Path(__file__).resolve().parents[3] / "publishing" / "catalog" / "shapes.ttl"
EU = "http://publications.europa.eu/resource/authority/"
LICENSE = URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0")
DISTRICT = URIRef("http://dcat-ap.de/def/politicalGeocoding/districtKey/07137")
LEVEL = URIRef("http://dcat-ap.de/def/politicalGeocoding/Level/administrativeDistrict")
DATASETS = ("metrics", "locations", "refugees", "budgets")
# The fixture records each data set is made of, as the import files name them.
RECORDS = {
    "metrics": ("observations",),
    "locations": ("locations", "location_facts"),
    "refugees": ("refugee_caseloads",),
    "budgets": ("budgets",),
}


def fixture_records(kind: str) -> list[dict]:
    return [record for _name, document in fixture_documents() for record in document.get(kind, [])]


def cited_sources(slug: str) -> list[dict]:
    """The fixture sources that the data set's records cite, read from the files, not the database."""
    cited = {record["source"] for kind in RECORDS[slug] for record in fixture_records(kind)}
    return [source for source in fixture_records("sources") if source["id"] in cited]


def date_time(moment: dt.datetime) -> Literal:
    """A dct:modified as the catalogue writes it: xsd:dateTime in Europe/Berlin, like /api/v1/changes/."""
    return Literal(moment.astimezone(LAUNCH.tzinfo).isoformat(), datatype=XSD.dateTime)


@pytest.fixture
def launched(db):
    """The fixtures, loaded (and so in the change log) on LAUNCH."""
    with time_machine.travel(LAUNCH, tick=False):
        return import_fixtures()


@pytest.fixture
def editor(db) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {create_editor(username='editor')[1]}")
    return client


def year_bounds(years: list[int]) -> tuple[dt.date, dt.date]:
    return dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)


def expected_period(slug: str) -> tuple[dt.date, dt.date]:
    if slug == "metrics":
        observations = fixture_records("observations")
        starts = [dt.date.fromisoformat(o["period_start"]) for o in observations]
        return min(starts), max(dt.date.fromisoformat(o["period_end"]) for o in observations)
    if slug == "refugees":
        return year_bounds([caseload["year"] for caseload in fixture_records("refugee_caseloads")])
    if slug == "budgets":
        return year_bounds([budget["fiscal_year"] for budget in fixture_records("budgets")])
    # Sites: the facts' periods and the years of the sources that name the sites.
    facts = fixture_records("location_facts")
    naming = {site["source"] for site in fixture_records("locations")}
    years = [int(s["published"][:4]) for s in fixture_records("sources") if s["id"] in naming and s["published"]]
    starts = [dt.date.fromisoformat(f["period_start"]) for f in facts] + [dt.date(min(years), 1, 1)]
    ends = [dt.date.fromisoformat(f["period_end"]) for f in facts] + [dt.date(max(years), 12, 31)]
    return min(starts), max(ends)


def catalog_graph(api, path="/api/v1/catalog.ttl", rdf_format="turtle") -> Graph:
    response = api.get(path)
    assert response.status_code == 200, response.content
    return Graph().parse(data=response.content, format=rdf_format)


def dataset(graph: Graph, slug: str) -> URIRef:
    [node] = [d for d in graph.subjects(RDF.type, DCAT.Dataset) if str(d).endswith(f"#dataset-{slug}")]
    return node


def languages(graph: Graph, subject, predicate) -> set[str]:
    return {value.language for value in graph.objects(subject, predicate) if isinstance(value, Literal)}


def shacl(graph: Graph, allow_warnings: bool = False) -> tuple[bool, str]:
    shapes = Graph().parse(SHAPES)
    conforms, _report, text = pyshacl.validate(graph, shacl_graph=shapes, allow_warnings=allow_warnings)
    return conforms, text


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


@pytest.mark.parametrize("slug", DATASETS)
def test_temporal_coverage_comes_from_the_data(api, published, slug):
    graph = catalog_graph(api)
    period = graph.value(dataset(graph, slug), DCTERMS.temporal)
    start, end = expected_period(slug)
    assert graph.value(period, DCAT.startDate).toPython() == start
    assert graph.value(period, DCAT.endDate).toPython() == end


def test_the_press_release_alone_gives_2017_for_refugees_and_budgets(api, published):
    graph = catalog_graph(api)
    for slug in ("refugees", "budgets"):
        period = graph.value(dataset(graph, slug), DCTERMS.temporal)
        assert graph.value(period, DCAT.startDate).toPython() == dt.date(2017, 1, 1)
        assert graph.value(period, DCAT.endDate).toPython() == dt.date(2017, 12, 31)


def test_temporal_coverage_follows_new_observations(api, published):
    Observation.objects.create(
        indicator=Indicator.objects.get(code="staff"),
        area=Area.objects.get(code="07137"),
        period_start=dt.date(2099, 1, 1),
        period_end=dt.date(2099, 12, 31),
        value=1,
        source=Source.objects.get(id="kvmyk-pd-380-2017"),
        source_quote="test",
    )
    graph = catalog_graph(api)
    period = graph.value(dataset(graph, "metrics"), DCTERMS.temporal)
    assert graph.value(period, DCAT.endDate).toPython() == dt.date(2099, 12, 31)


def modified(graph: Graph) -> dict[str, Literal]:
    """dct:modified of each data set, and of each of its distributions (which must agree)."""
    found = {}
    for slug in DATASETS:
        node = dataset(graph, slug)
        found[slug] = graph.value(node, DCTERMS.modified)
        for distribution in graph.objects(node, DCAT.distribution):
            assert graph.value(distribution, DCTERMS.modified) == found[slug], distribution
    return found


def test_a_write_through_the_api_moves_that_data_sets_modified_only(api, editor, launched):
    with on_day(12):
        response = editor.patch("/api/v1/budgets/2017/", {"note": "corrected"}, format="json")
    assert response.status_code == 200, response.content
    graph = catalog_graph(api)
    day_12 = date_time(dt.datetime(2026, 1, 12, 12, 0, tzinfo=LAUNCH.tzinfo))
    unchanged = {slug: date_time(LAUNCH) for slug in ("metrics", "locations", "refugees")}
    assert modified(graph) == {**unchanged, "budgets": day_12}
    [catalog] = graph.subjects(RDF.type, DCAT.Catalog)
    assert graph.value(catalog, DCTERMS.modified) == day_12
    assert graph.value(catalog, DCTERMS.modified).datatype == XSD.dateTime
    assert shacl(graph)[0]


def test_a_deletion_moves_the_data_sets_modified(api, editor, launched):
    with on_day(13):
        assert editor.delete("/api/v1/locations/bendorf/").status_code == 204
    changed = modified(catalog_graph(api))
    assert changed["locations"] == date_time(dt.datetime(2026, 1, 13, 12, 0, tzinfo=LAUNCH.tzinfo))
    assert changed["metrics"] == date_time(LAUNCH)


def test_an_edited_source_moves_the_data_sets_that_cite_it(api, editor, launched):
    source = Source.objects.filter(observations__isnull=False, budgets__isnull=True).first()
    citing = {slug for slug in DATASETS if source.id in {s["id"] for s in cited_sources(slug)}}
    assert "metrics" in citing and "budgets" not in citing
    with on_day(14):
        response = editor.patch(
            f"/api/v1/sources/{source.id}/", {"title": f"{source.title} (corrected)"}, format="json"
        )
    assert response.status_code == 200, response.content
    day_14 = date_time(dt.datetime(2026, 1, 14, 12, 0, tzinfo=LAUNCH.tzinfo))
    changed = modified(catalog_graph(api))
    assert changed == {slug: day_14 if slug in citing else date_time(LAUNCH) for slug in DATASETS}


def test_without_log_entries_modified_is_the_last_write(api, launched):
    """Rows the log never saw (a bulk load, data older than the log): the data version's time, never earlier."""
    Change.objects.all().delete()
    graph = catalog_graph(api)
    last_write = date_time(current_version().changed_at)
    assert set(modified(graph).values()) == {last_write}
    assert shacl(graph)[0]


def test_an_empty_database_gives_the_time_it_was_set_up(api, db):
    graph = catalog_graph(api)
    assert set(modified(graph).values()) == {date_time(current_version().changed_at)}


def test_no_modified_without_a_data_version(api, db):
    """Never a made-up date: without the version row (a flushed table) the catalogue says nothing."""
    DataVersion.objects.all().delete()
    graph = catalog_graph(api)
    assert set(modified(graph).values()) == {None}
    # A distribution's dct:modified is recommended: its absence is a warning, not a violation.
    assert not shacl(graph)[0]
    assert shacl(graph, allow_warnings=True)[0]


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
