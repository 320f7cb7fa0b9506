import pytest

from tests import endpoints


@pytest.mark.parametrize("name", endpoints.names(json=True))
def test_every_endpoint_answers_json(api, published, name):
    response = api.get(endpoints.path(name))
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
