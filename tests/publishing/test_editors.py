"""Rule 1: reads are open; writes need a token (401) of an editor (403)."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from metrics.models import Observation
from tests import endpoints

NEW_OBSERVATION = {
    "indicator": "staff",
    "area": "07137",
    "period_start": "2018-01-01",
    "period_end": "2018-12-31",
    "value": 230,
    "qualifier": "exact",
    "value_kind": "point_in_time",
    "derived": False,
    "source": "kvmyk-pd-380-2017",
    "source_quote": "Test sentence.",
    "note": "",
}

#: (method, URL name) of every write on every published resource (tests/endpoints.py).
WRITES = endpoints.writes()


def test_every_published_resource_takes_writes():
    assert {name for _, name in WRITES} >= {"observation-list", "source-detail", "budget-category-detail"}
    assert len(WRITES) >= 7 * 4


@pytest.mark.parametrize(("method", "name"), WRITES)
def test_anonymous_write_is_401_with_token_challenge(api, ids, method, name):
    response = getattr(api, method)(endpoints.path(name), {}, format="json")
    assert response.status_code == 401, response.content
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "Authentication credentials were not provided."}


@pytest.mark.parametrize(("method", "name"), WRITES)
def test_write_by_a_user_who_is_not_an_editor_is_403(reader, ids, method, name):
    response = getattr(reader, method)(endpoints.path(name), {}, format="json")
    assert response.status_code == 403, response.content
    assert "detail" in response.json()


def test_a_wrong_token_is_401(launched):
    before = Observation.objects.count()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert client.post("/api/v1/metrics/", NEW_OBSERVATION, format="json").status_code == 401
    assert Observation.objects.count() == before


def test_reads_need_no_token_even_with_write_routes(api, ids):
    assert api.get("/api/v1/metrics/{rate}/".format(**ids)).status_code == 200
    assert api.get("/api/v1/refugees/breakdowns/{breakdown}/".format(**ids)).status_code == 200
    assert api.get("/api/v1/budgets/categories/{category}/".format(**ids)).status_code == 200


def test_editor_publishes_an_observation(editor, launched):
    response = editor.post("/api/v1/metrics/", NEW_OBSERVATION, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["year"] == 2018 and body["granularity"] == "year" and body["unit"] == "persons"
    assert Observation.objects.get(pk=body["id"]).value == 230


def test_editor_replaces_an_observation_with_put(editor, ids):
    response = editor.put(f"/api/v1/metrics/{ids['rate']}/", {
        **NEW_OBSERVATION, "indicator": "unemployment_rate", "period_start": "2017-01-01", "period_end": "2017-12-31",
        "value": 3.4,
    }, format="json")  # fmt: skip
    assert response.status_code == 200, response.content
    assert Observation.objects.get(pk=ids["rate"]).value == Decimal("3.4")
    incomplete = editor.put(f"/api/v1/metrics/{ids['rate']}/", {"value": 3.5}, format="json")
    assert incomplete.status_code == 400 and "indicator" in incomplete.json()


def test_derived_and_read_only_fields_in_a_write_are_ignored(editor, launched):
    response = editor.post(
        "/api/v1/metrics/", {**NEW_OBSERVATION, "year": 1999, "unit": "EUR", "id": 999}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["year"] == 2018 and response.json()["unit"] == "persons"
    assert response.json()["id"] != 999


def test_editor_corrects_deletes_and_adds_every_resource(editor, ids):
    assert editor.patch("/api/v1/locations/mayen/", {"postal_code": "56727"}, format="json").status_code == 200
    assert (
        editor.patch("/api/v1/refugees/{caseload}/".format(**ids), {"note": "corrected"}, format="json").status_code
        == 200
    )
    assert (
        editor.patch(
            "/api/v1/refugees/breakdowns/{breakdown}/".format(**ids), {"share_percent": 61.5}, format="json"
        ).status_code
        == 200
    )
    assert editor.patch("/api/v1/budgets/2017/", {"note": "corrected"}, format="json").status_code == 200
    category = {"fiscal_year": 2017, "code": "rent", "parent": "passive_benefits", "name_de": "Mieten",
                "name_en": "Rents", "amount": 1, "qualifier": "exact", "source_quote": "Test sentence."}  # fmt: skip
    response = editor.post("/api/v1/budgets/categories/", category, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["parent"] == "passive_benefits" and response.json()["fiscal_year"] == 2017
    assert editor.patch("/api/v1/sources/kvmyk-pd-380-2017/", {"license": None}, format="json").status_code == 200
    assert editor.delete("/api/v1/metrics/{rate}/".format(**ids)).status_code == 204
    assert editor.delete(f"/api/v1/budgets/categories/{response.json()['id']}/").status_code == 204
    assert editor.get("/api/v1/locations/mayen/").json()["postal_code"] == "56727"
    assert editor.get("/api/v1/refugees/").json()["results"][0]["breakdowns"][0]["share_percent"] == 61.5


def test_create_editor_prints_a_working_token_last(launched, capsys):
    call_command("create_editor", "newsroom")
    token = capsys.readouterr().out.split()[-1]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.post("/api/v1/metrics/", NEW_OBSERVATION, format="json").status_code == 201


def test_create_editor_twice_keeps_the_token(db, capsys):
    call_command("create_editor", "newsroom")
    first = capsys.readouterr().out.split()[-1]
    call_command("create_editor", "newsroom")
    assert capsys.readouterr().out.split()[-1] == first


def test_editors_group_holds_the_publishing_permissions(db):
    from django.contrib.auth.models import Group

    codenames = set(Group.objects.get(name="editors").permissions.values_list("codename", flat=True))
    for model in ["observation", "location", "refugeecaseload", "refugeebreakdown", "budget", "budgetcategory",
                  "source"]:  # fmt: skip
        assert {f"add_{model}", f"change_{model}", f"delete_{model}"} <= codenames
