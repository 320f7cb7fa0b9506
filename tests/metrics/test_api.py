"""The metrics and indicator endpoints: every filter (one match, one miss), pages, ordering, bad parameters.

Series, years, refugees and budgets: test_collections_api.py.
"""

import datetime as dt
from decimal import Decimal

import pytest

from metrics.models import Observation
from metrics.models.vocabulary import Granularity
from tests.assertions import assert_bad_parameter, assert_json, results
from tests.factories import (
    synthetic_area,
    synthetic_indicator,
    synthetic_source,
)

SOURCE = "kvmyk-pd-380-2017"
# The press release's figures: the other sources' rows are left out by this filter, so the
# expected rows below stay exact when other files of fixtures/ grow.
PRESS = f"source={SOURCE}"


def values(rows: list[dict]) -> list[int | float]:
    return [row["value"] for row in rows]


# Every figure of the press release has a distinct value, so a value names its row.
ALL_VALUES = {10, 3.3, 29000, 2132, -23.9, -11.8, -7.7, 224}


# -- metrics: filters --------------------------------------------------------------------------

METRIC_FILTERS = [
    ("indicator=unemployment_rate", {10, 3.3}),
    ("indicator=staff,unemployment_rate", {224, 10, 3.3}),
    ("indicator=syn_empty", set()),
    ("area=07137", {10, 3.3, 29000, 2132, -23.9, 224}),
    ("area=07137,07,DG&indicator=long_term_recipients_change", {-23.9, -7.7, -11.8}),
    ("area=07,DG", {-7.7, -11.8}),
    ("area=SYN01", set()),
    ("year=2016", {29000, 2132, -23.9, -11.8, -7.7}),
    ("year=1990", set()),
    ("year_min=2017", {3.3, 224}),
    ("year_min=2018", set()),
    ("year_max=2005", {10}),
    ("year_max=2004", set()),
    ("year_min=2016&year_max=2016", {29000, 2132, -23.9, -11.8, -7.7}),
    ("last=1", {3.3, 224}),
    ("last=2", ALL_VALUES - {10}),
    ("last=1&indicator=integrations_into_work", {29000, 2132}),
    ("last=1&area=DG", {-11.8}),
    ("last=1&year=1990", set()),
    ("granularity=span", {29000}),
    ("granularity=year", ALL_VALUES - {29000}),
    ("granularity=month", set()),
    ("qualifier=more_than", {29000}),
    ("qualifier=nearly", {10}),
    ("qualifier=less_than", set()),
    ("value_kind=point_in_time", {3.3, 224}),
    ("value_kind=period_total", {29000, 2132}),
    ("value_kind=change", {-23.9, -11.8, -7.7}),
    ("value_kind=not_stated", {10}),
    ("value_kind=annual_average", set()),
    (f"source={SOURCE}", ALL_VALUES),
    ("source=syn-empty", set()),
]


@pytest.mark.parametrize(("query", "expected"), METRIC_FILTERS)
def test_metrics_filter_keeps_exactly_the_matching_rows(api, empty_codes, query, expected):
    press = "" if query.startswith("source=") else f"{PRESS}&"
    assert set(values(results(api.get(f"/api/v1/metrics/?{press}{query}")))) == expected


# Filters on the other sources' figures (fixtures/labour-market-2013-2025.json): month periods.
OTHER_SOURCE_FILTERS = [
    ("source=blick-aktuell-2013-10-30&indicator=unemployment_rate", {4.5}),
    ("source=blick-aktuell-2013-10-30&granularity=month&year=2013", {5101, 4.5}),
    ("source=blick-aktuell-2013-10-30&granularity=year", set()),
    ("source=blick-aktuell-2013-10-30,blick-aktuell-2013-08-29&indicator=unemployment_rate", {4.5, 4.8, 5.1}),
    ("indicator=unemployment_rate&year=2017", {3.3, 3.5}),
    ("indicator=unemployment_rate&year=2017&value_kind=annual_average", {3.5}),
    ("indicator=unemployment_rate&year=2017&value_kind=point_in_time", {3.3}),
    ("indicator=unemployed&value_kind=annual_average", {4269}),
]


@pytest.mark.parametrize(("query", "expected"), OTHER_SOURCE_FILTERS)
def test_metrics_filters_on_other_sources(api, published, query, expected):
    assert set(values(results(api.get(f"/api/v1/metrics/?{query}")))) == expected


def test_metrics_without_filters_list_every_published_figure(api, published):
    body = assert_json(api.get("/api/v1/metrics/?limit=1000"), 200)
    assert body["count"] == Observation.objects.count() > 8
    assert ALL_VALUES <= set(values(body["results"]))


def test_metrics_last_keeps_latest_years_of_the_filtered_rows_not_of_all_rows(api, published):
    # The latest year of all data is 2017; for the federal area it is 2016.
    rows = results(api.get(f"/api/v1/metrics/?{PRESS}&area=DG&last=1"))
    assert [row["year"] for row in rows] == [2016]


def test_metrics_values_are_json_numbers(api, published):
    response = api.get(f"/api/v1/metrics/?{PRESS}&ordering=value")
    assert b'"value":-23.9,' in response.content
    assert b'"value":29000,' in response.content
    assert values(results(response)) == [-23.9, -11.8, -7.7, 3.3, 10, 224, 2132, 29000]


@pytest.mark.parametrize(
    ("ordering", "key"),
    [
        ("value", lambda row: (row["value"], row["id"])),
        ("-value", lambda row: (-row["value"], row["id"])),
        ("year", lambda row: (row["year"], row["id"])),
        ("-year", lambda row: (-row["year"], row["id"])),
        ("area,-year", lambda row: (row["area"], -row["year"], row["id"])),
        ("indicator", lambda row: (row["indicator"], row["id"])),
        ("period_start", lambda row: (row["period_start"], row["id"])),
        ("-period_end", lambda row: (-int(row["period_end"].replace("-", "")), row["id"])),
        ("-id", lambda row: -row["id"]),
    ],
)
def test_metrics_ordering_sorts_with_id_as_tie_breaker(api, published, ordering, key):
    rows = results(api.get(f"/api/v1/metrics/?ordering={ordering}&limit=1000"))
    assert len(rows) == Observation.objects.count()
    assert rows == sorted(rows, key=key)


@pytest.mark.parametrize("ordering", ["year", "-year", "area", "indicator", None])
def test_metrics_pages_never_overlap(api, published, ordering):
    query = f"ordering={ordering}&" if ordering else ""
    full = [row["id"] for row in results(api.get(f"/api/v1/metrics/?{query}limit=1000"))]
    paged = []
    for offset in range(0, len(full), 3):
        paged += [row["id"] for row in results(api.get(f"/api/v1/metrics/?{query}limit=3&offset={offset}"))]
    assert paged == full
    assert sorted(paged) == sorted(set(paged))


def test_metrics_pagination_links_and_counts(api, published):
    body = assert_json(api.get(f"/api/v1/metrics/?{PRESS}&limit=3&offset=3"), 200)
    assert body["count"] == 8
    assert len(body["results"]) == 3
    assert "limit=3" in body["next"] and "offset=6" in body["next"]
    assert "limit=3" in body["previous"]
    following = results(api.get(f"/api/v1/metrics/?{PRESS}&limit=3&offset=6"))
    assert values(results(api.get(body["next"]))) == values(following)


def test_metrics_limit_is_capped_at_1000(api, db):
    indicator, source, area = synthetic_indicator(), synthetic_source(), synthetic_area("SYN01")
    Observation.objects.bulk_create(
        Observation(
            indicator=indicator,
            area=area,
            period_start=dt.date(1900 + i // 12, i % 12 + 1, 1),
            period_end=dt.date(1900 + i // 12, i % 12 + 1, 28),
            year=1900 + i // 12,
            granularity=Granularity.SPAN,
            unit=indicator.unit,
            value=Decimal(i),
            source=source,
            source_quote="synthetic",
        )
        for i in range(1001)
    )
    body = assert_json(api.get("/api/v1/metrics/?limit=5000"), 200)
    assert body["count"] == 1001
    assert len(body["results"]) == 1000
    assert "limit=1000" in body["next"]
    assert len(results(api.get("/api/v1/metrics/"))) == 100


# -- metrics: bad parameters (the table of 400s is tests/bad_parameters.py) ------------------


def test_unknown_code_message_names_the_unknown_code(api, published):
    (message,) = assert_bad_parameter(api.get("/api/v1/metrics/?area=07137,XX,YY"), "area")
    assert "XX" in message and "YY" in message and "07137" not in message


def test_two_bad_parameters_are_both_named(api, published):
    response = api.get("/api/v1/metrics/?year=abc&area=XX")
    assert set(assert_json(response, 400)) == {"year", "area"}


def test_unknown_parameter_message_lists_the_allowed_ones(api, published):
    (message,) = assert_bad_parameter(api.get("/api/v1/metrics/?yaer=2016"), "yaer")
    assert "year" in message and "year_min" in message


def test_limit_and_offset_at_their_bounds_are_accepted(api, published):
    assert results(api.get("/api/v1/metrics/?offset=1000000000")) == []
    assert len(results(api.get("/api/v1/metrics/?limit=1"))) == 1
    assert len(results(api.get(f"/api/v1/metrics/?{PRESS}&limit=1000"))) == 8


def test_format_json_is_accepted(api, published):
    assert len(results(api.get(f"/api/v1/metrics/?{PRESS}&format=json"))) == 8


# -- metrics: detail ---------------------------------------------------------------------------


def test_metric_detail_equals_its_list_row(api, published):
    for row in results(api.get("/api/v1/metrics/")):
        assert assert_json(api.get(f"/api/v1/metrics/{row['id']}/"), 200) == row


def test_metric_row_has_the_designed_fields(api, published):
    (row,) = results(api.get("/api/v1/metrics/?indicator=integrations_into_work&granularity=span"))
    assert row == {
        "id": row["id"],
        "indicator": "integrations_into_work",
        "area": "07137",
        "year": 2016,
        "period_start": "2005-01-01",
        "period_end": "2016-12-31",
        "granularity": "span",
        "value": 29000,
        "unit": "persons",
        "qualifier": "more_than",
        "value_kind": "period_total",
        "status": "final",
        "release": None,
        "derived": False,
        "source": SOURCE,
        "source_quote": row["source_quote"],
        "note": row["note"],
        "permalink": row["permalink"],
        "cite": row["cite"],
    }
    assert row["permalink"].endswith(f"/api/v1/metrics/{row['id']}/")
    assert row["cite"]["publisher"] == "Kreisverwaltung Mayen-Koblenz"
    assert row["cite"]["permalink"] == row["permalink"]


@pytest.mark.parametrize("query", ["lang=en", "format=json"])
def test_metric_detail_accepts_global_parameters(api, published, query):
    pk = Observation.objects.first().pk
    assert_json(api.get(f"/api/v1/metrics/{pk}/?{query}"), 200)


# -- indicators ------------------------------------------------------------------------------


def test_indicators_list_the_catalogue(api, published):
    rows = results(api.get("/api/v1/indicators/"))
    codes = [row["code"] for row in rows]
    assert codes == sorted(codes)
    assert {"integrations_into_work", "long_term_recipients_change", "staff", "unemployment_rate"} <= set(codes)
    assert set(rows[0]) == {
        "code", "name", "name_de", "name_en", "unit", "definition", "definition_de", "definition_en", "legal_basis",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "unit=percent_change",
            ["benefit_households_change", "employable_beneficiaries_change", "long_term_recipients_change"],
        ),
        ("unit=EUR", []),
    ],
)
def test_indicators_filter_by_unit(api, published, query, expected):
    assert [row["code"] for row in results(api.get(f"/api/v1/indicators/?{query}"))] == expected


def test_indicator_detail_in_german_by_default_and_english_on_request(api, published):
    german = assert_json(api.get("/api/v1/indicators/unemployment_rate/"), 200)
    assert german["name"] == "Arbeitslosenquote"
    assert "zivilen Erwerbspersonen" in german["definition"]
    assert german["unit"] == "percent"
    english = assert_json(api.get("/api/v1/indicators/unemployment_rate/?lang=en"), 200)
    assert english["name"] == "Unemployment rate"
    assert "civilian labour force" in english["definition"]
    by_header = api.get("/api/v1/indicators/unemployment_rate/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert assert_json(by_header, 200)["name"] == "Unemployment rate"
    assert by_header["Content-Language"] == "en"
    assert "Accept-Language" in by_header["Vary"]
    both = api.get("/api/v1/indicators/unemployment_rate/?lang=de", HTTP_ACCEPT_LANGUAGE="en")
    assert assert_json(both, 200)["name"] == "Arbeitslosenquote"


def test_long_term_recipients_definition_is_the_official_one(api, published):
    indicator = assert_json(api.get("/api/v1/indicators/long_term_recipients_change/"), 200)
    assert "in den vergangenen 24 Monaten mindestens 21 Monate" in indicator["definition_de"]
    assert "48a SGB II" in indicator["legal_basis"]
    assert "K3" in indicator["legal_basis"]
