"""Assertions shared by the API tests: the error shapes of DESIGN.md."""

from django.http import HttpResponse


def assert_json(response: HttpResponse, status: int) -> object:
    """The response has this status and a JSON body, and that body."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"].split(";")[0] == "application/json", response["Content-Type"]
    return response.json()


def assert_bad_parameter(response: HttpResponse, name: str) -> list[str]:
    """A 400 in DRF's shape, `{name: ["message", ...]}`, naming only the parameter at fault."""
    body = assert_json(response, 400)
    assert isinstance(body, dict), body
    assert list(body) == [name], body
    messages = body[name]
    assert isinstance(messages, list) and messages, body
    assert all(isinstance(message, str) and message for message in messages), body
    return messages


def assert_not_found(response: HttpResponse) -> None:
    """A 404 with a JSON `{"detail": "..."}` body."""
    body = assert_json(response, 404)
    assert set(body) == {"detail"}, body
    assert isinstance(body["detail"], str) and body["detail"], body


def results(response: HttpResponse) -> list[dict]:
    """The rows of a paginated 200 list response."""
    body = assert_json(response, 200)
    assert set(body) == {"count", "next", "previous", "results"}, body
    assert len(body["results"]) <= body["count"], body
    return body["results"]
