"""`?release=` on the figures' lists, and the `release` an editor writes on a figure."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from metrics.models import Budget, RefugeeCaseload
from publishing.services import create_editor
from tests.assertions import assert_bad_parameter, assert_json, results
from tests.metrics.conftest import AFTER, BEFORE

STAFF_2019 = {
    "indicator": "staff", "area": "07137", "period_start": "2019-01-01", "period_end": "2019-12-31", "value": 231,
    "qualifier": "exact", "value_kind": "point_in_time", "derived": False, "source": "kvmyk-pd-380-2017",
    "source_quote": "Test sentence.", "note": "",
}  # fmt: skip
LISTS = ["/api/v1/metrics/", "/api/v1/refugees/", "/api/v1/budgets/"]


@pytest.fixture
def editor(db) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {create_editor(username='editor')[1]}")
    return client


@pytest.fixture
def released(release, editor) -> dict[str, int]:
    """One figure of each kind in the release, written before its moment (the observation by an editor)."""
    body = {**STAFF_2019, "release": release.pk}
    observation = assert_json(editor.post("/api/v1/metrics/", body, format="json"), 201)
    assert observation["release"] == release.pk
    source_id = "kvmyk-pd-380-2017"
    caseload = RefugeeCaseload.objects.create(
        year=2026, reference_date=dt.date(2026, 12, 31), total=10, source_id=source_id, release=release
    )
    budget = Budget.objects.create(fiscal_year=2026, total=100, source_id=source_id, source_quote="x", release=release)
    return {"/api/v1/metrics/": observation["id"], "/api/v1/refugees/": caseload.pk, "/api/v1/budgets/": budget.pk}


@pytest.mark.parametrize("path", LISTS)
def test_the_release_filter_shows_its_figures_once_published(released, release, api, clock, path):
    assert results(api.get(f"{path}?release={release.pk}")) == [], "nothing before the moment"
    clock.move_to(AFTER)
    (row,) = results(api.get(f"{path}?release={release.pk}"))
    assert row["release"] == release.pk
    assert len(results(api.get(path))) > 1, "without the filter, the other figures too"


@pytest.mark.parametrize("path", LISTS)
def test_a_release_without_figures_there_matches_nothing(release, api, clock, path):
    clock.move_to(AFTER)
    assert results(api.get(f"{path}?release={release.pk}")) == []


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("value", ["999999", "0", "abc", "1.5"])
def test_a_release_that_does_not_exist_is_a_400_naming_it(release, api, path, value):
    assert_bad_parameter(api.get(f"{path}?release={value}"), "release")


def test_an_editor_previews_the_releases_figures(released, release, editor, api):
    assert results(api.get(f"/api/v1/metrics/?release={release.pk}")) == []
    (row,) = results(editor.get(f"/api/v1/metrics/?release={release.pk}&preview=true"))
    assert row["id"] == released["/api/v1/metrics/"]


@pytest.mark.parametrize(
    ("change", "word"),
    [({"release": 999999}, "999999"), ({"indicator": "unemployment_rate", "area": "07137"}, "unemployment_rate")],
)
def test_a_figure_with_a_release_that_cannot_take_it_is_a_400_naming_release(release, editor, change, word):
    body = {**STAFF_2019, "release": release.pk, **change}
    (message,) = assert_bad_parameter(editor.post("/api/v1/metrics/", body, format="json"), "release")
    assert word in message


def test_an_editor_moves_a_figure_into_a_release_with_patch(release, editor):
    figure = assert_json(editor.post("/api/v1/metrics/", STAFF_2019, format="json"), 201)
    assert figure["release"] is None
    url = f"/api/v1/metrics/{figure['id']}/"
    assert_bad_parameter(editor.patch(url, {"release": 999999}, format="json"), "release")
    # Public already (no release): it cannot go back under embargo.
    assert_bad_parameter(editor.patch(url, {"release": release.pk}, format="json"), "release")


def test_a_cancelled_release_takes_no_figures(release, editor):
    release.cancelled_at = BEFORE
    release.save()
    body = {**STAFF_2019, "release": release.pk}
    assert_bad_parameter(editor.post("/api/v1/metrics/", body, format="json"), "release")
