import pytest


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/",
        "/api/v1/indicators/",
        "/api/v1/indicators/unemployment_rate/",
        "/api/v1/indicators/unemployment_rate/series/",
        "/api/v1/areas/",
        "/api/v1/metrics/",
        "/api/v1/years/",
        "/api/v1/years/2017/",
        "/api/v1/locations/",
        "/api/v1/locations/bendorf/",
        "/api/v1/refugees/",
        "/api/v1/refugees/breakdowns/",
        "/api/v1/budgets/",
        "/api/v1/budgets/2017/",
        "/api/v1/budgets/categories/",
        "/api/v1/sources/",
        "/healthz",
        "/readyz",
    ],
)
def test_every_endpoint_answers_json(api, published, path):
    response = api.get(path)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
