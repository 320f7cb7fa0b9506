"""The publication policy: written down in German and English, served, and linked from the root and the catalogue."""

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, FOAF, RDF

from tests.assertions import assert_bad_parameter, assert_json

POLICY = "/api/v1/publication-policy/"


def test_the_policy_is_served_as_markdown_in_both_languages(db, api):
    response = api.get(POLICY)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    text = response.content.decode("utf-8")
    assert "## Deutsch" in text and "## English" in text
    assert "Sperrfrist" in text and "Embargo" in text


@pytest.mark.parametrize(
    "promise",
    ["/api/v1/releases/calendar.ics", "Europe/Berlin", "?preview=true", "/api/v1/metrics/{id}/revisions/",
     "provisional", "`Deprecation`", "`Sunset`"],
)  # fmt: skip
def test_the_policy_states_each_promise_in_both_languages(db, api, promise):
    german, _, english = api.get(POLICY).content.decode("utf-8").partition("## English")
    assert promise in german.partition("## Deutsch")[2]
    assert promise in english


def test_the_policy_answers_a_conditional_get(db, api):
    first = api.get(POLICY)
    assert api.get(POLICY, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_the_policy_takes_no_parameters(db, api):
    assert_bad_parameter(api.get(f"{POLICY}?version=2"), "version")


def test_the_api_root_links_the_policy_and_the_calendar(db, api):
    body = assert_json(api.get("/api/v1/"), 200)
    assert body["publication_policy"] == f"http://testserver{POLICY}"
    assert body["collections"]["releases"] == "http://testserver/api/v1/releases/"
    assert body["collections"]["release_calendar"] == "http://testserver/api/v1/releases/calendar.ics"
    assert api.get(body["publication_policy"]).status_code == 200


def test_every_dataset_of_the_catalogue_links_the_policy(api, published):
    graph = Graph().parse(data=api.get("/api/v1/catalog.ttl").content, format="turtle")
    datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
    assert datasets
    policy = URIRef(f"http://testserver{POLICY}")
    assert {dataset for dataset in datasets if (dataset, FOAF.page, policy) in graph} == datasets
