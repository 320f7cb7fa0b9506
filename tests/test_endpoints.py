"""The endpoint registry (tests/endpoints.py) covers the URL conf: a new route is walked by every test that walks."""

import pytest
from django.urls import get_resolver, resolve, reverse

from tests import endpoints


def test_the_registry_holds_every_named_route_of_the_url_conf():
    """Every route Django can reverse by name, but the admin's and the JSON 404 behind /api/."""
    named = {name for name in get_resolver().reverse_dict if isinstance(name, str)}
    assert named - endpoints.NOT_WALKED_NAMES == set(endpoints.BY_NAME)
    assert len(endpoints.ENDPOINTS) == len(list(endpoints.url_conf())), "a route without a name or without GET"


def test_a_route_reads_as_the_schema_writes_it():
    routes = {endpoint.route: endpoint.unnamed_path for endpoint in endpoints.ENDPOINTS}
    assert routes["api/v1/^metrics/(?P<pk>[0-9]+)/$"] == "/api/v1/metrics/{}/"
    assert routes["api/v1/^budgets/(?P<fiscal_year>[0-9]{4})/$"] == "/api/v1/budgets/{}/"
    assert routes["api/v1/^locations/(?P<slug>[^/.]+)/$"] == "/api/v1/locations/{}/"
    assert routes["api/v1/indicators/<slug:code>/series/"] == "/api/v1/indicators/{}/series/"


def test_the_registry_tells_lists_details_and_formats_apart():
    assert "observation-list" in endpoints.names(action="list")
    assert "observation-detail" in endpoints.names(action="retrieve")
    assert "catalog-ttl" in endpoints.names(api=True, json=False)
    assert "healthz" in endpoints.names(api=False, json=True)
    assert "change-list" not in endpoints.names(as_of=True)


@pytest.mark.parametrize("name", endpoints.names())
def test_every_endpoint_has_a_path_that_resolves_to_it_and_answers(client, published, name):
    path = endpoints.path(name)
    assert resolve(path.partition("?")[0]).url_name == name
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code, response.content[:300])


def test_every_list_has_a_query_count():
    """CONVENTIONS.md: every list endpoint has a query-count test, N queries for 3 rows and for many."""
    from tests.jobcenter_api.readpath.test_query_counts import MAKERS, QUERY_COUNTS

    lists = {reverse(name) for name in endpoints.names(action="list")}
    assert lists <= set(QUERY_COUNTS), lists - set(QUERY_COUNTS)
    assert set(QUERY_COUNTS) == set(MAKERS)
