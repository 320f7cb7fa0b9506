"""Rule 6: `as_of` returns the data as published at the end of that day (Europe/Berlin)."""

import pytest

from tests import endpoints
from tests.bad_parameters import BAD_AS_OF
from tests.publishing.conftest import on_day

SOURCE = "kvmyk-pd-380-2017"
#: Every list that serves vintages (tests/endpoints.py).
LISTS = endpoints.names(action="list", as_of=True)


def value_of(api, pk: int, query: str) -> float:
    return api.get(f"/api/v1/metrics/{pk}/?{query}").json()["value"]


def test_old_value_is_still_returned_a_day_before_the_correction(api, editor, ids):
    with on_day(12):
        assert editor.patch("/api/v1/metrics/{rate}/".format(**ids), {"value": 3.4}, format="json").status_code == 200
    assert value_of(api, ids["rate"], "as_of=2026-01-11") == 3.3
    assert value_of(api, ids["rate"], "as_of=2026-01-12") == 3.4
    assert api.get("/api/v1/metrics/{rate}/".format(**ids)).json()["value"] == 3.4
    listed = api.get(f"/api/v1/metrics/?as_of=2026-01-11&indicator=unemployment_rate&year=2017&source={SOURCE}").json()
    assert [row["value"] for row in listed["results"]] == [3.3]


def test_as_of_ends_at_midnight_in_berlin(api, editor, ids):
    # 23:30 in Berlin on the 12th is still the 12th there (22:30 UTC).
    with on_day(12, hour=23):
        editor.patch("/api/v1/metrics/{rate}/".format(**ids), {"value": 3.4}, format="json")
    assert value_of(api, ids["rate"], "as_of=2026-01-11") == 3.3
    assert value_of(api, ids["rate"], "as_of=2026-01-12") == 3.4


@pytest.mark.parametrize("name", LISTS)
def test_a_day_before_any_data_is_an_empty_list(api, launched, name):
    path = endpoints.path(name)
    response = api.get(f"{path}?as_of=2026-01-09")
    assert response.status_code == 200, response.content
    assert response.json()["count"] == 0
    assert api.get(f"{path}?as_of=2026-01-10").json()["count"] > 0


@pytest.mark.parametrize("name", endpoints.names(as_of=True))
@pytest.mark.parametrize("bad", BAD_AS_OF)
def test_bad_as_of_is_400_naming_it(api, launched, name, bad):
    response = api.get(f"{endpoints.path(name)}?as_of={bad}")
    assert response.status_code == 400
    assert list(response.json()) == ["as_of"]


def test_years_and_series_serve_vintages_too(api, editor, ids):
    with on_day(12):
        editor.patch("/api/v1/metrics/{rate}/".format(**ids), {"value": 3.4}, format="json")
        editor.delete("/api/v1/budgets/2017/")
    assert api.get("/api/v1/years/?as_of=2026-01-09").json()["count"] == 0
    year_then = next(y for y in api.get("/api/v1/years/?as_of=2026-01-11").json()["results"] if y["year"] == 2017)
    year_now = next(y for y in api.get("/api/v1/years/").json()["results"] if y["year"] == 2017)
    assert (year_then["budgets"], year_now["budgets"]) == (1, 0)
    detail = api.get("/api/v1/years/2017/?as_of=2026-01-11").json()
    assert [c["code"] for c in detail["budgets"][0]["categories"]] == [
        "education_participation", "integration", "passive_benefits",
    ]  # fmt: skip
    assert detail["refugees"][0]["breakdowns"][0]["share_percent"] == 62
    assert next(m for m in detail["metrics"] if m["id"] == ids["rate"])["value"] == 3.3
    assert api.get("/api/v1/years/2017/?as_of=2026-01-09").status_code == 404
    series = api.get("/api/v1/indicators/unemployment_rate/series/?as_of=2026-01-11&area=07137").json()
    points = [(p["year"], p["value"]) for s in series["series"] for p in s["points"] if p["source"] == SOURCE]
    assert sorted(points) == [(2005, 10), (2017, 3.3)]
    assert api.get("/api/v1/indicators/unemployment_rate/series/?as_of=2026-01-09").status_code == 404
    assert api.get("/api/v1/indicators/unemployment_rate/series/?as_of=2026-02-30").status_code == 400


def test_filters_still_apply_with_as_of(api, editor, ids):
    with on_day(12):
        editor.patch(
            "/api/v1/metrics/{rate}/".format(**ids),
            {"period_start": "2018-01-01", "period_end": "2018-12-31"},
            format="json",
        )
    press_release = "source=kvmyk-pd-380-2017&indicator=unemployment_rate"
    then = api.get(f"/api/v1/metrics/?as_of=2026-01-11&year=2017&{press_release}").json()
    now = api.get(f"/api/v1/metrics/?year=2017&{press_release}").json()
    assert then["count"] == 1 and now["count"] == 0
    last = api.get("/api/v1/metrics/?as_of=2026-01-11&source=kvmyk-pd-380-2017&last=1&ordering=-value").json()[
        "results"
    ]
    assert [row["year"] for row in last] == [2017, 2017] and last[0]["value"] == 224


def test_deleted_record_is_back_in_an_earlier_vintage(api, editor, launched):
    with on_day(12):
        assert editor.delete("/api/v1/locations/bendorf/").status_code == 204
    assert api.get("/api/v1/locations/bendorf/").status_code == 404
    assert api.get("/api/v1/locations/bendorf/?as_of=2026-01-11").json()["city"] == "Bendorf"
    assert api.get("/api/v1/locations/?as_of=2026-01-11").json()["count"] == 5
    assert api.get("/api/v1/locations/?as_of=2026-01-12").json()["count"] == 4


def test_site_facts_are_of_the_same_vintage(api, editor, launched):
    now = api.get("/api/v1/locations/bendorf/").json()["facts"]
    assert now, "the fixtures give Bendorf facts"
    with on_day(12):
        assert editor.delete("/api/v1/locations/bendorf/").status_code == 204
    assert api.get("/api/v1/locations/bendorf/?as_of=2026-01-11").json()["facts"] == now
    gone = api.get("/api/v1/locations/bendorf/?as_of=2026-01-12")
    assert gone.status_code == 404
    assert gone.json() == {"detail": "No Location matches the given query."}
    deleted = api.get("/api/v1/changes/?resource=locations/facts").json()["results"]
    assert {row["action"] for row in deleted[: len(now)]} == {"deleted"}


def test_nested_breakdowns_and_categories_are_of_the_same_vintage(api, editor, ids):
    with on_day(12):
        editor.patch("/api/v1/refugees/breakdowns/{breakdown}/".format(**ids), {"share_percent": 61}, format="json")
        category = editor.post("/api/v1/budgets/categories/", {
            "fiscal_year": 2017, "code": "rent", "parent": "passive_benefits", "name_de": "Mieten", "name_en": "Rents",
            "amount": 1, "qualifier": "exact", "source_quote": "Test sentence.",
        }, format="json")  # fmt: skip
        assert category.status_code == 201
    before = api.get("/api/v1/refugees/?as_of=2026-01-11").json()["results"][0]["breakdowns"]
    assert [b["share_percent"] for b in before] == [62]
    assert api.get("/api/v1/refugees/{caseload}/".format(**ids)).json()["breakdowns"][0]["share_percent"] == 61
    tree_then = api.get("/api/v1/budgets/2017/?as_of=2026-01-11").json()["categories"]
    passive_then = next(c for c in tree_then if c["code"] == "passive_benefits")
    assert passive_then["children"] == []
    passive_now = next(
        c for c in api.get("/api/v1/budgets/2017/").json()["categories"] if c["code"] == "passive_benefits"
    )
    assert [c["code"] for c in passive_now["children"]] == ["rent"]
    flat = api.get("/api/v1/budgets/categories/?as_of=2026-01-12&parent=passive_benefits").json()["results"]
    assert [(c["code"], c["parent"], c["fiscal_year"]) for c in flat] == [("rent", "passive_benefits", 2017)]
    breakdowns = api.get("/api/v1/refugees/breakdowns/?as_of=2026-01-11&year=2017").json()["results"]
    assert [(b["year"], b["share_percent"]) for b in breakdowns] == [(2017, 62)]


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        ("/api/v1/metrics/?as_of=2026-01-20", 4),  # data version, count, page, sources (for cite)
        ("/api/v1/refugees/?as_of=2026-01-20", 5),  # data version, count, page, sources (for cite), breakdowns
        ("/api/v1/locations/?as_of=2026-01-20", 4),  # data version, count, page, facts
        ("/api/v1/refugees/breakdowns/?as_of=2026-01-20", 4),  # data version, count, page, caseloads
        ("/api/v1/budgets/?as_of=2026-01-20", 5),  # data version, count, page, sources (for cite), categories
        ("/api/v1/budgets/categories/?as_of=2026-01-20", 4),  # data version, count, page, budgets (no parents to fetch)
    ],
)
def test_vintage_query_count_does_not_grow_with_rows(api, editor, launched, django_assert_num_queries, path, queries):
    with django_assert_num_queries(queries):
        api.get(path)
    with on_day(12):
        for n in range(3):
            editor.post("/api/v1/metrics/", {
                "indicator": "staff", "area": "07137", "period_start": f"{2030 + n}-01-01",
                "period_end": f"{2030 + n}-12-31", "value": 1, "source": "kvmyk-pd-380-2017", "source_quote": "Test.",
            }, format="json")  # fmt: skip
            caseload = editor.post("/api/v1/refugees/", {
                "year": 2030 + n, "total": 10, "source": "kvmyk-pd-380-2017", "source_quote": "Test.",
            }, format="json").json()  # fmt: skip
            editor.post("/api/v1/refugees/breakdowns/", {
                "caseload": caseload["id"], "dimension": "age_group", "group": "15-50", "count": 1,
            }, format="json")  # fmt: skip
            editor.post("/api/v1/budgets/", {
                "fiscal_year": 2030 + n, "total": 10, "source": "kvmyk-pd-380-2017", "source_quote": "Test.",
            }, format="json")  # fmt: skip
            editor.post("/api/v1/budgets/categories/", {
                "fiscal_year": 2030 + n, "code": "a", "name_de": "A", "name_en": "A", "amount": 1, "source_quote": "T.",
            }, format="json")  # fmt: skip
    with django_assert_num_queries(queries):
        api.get(path)
