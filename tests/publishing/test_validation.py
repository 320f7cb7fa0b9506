"""Rule 2: a bad write is a 400 naming the field (or a 409), and writes nothing."""

from unittest import mock

import pytest
from django.db import IntegrityError

from locations.models import Location, Source
from metrics.models import BudgetCategory, Observation, RefugeeBreakdown, RefugeeCaseload
from publishing.models import Change
from tests.publishing.test_editors import NEW_OBSERVATION

# "caseload" is set to the fixture caseload's id in each test.
BREAKDOWN = {"caseload": None, "dimension": "age_group", "group": "50+", "count": 10, "derived": False}
CATEGORY = {"fiscal_year": 2017, "code": "rent", "name_de": "Mieten", "name_en": "Rents", "amount": 1,
            "qualifier": "exact", "source_quote": "Test sentence."}  # fmt: skip


def snapshot() -> tuple:
    return (
        list(Observation.objects.values_list("pk", "value")),
        list(RefugeeBreakdown.objects.values_list("pk", "count", "share_percent")),
        list(BudgetCategory.objects.values_list("pk", "parent_id", "budget_id")),
        list(Location.objects.values_list("pk", "municipality_code", "municipality_code_source")),
        Change.objects.count(),
    )


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("post", "/api/v1/refugees/breakdowns/", {**BREAKDOWN, "count": -1}, "count"),
        ("patch", "/api/v1/refugees/breakdowns/{breakdown}/", {"count": -5}, "count"),
        ("post", "/api/v1/refugees/breakdowns/", {**BREAKDOWN, "count": None, "share_percent": 100.5}, "share_percent"),
        ("patch", "/api/v1/refugees/breakdowns/{breakdown}/", {"share_percent": 101}, "share_percent"),
        ("patch", "/api/v1/refugees/breakdowns/{breakdown}/", {"share_percent": -1}, "share_percent"),
        ("patch", "/api/v1/refugees/{caseload}/", {"total": -1}, "total"),
        ("post", "/api/v1/metrics/", {**NEW_OBSERVATION, "indicator": "no_such_indicator"}, "indicator"),
        ("post", "/api/v1/metrics/", {**NEW_OBSERVATION, "area": "99999"}, "area"),
        ("post", "/api/v1/metrics/", {**NEW_OBSERVATION, "source": "nowhere"}, "source"),
        ("post", "/api/v1/metrics/", {**NEW_OBSERVATION, "period_end": "2018-02-30"}, "period_end"),
        ("patch", "/api/v1/metrics/{rate}/", {"period_start": "2017-13-01"}, "period_start"),
        ("patch", "/api/v1/metrics/{rate}/", {"period_end": "2001-12-31"}, "period_end"),
        ("patch", "/api/v1/metrics/{rate}/", {"value": -1}, "value"),
        ("patch", "/api/v1/metrics/{rate}/", {"value": "many"}, "value"),
        ("patch", "/api/v1/metrics/{rate}/", {"qualifier": "roughly"}, "qualifier"),
        ("post", "/api/v1/metrics/", {k: v for k, v in NEW_OBSERVATION.items() if k != "value_kind"}, "value_kind"),
        ("patch", "/api/v1/metrics/{rate}/", {"value_kind": "current"}, "value_kind"),
        ("patch", "/api/v1/metrics/{rate}/", {"value_kind": None}, "value_kind"),
        ("patch", "/api/v1/metrics/{rate}/", {"value_kind": "change"}, "value_kind"),
        ("patch", "/api/v1/locations/mayen/", {"municipality_code_source": None}, "municipality_code_source"),
        ("patch", "/api/v1/locations/mayen/", {"municipality_code": None}, "municipality_code"),
        ("patch", "/api/v1/locations/mayen/", {"municipality_code_source": "nowhere"}, "municipality_code_source"),
        ("patch", "/api/v1/locations/weissenthurm/", {"municipality_code": "07137001"}, "municipality_code_source"),
        ("post", "/api/v1/budgets/categories/", {**CATEGORY, "amount": -1}, "amount"),
        ("post", "/api/v1/budgets/categories/", {**CATEGORY, "parent": "no_such_category"}, "parent"),
        ("post", "/api/v1/budgets/categories/", {**CATEGORY, "fiscal_year": 1990}, "fiscal_year"),
        ("patch", "/api/v1/budgets/2017/", {"total": -1}, "total"),
        ("patch", "/api/v1/locations/mayen/", {"latitude": 91}, "latitude"),
        ("patch", "/api/v1/locations/mayen/", {"email": "not-an-address"}, "email"),
        ("patch", "/api/v1/sources/kvmyk-pd-380-2017/", {"published": "17.5.2017"}, "published"),
        ("patch", "/api/v1/sources/kvmyk-pd-380-2017/", {"id": "renamed"}, "id"),
        ("patch", "/api/v1/locations/mayen/", {"slug": "renamed"}, "slug"),
    ],
)
def test_bad_value_is_400_naming_the_field_and_writes_nothing(editor, ids, method, path, body, field):
    if "caseload" in body:
        body = {**body, "caseload": ids["caseload"]}
    before = snapshot()
    response = getattr(editor, method)(path.format(**ids), body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert snapshot() == before


def test_duplicate_observation_is_409_naming_the_key_and_writes_nothing(editor, launched):
    """A valid body whose key another record has conflicts with the data, it is not malformed."""
    existing = Observation.objects.get(indicator="staff", area="07137")
    duplicate = {**NEW_OBSERVATION, "period_start": str(existing.period_start), "period_end": str(existing.period_end)}
    before = snapshot()
    response = editor.post("/api/v1/metrics/", duplicate, format="json")
    assert response.status_code == 409
    assert "indicator, area, period_start, period_end, source" in response.json()["detail"]
    assert snapshot() == before


BUDGET = {"fiscal_year": 2017, "total": 1, "source": "kvmyk-pd-380-2017", "source_quote": "Test sentence."}
SOURCE = {"id": "kvmyk-pd-380-2017", "title": "T", "publisher": "P", "published": None}


@pytest.mark.parametrize(
    ("path", "body", "key"),
    [
        ("/api/v1/budgets/", BUDGET, "fiscal year"),
        ("/api/v1/sources/", SOURCE, "id"),
        ("/api/v1/budgets/categories/", {**CATEGORY, "code": "passive_benefits"}, "fiscal_year, code"),
        ("/api/v1/refugees/breakdowns/", {**BREAKDOWN, "group": "15-50"}, "caseload, dimension, group"),
    ],
)
def test_clash_with_a_unique_key_is_409_json_and_writes_nothing(editor, ids, path, body, key):
    if "caseload" in body:
        body = {**body, "caseload": ids["caseload"]}
    before = snapshot(), Source.objects.count()
    response = editor.post(path, body, format="json")
    assert response.status_code == 409, response.content
    assert response["Content-Type"].startswith("application/json")
    assert key in response.json()["detail"] and response.json()["detail"].endswith("Nothing was written.")
    assert (snapshot(), Source.objects.count()) == before


def test_second_undated_caseload_of_a_year_and_source_is_409(editor, ids):
    """The partial unique constraint (reference_date null) answers like the others."""
    caseload = RefugeeCaseload.objects.get()
    RefugeeCaseload.objects.filter(pk=caseload.pk).update(reference_date=None)
    body = {"year": caseload.year, "reference_date": None, "total": 1, "source": caseload.source_id,
            "source_quote": "Test sentence."}  # fmt: skip
    response = editor.post("/api/v1/refugees/", body, format="json")
    assert response.status_code == 409, response.content
    assert RefugeeCaseload.objects.count() == 1


def test_model_level_clash_is_409_too(editor, ids):
    """Without DRF's validators the model's own full_clean() finds the clash: the same 409."""
    caseload = RefugeeCaseload.objects.get()
    RefugeeCaseload.objects.filter(pk=caseload.pk).update(reference_date=None)
    body = {"year": caseload.year, "reference_date": None, "total": 1, "source": caseload.source_id,
            "source_quote": "Test sentence."}  # fmt: skip
    with mock.patch("rest_framework.validators.UniqueTogetherValidator.__call__", return_value=None):
        response = editor.post("/api/v1/refugees/", body, format="json")
    assert response.status_code == 409, response.content
    assert "undated caseload" in response.json()["detail"]
    assert RefugeeCaseload.objects.count() == 1


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/v1/metrics/{rate}/", {"note": 0}, "note"),
        ("/api/v1/metrics/{rate}/", {"derived": "yes"}, "derived"),
        ("/api/v1/metrics/{rate}/", {"value": "3.3"}, "value"),
        ("/api/v1/metrics/{rate}/", {"value": True}, "value"),
        ("/api/v1/metrics/{rate}/", {"source": 0}, "source"),
        ("/api/v1/refugees/{caseload}/", {"year": "2017"}, "year"),
        ("/api/v1/refugees/{caseload}/", {"reference_date": 20170101}, "reference_date"),
        ("/api/v1/refugees/breakdowns/{breakdown}/", {"caseload": "1"}, "caseload"),
        ("/api/v1/budgets/categories/{category}/", {"fiscal_year": "2017"}, "fiscal_year"),
        ("/api/v1/locations/mayen/", {"services": ["Beratung", 1]}, "services"),
        ("/api/v1/locations/mayen/", {"services": "Beratung"}, "services"),
        ("/api/v1/sources/kvmyk-pd-380-2017/", {"title": ["T"]}, "title"),
    ],
)
def test_body_field_of_another_json_type_is_400_not_coerced(editor, ids, path, body, field):
    """DRF would store `"note": 0` as "0": a body breaking the schema's types is refused instead."""
    before = snapshot(), list(Source.objects.values_list("title", flat=True))
    response = editor.patch(path.format(**ids), body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert (snapshot(), list(Source.objects.values_list("title", flat=True))) == before


def test_list_item_of_another_type_is_named_by_index(editor, launched):
    response = editor.patch("/api/v1/locations/mayen/", {"services": ["Beratung", 1]}, format="json")
    assert response.json() == {"services": {"1": ["Expected a string."]}}


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/v1/metrics/{rate}/", {"value": 3.33333}, "value"),
        ("/api/v1/metrics/{rate}/", {"value": 1e11}, "value"),
        ("/api/v1/budgets/2017/", {"total": 80000000.001}, "total"),
        ("/api/v1/locations/mayen/", {"latitude": 50.1234567}, "latitude"),
        ("/api/v1/metrics/{rate}/", {"period_start": "1899-12-31"}, "period_start"),
        ("/api/v1/metrics/{rate}/", {"period_end": "2101-01-01"}, "period_end"),
        ("/api/v1/refugees/{caseload}/", {"reference_date": "1899-01-01"}, "reference_date"),
        ("/api/v1/locations/mayen/", {"name": "\u001e\u3000 "}, "name"),
    ],
)
def test_value_outside_the_schemas_bounds_is_400(editor, ids, path, body, field):
    """The schema states decimal places (multipleOf), magnitudes and date ranges; the API holds to them."""
    response = editor.patch(path.format(**ids), body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()


def test_category_whose_parent_is_in_another_year_is_400_naming_parent(editor, launched):
    response = editor.post("/api/v1/budgets/", {
        "fiscal_year": 2018, "total": 1000, "currency": "EUR", "qualifier": "exact",
        "source": "kvmyk-pd-380-2017", "source_quote": "Test sentence.",
    }, format="json")  # fmt: skip
    assert response.status_code == 201, response.content
    before = snapshot()
    # Moving a child category to 2018 leaves its parent in 2017.
    child = editor.post("/api/v1/budgets/categories/", {**CATEGORY, "parent": "passive_benefits"}, format="json")
    assert child.status_code == 201
    before = snapshot()
    response = editor.patch(f"/api/v1/budgets/categories/{child.json()['id']}/", {"fiscal_year": 2018}, format="json")
    assert response.status_code == 400
    assert "parent" in response.json()
    assert snapshot() == before
    # Naming a parent that exists only in another year is the same error.
    response = editor.post("/api/v1/budgets/categories/", {**CATEGORY, "fiscal_year": 2018, "parent": "integration"},
                           format="json")  # fmt: skip
    assert response.status_code == 400 and "parent" in response.json()


def test_category_inside_itself_is_400_naming_parent(editor, ids):
    before = snapshot()
    response = editor.patch(
        f"/api/v1/budgets/categories/{ids['category']}/", {"parent": "passive_benefits"}, format="json"
    )
    assert response.status_code == 400 and "parent" in response.json()
    assert snapshot() == before


def test_breakdown_without_count_and_share_is_400(editor, ids):
    before = snapshot()
    body = {**BREAKDOWN, "caseload": ids["caseload"], "count": None}
    response = editor.post("/api/v1/refugees/breakdowns/", body, format="json")
    assert response.status_code == 400
    assert response.json()["non_field_errors"]
    assert snapshot() == before


@pytest.mark.parametrize("body", ["[1, 2]", "not json", '{"value": '])
def test_malformed_body_is_400_json(editor, ids, body):
    response = editor.generic("PATCH", "/api/v1/metrics/{rate}/".format(**ids), body, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")


def test_deleting_a_source_that_figures_cite_is_409_and_deletes_nothing(editor, launched):
    before = snapshot()
    response = editor.delete("/api/v1/sources/kvmyk-pd-380-2017/")
    assert response.status_code == 409
    assert "observations" in response.json()["detail"]
    assert Source.objects.filter(pk="kvmyk-pd-380-2017").exists()
    assert snapshot() == before


def test_integrity_error_of_a_race_is_409_json_not_500(editor, launched):
    """Another request writes the same observation between our validation and our insert."""
    existing = Observation.objects.get(indicator="staff", area="07137")
    duplicate = {**NEW_OBSERVATION, "period_start": str(existing.period_start), "period_end": str(existing.period_end)}
    before = snapshot()
    with (
        mock.patch("rest_framework.validators.UniqueTogetherValidator.__call__", return_value=None),
        mock.patch.object(Observation, "validate_unique", return_value=None),
        mock.patch.object(Observation, "validate_constraints", return_value=None),
    ):
        response = editor.post("/api/v1/metrics/", duplicate, format="json")
    assert response.status_code == 409
    assert response.json() == {"detail": "The record conflicts with another published record; nothing was written."}
    assert snapshot() == before


def test_integrity_error_is_an_integrity_error_without_the_checks(launched):
    """The database constraint itself holds, so the 409 above is not an artefact of the mocks."""
    existing = Observation.objects.get(indicator="staff", area="07137")
    existing.pk = None
    with pytest.raises(IntegrityError):
        existing.save()


def test_largest_amount_reads_back_exactly_on_every_database(editor, launched):
    """15 significant digits: SQLite's doubles hold them, so the budget still reads (it was a 500 with 18)."""
    response = editor.patch("/api/v1/budgets/2017/", {"total": 9999999999999.99}, format="json")
    assert response.status_code == 200, response.content
    assert editor.get("/api/v1/budgets/2017/").json()["total"] == 9999999999999.99
    assert editor.get("/api/v1/budgets/categories/").status_code == 200
