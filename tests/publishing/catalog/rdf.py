"""What the catalogue tests share: the RDF vocabulary, reading the graph, and what the fixtures should give."""

import datetime as dt
from pathlib import Path

import pyshacl
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCAT, XSD

from tests.conftest import fixture_documents
from tests.publishing.conftest import LAUNCH

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
