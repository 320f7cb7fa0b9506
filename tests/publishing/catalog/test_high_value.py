"""High-value data sets (Implementing Regulation (EU) 2023/138) in the catalogue: flags, the API as a DataService."""

from rdflib import RDF, URIRef
from rdflib.namespace import DCAT, DCTERMS

from publishing.catalog.dcat import DCATAP
from tests.publishing.catalog.test_catalog import catalog_graph, dataset, shacl

ELI = URIRef("http://data.europa.eu/eli/reg_impl/2023/138/oj")
STATISTICS = URIRef("http://data.europa.eu/bna/c_e1da4e07")


def test_only_the_labour_market_figures_are_flagged_high_value(api, published):
    graph = catalog_graph(api)
    flagged = {slug for slug in ("metrics", "locations", "refugees", "budgets")
               if (dataset(graph, slug), DCATAP.applicableLegislation, ELI) in graph}  # fmt: skip
    assert flagged == {"metrics"}
    assert (dataset(graph, "metrics"), DCATAP.hvdCategory, STATISTICS) in graph


def test_the_api_of_a_high_value_data_set_is_a_data_service(api, published):
    graph = catalog_graph(api)
    metrics = dataset(graph, "metrics")
    [service] = graph.subjects(RDF.type, DCAT.DataService)
    assert graph.value(service, DCAT.endpointURL) == URIRef("http://testserver/api/v1/")
    assert graph.value(service, DCAT.endpointDescription) == URIRef("http://testserver/api/schema/")
    assert (service, DCAT.servesDataset, metrics) in graph
    assert (service, DCATAP.applicableLegislation, ELI) in graph
    assert (service, DCATAP.hvdCategory, STATISTICS) in graph
    [api_distribution] = [d for d in graph.objects(metrics, DCAT.distribution) if graph.value(d, DCAT.accessService)]
    assert graph.value(api_distribution, DCAT.accessService) == service
    for distribution in graph.objects(metrics, DCAT.distribution):
        assert (distribution, DCATAP.applicableLegislation, ELI) in graph
    assert api.get("/api/schema/").status_code == 200


def test_metrics_offer_json_stat_and_sdmx_csv_conforming_to_the_dataflow(api, published):
    graph = catalog_graph(api)
    urls = {str(graph.value(d, DCAT.accessURL)): d for d in graph.objects(dataset(graph, "metrics"), DCAT.distribution)}
    for query in ("jsonstat", "sdmx-csv"):
        distribution = urls[f"http://testserver/api/v1/metrics/?format={query}"]
        assert graph.value(distribution, DCTERMS.conformsTo) == URIRef("http://testserver/api/v1/sdmx/dataflow/")


def test_shapes_catch_a_high_value_data_set_without_category_or_service(api, published):
    graph = catalog_graph(api)
    assert shacl(graph)[0]
    broken = catalog_graph(api)
    broken.remove((dataset(broken, "metrics"), DCATAP.hvdCategory, None))
    conforms, text = shacl(broken, allow_warnings=True)
    assert not conforms and "hvdCategory" in text
    broken = catalog_graph(api)
    broken.remove((None, DCAT.accessService, None))
    conforms, text = shacl(broken, allow_warnings=True)
    assert not conforms and "DataService" in text
